import { describe, expect, it } from 'vitest';
import { occurrencesOf, toRrule, type Recurrence } from './recurrence';

const weekly: Recurrence = {
  frequency: 'WEEKLY',
  interval: 1,
  weekdays: ['TU'],
  end: 'count',
  count: 3,
  until: '',
};

describe('the recurrence picker', () => {
  it('writes the RRULE the series API takes', () => {
    expect(toRrule(weekly)).toBe('FREQ=WEEKLY;BYDAY=TU;COUNT=3');
    expect(toRrule({ ...weekly, interval: 2, weekdays: ['TH', 'TU'] })).toBe(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=3',
    );
    // The last day ends at 23:59 in Amsterdam: 22:59 UTC in winter.
    expect(
      toRrule({ ...weekly, frequency: 'MONTHLY', weekdays: [], end: 'until', until: '2026-12-31' }),
    ).toBe('FREQ=MONTHLY;UNTIL=20261231T225900Z');
  });

  it('keeps the wall-clock time across the switch to summer time', () => {
    expect(occurrencesOf(weekly, '2026-03-24', '19:30').starts).toEqual([
      '2026-03-24T19:30:00+01:00',
      '2026-03-31T19:30:00+02:00',
      '2026-04-07T19:30:00+02:00',
    ]);
  });

  it('ends on the last day given, that day included', () => {
    const result = occurrencesOf(
      { frequency: 'DAILY', interval: 1, weekdays: [], end: 'until', count: 0, until: '2026-05-03' },
      '2026-05-01',
      '10:00',
    );
    expect(result.starts).toEqual([
      '2026-05-01T10:00:00+02:00',
      '2026-05-02T10:00:00+02:00',
      '2026-05-03T10:00:00+02:00',
    ]);
  });

  it('plans several weekdays every other week, starting from the first matching day', () => {
    const result = occurrencesOf(
      { ...weekly, interval: 2, weekdays: ['MO', 'TH'], count: 4 },
      '2026-09-01',
      '09:00',
    );
    expect(result.starts.map((start) => start.slice(0, 10))).toEqual([
      '2026-09-03',
      '2026-09-14',
      '2026-09-17',
      '2026-09-28',
    ]);
  });

  it('says when a rule would plan more than the API accepts', () => {
    const result = occurrencesOf(
      { frequency: 'DAILY', interval: 1, weekdays: [], end: 'until', count: 0, until: '2028-01-01' },
      '2026-01-01',
      '10:00',
    );
    expect(result.tooMany).toBe(true);
  });
});
