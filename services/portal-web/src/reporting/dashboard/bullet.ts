import type { IndicatorReport, TargetKind } from '../reporting-api';

/**
 * One indicator as a bullet chart: the scale split into three bands (short of the floor,
 * within the target, beyond the cap), the target's marks, the actual and what is planned. A
 * cap (at most) has no "short" band, a floor (at least) no "beyond" band, an exact target a
 * single mark with "short" below and "beyond" above, a range both. Lengths are in the
 * indicator's own unit; the chart scales each row by `scaleMax`.
 */
export interface BulletRow {
  kind: TargetKind;
  scaleMax: number;
  bands: { short: number; within: number; beyond: number };
  /** The target's values on the scale: one, or a range's lower and upper bound. */
  marks: number[];
  actual: number;
  planned: number;
}

/** Room beyond the largest value, so a mark at the end stays visible. */
const HEADROOM = 1.15;

export function bulletRow(indicator: Pick<IndicatorReport, 'target' | 'actual' | 'pipeline'>): BulletRow {
  const { kind, value } = indicator.target;
  const upper = kind === 'between' ? Math.max(indicator.target.max ?? value, value) : value;
  const planned = indicator.pipeline ?? 0;
  const largest = Math.max(upper, indicator.actual + planned, indicator.actual, 1);
  const scaleMax = Math.ceil(largest * HEADROOM);
  switch (kind) {
    case 'at-most':
      return {
        kind,
        scaleMax,
        bands: { short: 0, within: value, beyond: scaleMax - value },
        marks: [value],
        actual: indicator.actual,
        planned,
      };
    case 'at-least':
      return {
        kind,
        scaleMax,
        bands: { short: value, within: scaleMax - value, beyond: 0 },
        marks: [value],
        actual: indicator.actual,
        planned,
      };
    case 'exactly':
      return {
        kind,
        scaleMax,
        bands: { short: value, within: 0, beyond: scaleMax - value },
        marks: [value],
        actual: indicator.actual,
        planned,
      };
    case 'between':
      return {
        kind,
        scaleMax,
        bands: { short: value, within: upper - value, beyond: scaleMax - upper },
        marks: value === upper ? [value] : [value, upper],
        actual: indicator.actual,
        planned,
      };
  }
}

/** The same row as shares of its scale (0..1), for one chart holding indicators of different units. */
export function normalised(row: BulletRow): BulletRow {
  const share = (amount: number) => amount / row.scaleMax;
  return {
    ...row,
    scaleMax: 1,
    bands: {
      short: share(row.bands.short),
      within: share(row.bands.within),
      beyond: share(row.bands.beyond),
    },
    marks: row.marks.map(share),
    actual: share(row.actual),
    planned: share(row.planned),
  };
}

/** The height of a bullet chart of `rows` indicators: its legend, then a row each. */
export function bulletChartHeight(rows: number): number {
  return 72 + rows * 56;
}
