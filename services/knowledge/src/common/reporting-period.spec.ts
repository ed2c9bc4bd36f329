import { parsePeriod, periodsOf } from '@deelwijs/contracts';

/** The reporting periods evaluations and the network are aggregated by (from contracts), as this service relies on them. */
describe('periods', () => {
  it('reads years, quarters and months', () => {
    expect(parsePeriod('2026')).toEqual({
      id: '2026',
      from: '2026-01-01',
      to: '2027-01-01',
      start: new Date('2025-12-31T23:00:00Z'),
      end: new Date('2026-12-31T23:00:00Z'),
    });
    expect(parsePeriod('2026-Q4')).toEqual({
      id: '2026-Q4',
      from: '2026-10-01',
      to: '2027-01-01',
      start: new Date('2026-09-30T22:00:00Z'),
      end: new Date('2026-12-31T23:00:00Z'),
    });
    expect(parsePeriod('2026-03')).toEqual({
      id: '2026-03',
      from: '2026-03-01',
      to: '2026-04-01',
      start: new Date('2026-02-28T23:00:00Z'),
      end: new Date('2026-03-31T22:00:00Z'),
    });
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
