/** Latency summaries and the plain-text tables the benchmark prints. */

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles (no interpolation: every reported value is one that was measured). */
export function summarize(values: readonly number[]): LatencySummary | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const sorted = Float64Array.from(values).sort();
  const rank = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  let sum = 0;
  for (const value of sorted) {
    sum += value;
  }
  return {
    count: sorted.length,
    p50: round(rank(50)),
    p95: round(rank(95)),
    p99: round(rank(99)),
    max: round(sorted[sorted.length - 1]),
    mean: round(sum / sorted.length),
  };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** `system / baseline` as text such as "3.41x"; a dash when either side is missing or zero. */
export function ratio(system: number | undefined, baseline: number | undefined): string {
  if (
    system === undefined ||
    baseline === undefined ||
    baseline === 0 ||
    !Number.isFinite(system / baseline)
  ) {
    return '-';
  }
  return `${(system / baseline).toFixed(2)}x`;
}

export function formatNumber(value: number | undefined, digits = 2): string {
  return value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}

/** Left-aligns the first column and right-aligns the others. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ');
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
