import { parsePeriod, periodsOf } from '@deelwijs/contracts';
import { currentPeriods } from '../snapshots/snapshots.service';
import { dateRange, lastDay, localDate } from './periods';

describe('reporting periods', () => {
  it('are years, quarters and months in Dutch time', () => {
    expect(parsePeriod('2026-Q3')).toEqual({
      id: '2026-Q3',
      start: new Date('2026-06-30T22:00:00Z'),
      end: new Date('2026-09-30T22:00:00Z'),
      from: '2026-07-01',
      to: '2026-10-01',
    });
    expect(parsePeriod('2026')?.end).toEqual(new Date('2026-12-31T23:00:00Z'));
    expect(parsePeriod('2026-02')?.start).toEqual(new Date('2026-01-31T23:00:00Z'));
    expect(parsePeriod('2026-Q5')).toBeUndefined();
    expect(parsePeriod('2026-13')).toBeUndefined();
  });

  it('a moment just after midnight on 1 October in Amsterdam is in Q4', () => {
    expect(periodsOf(new Date('2026-09-30T22:30:00Z')).quarter).toBe('2026-Q4');
  });

  it('a definition gives whole Dutch days; a report prints the last day of a period and the day of a moment', () => {
    expect(dateRange({ start: '2026-01-01', end: '2026-06-30' })).toEqual({
      start: new Date('2025-12-31T23:00:00Z'),
      end: new Date('2026-06-30T22:00:00Z'),
    });
    expect(lastDay(parsePeriod('2026-Q3')!.end)).toBe('2026-09-30');
    expect(localDate(new Date('2026-09-30T22:30:00Z'))).toBe('2026-10-01');
  });

  it('snapshots cover the running quarter and the year, within the programme', () => {
    const programme = { period: { start: '2026-01-01', end: '2026-12-31' } } as never;
    expect(currentPeriods(programme, new Date('2026-05-10T12:00:00Z'))).toEqual(['2026-Q2', '2026']);
    expect(currentPeriods(programme, new Date('2027-03-01T12:00:00Z'))).toEqual(['2026-Q4', '2026']);
  });
});
