import { parsePeriod, periodsOf } from './period';

describe('periods', () => {
  it('reads years, quarters and months', () => {
    expect(parsePeriod('2026')).toEqual({ key: '2026', from: '2026-01-01', to: '2027-01-01' });
    expect(parsePeriod('2026-Q4')).toEqual({ key: '2026-Q4', from: '2026-10-01', to: '2027-01-01' });
    expect(parsePeriod('2026-03')).toEqual({ key: '2026-03', from: '2026-03-01', to: '2026-04-01' });
  });

  it('refuses anything else', () => {
    for (const bad of ['26', '2026-Q5', '2026-13', '2026-Q1-01', '']) {
      expect(parsePeriod(bad)).toBeUndefined();
    }
  });

  it('places an instant in Dutch local time: New Year in Zwolle is still the old year in UTC', () => {
    expect(periodsOf(new Date('2025-12-31T23:30:00Z'))).toEqual({ year: '2026', quarter: '2026-Q1', month: '2026-01' });
    expect(periodsOf(new Date('2026-05-10T10:00:00Z'))).toEqual({ year: '2026', quarter: '2026-Q2', month: '2026-05' });
  });
});
