import { describe, expect, it } from 'vitest';
import { bulletRow, normalised } from './bullet';

describe('a target as a bullet chart', () => {
  it('draws a cap (at most) as allowed up to it and beyond it, with no short band', () => {
    const row = bulletRow({ target: { kind: 'at-most', value: 50 }, actual: 37, pipeline: 5 });
    expect(row.bands).toEqual({ short: 0, within: 50, beyond: row.scaleMax - 50 });
    expect(row.marks).toEqual([50]);
    expect(row.scaleMax).toBe(58);
    expect(row).toMatchObject({ actual: 37, planned: 5 });
  });

  it('draws a floor (at least) as short below it and reached above it, with no beyond band', () => {
    const row = bulletRow({ target: { kind: 'at-least', value: 2 }, actual: 1 });
    expect(row.bands).toEqual({ short: 2, within: row.scaleMax - 2, beyond: 0 });
    expect(row.marks).toEqual([2]);
    expect(row.planned).toBe(0);
  });

  it('draws an exact target as one mark, short below and beyond above', () => {
    const row = bulletRow({ target: { kind: 'exactly', value: 10 }, actual: 10, pipeline: 0 });
    expect(row.bands).toEqual({ short: 10, within: 0, beyond: row.scaleMax - 10 });
    expect(row.marks).toEqual([10]);
  });

  it('draws a range as short, within and beyond, with a mark at each bound', () => {
    const row = bulletRow({ target: { kind: 'between', value: 20, max: 30 }, actual: 25 });
    expect(row.bands).toEqual({ short: 20, within: 10, beyond: row.scaleMax - 30 });
    expect(row.marks).toEqual([20, 30]);
  });

  it('makes the scale long enough for an actual plus planned far beyond the target', () => {
    const row = bulletRow({ target: { kind: 'at-most', value: 10 }, actual: 30, pipeline: 10 });
    expect(row.scaleMax).toBeGreaterThanOrEqual(40);
    expect(row.bands.short + row.bands.within + row.bands.beyond).toBe(row.scaleMax);
  });

  it('keeps a scale when target and actual are both zero', () => {
    const row = bulletRow({ target: { kind: 'at-least', value: 0 }, actual: 0 });
    expect(row.scaleMax).toBeGreaterThan(0);
  });

  it('scales a row to shares of one, bands adding up to the whole', () => {
    const row = normalised(
      bulletRow({ target: { kind: 'between', value: 20, max: 30 }, actual: 23, pipeline: 4 }),
    );
    expect(row.bands.short + row.bands.within + row.bands.beyond).toBeCloseTo(1);
    expect(row.marks[1]).toBeCloseTo(30 / 35);
    expect(row.actual).toBeCloseTo(23 / 35);
  });
});
