import { DateTime } from 'luxon';
import { PROGRAMME_TIME_ZONE } from '@deelwijs/contracts';

// Periods themselves (2026, 2026-Q3, 2026-07) are parsed by `parsePeriod` from @deelwijs/contracts;
// these are the dates a report prints and the ranges a programme's definition gives.

/** A definition's inclusive date range as instants: [start 00:00, day after end 00:00). */
export function dateRange(range: { start: string; end: string }): { start: Date; end: Date } {
  return {
    start: DateTime.fromISO(range.start, { zone: PROGRAMME_TIME_ZONE }).toJSDate(),
    end: DateTime.fromISO(range.end, { zone: PROGRAMME_TIME_ZONE }).plus({ days: 1 }).toJSDate(),
  };
}

/** The last day of a period (inclusive), as the reports print it. */
export function lastDay(end: Date): string {
  return DateTime.fromJSDate(end, { zone: PROGRAMME_TIME_ZONE }).minus({ days: 1 }).toISODate()!;
}

export function localDate(moment: Date): string {
  return DateTime.fromJSDate(moment, { zone: PROGRAMME_TIME_ZONE }).toISODate()!;
}
