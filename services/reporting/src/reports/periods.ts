import { DateTime } from 'luxon';
import { PROGRAMME_TIME_ZONE } from '@deelwijs/contracts';

// Periods themselves (2026, 2026-Q3, 2026-07) are parsed by `parsePeriod` from @deelwijs/contracts;
// these are the dates a report prints and the ranges a programme's definition gives.

/**
 * Remembers a pure function's answers. Time zone arithmetic in luxon costs tens of microseconds
 * a call and a report asks the same few dates hundreds of times (issue 13's profile: most of the
 * report's CPU); the answers never change, and there are few distinct questions (a programme's
 * period, its indicators' periods, report dates), so a bounded map that starts over when full.
 */
function remembered<T>(compute: (key: string) => T, limit = 10_000): (key: string) => T {
  const answers = new Map<string, T>();
  return (key) => {
    const known = answers.get(key);
    if (known !== undefined) {
      return known;
    }
    if (answers.size >= limit) {
      answers.clear();
    }
    const answer = compute(key);
    answers.set(key, answer);
    return answer;
  };
}

const rangeOf = remembered((key) => {
  const [start, end] = key.split('|');
  return {
    start: DateTime.fromISO(start, { zone: PROGRAMME_TIME_ZONE }).toMillis(),
    end: DateTime.fromISO(end, { zone: PROGRAMME_TIME_ZONE }).plus({ days: 1 }).toMillis(),
  };
});

/** A definition's inclusive date range as instants: [start 00:00, day after end 00:00). */
export function dateRange(range: { start: string; end: string }): { start: Date; end: Date } {
  const instants = rangeOf(`${range.start}|${range.end}`);
  return { start: new Date(instants.start), end: new Date(instants.end) };
}

const lastDayOf = remembered((key) => DateTime.fromMillis(Number(key), { zone: PROGRAMME_TIME_ZONE }).minus({ days: 1 }).toISODate()!);

/** The last day of a period (inclusive), as the reports print it. */
export function lastDay(end: Date): string {
  return lastDayOf(String(end.getTime()));
}

const localDateOf = remembered((key) => DateTime.fromMillis(Number(key), { zone: PROGRAMME_TIME_ZONE }).toISODate()!);

export function localDate(moment: Date): string {
  return localDateOf(String(moment.getTime()));
}

const localDayOf = remembered((key) => {
  const day = DateTime.fromMillis(Number(key), { zone: PROGRAMME_TIME_ZONE }).startOf('day');
  return { start: day.toMillis(), end: day.plus({ days: 1 }).toMillis() };
});

/** The local day (programme time zone) an instant falls in: [its midnight, the next midnight). */
export function localDay(moment: Date): { start: Date; end: Date } {
  const day = localDayOf(String(moment.getTime()));
  return { start: new Date(day.start), end: new Date(day.end) };
}
