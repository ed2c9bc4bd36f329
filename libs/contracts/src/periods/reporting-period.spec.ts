import { parsePeriod, periodsOf } from './reporting-period';

describe('reporting periods', () => {
  it('reads a year, a quarter and a month as Amsterdam calendar ranges', () => {
    expect(parsePeriod('2026')).toMatchObject({ from: '2026-01-01', to: '2027-01-01' });
    expect(parsePeriod('2026-Q4')).toMatchObject({ from: '2026-10-01', to: '2027-01-01' });
    expect(parsePeriod('2026-12')).toMatchObject({ from: '2026-12-01', to: '2027-01-01' });
    // Midnight in Amsterdam: CET in winter, CEST in summer.
    expect(parsePeriod('2026')!.start.toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(parsePeriod('2026-Q3')!.start.toISOString()).toBe('2026-06-30T22:00:00.000Z');
  });

  it('refuses what is not a period', () => {
    for (const id of ['26', '2026-Q5', '2026-13', '2026-1', '2026-Q1-01', '']) {
      expect(parsePeriod(id)).toBeUndefined();
    }
  });

  it('places an instant in its Dutch year, quarter and month', () => {
    // 23:30 UTC on 31 December is already 1 January in Amsterdam.
    expect(periodsOf(new Date('2026-12-31T23:30:00Z'))).toEqual({ year: '2027', quarter: '2027-Q1', month: '2027-01' });
    expect(periodsOf(new Date('2026-06-30T21:59:00Z'))).toEqual({ year: '2026', quarter: '2026-Q2', month: '2026-06' });
  });
});
