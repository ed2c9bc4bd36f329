import { DateTime } from 'luxon';

/** Dates in the programme are Dutch calendar dates: a day starts at midnight in Amsterdam. */
export const ZONE = 'Europe/Amsterdam';

export interface ReportingPeriod {
  /** "2026", "2026-Q3" or "2026-07". */
  id: string;
  start: Date;
  /** Exclusive. */
  end: Date;
}

export const PERIOD_PATTERN = /^([0-9]{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/;

export function parsePeriod(id: string): ReportingPeriod | undefined {
  const match = PERIOD_PATTERN.exec(id);
  if (!match) {
    return undefined;
  }
  const year = Number(match[1]);
  const start = match[2]
    ? DateTime.fromObject({ year, month: (Number(match[2]) - 1) * 3 + 1, day: 1 }, { zone: ZONE })
    : DateTime.fromObject({ year, month: match[3] ? Number(match[3]) : 1, day: 1 }, { zone: ZONE });
  const end = start.plus(match[2] ? { months: 3 } : match[3] ? { months: 1 } : { years: 1 });
  return { id, start: start.toJSDate(), end: end.toJSDate() };
}

/** A definition's inclusive date range as instants: [start 00:00, day after end 00:00). */
export function dateRange(range: { start: string; end: string }): { start: Date; end: Date } {
  return {
    start: DateTime.fromISO(range.start, { zone: ZONE }).toJSDate(),
    end: DateTime.fromISO(range.end, { zone: ZONE }).plus({ days: 1 }).toJSDate(),
  };
}

/** The quarter that holds the moment, as a period id. */
export function quarterOf(moment: Date): string {
  const local = DateTime.fromJSDate(moment, { zone: ZONE });
  return `${local.year}-Q${local.quarter}`;
}

/** The last day of a period (inclusive), as the reports print it. */
export function lastDay(end: Date): string {
  return DateTime.fromJSDate(end, { zone: ZONE }).minus({ days: 1 }).toISODate()!;
}

export function localDate(moment: Date): string {
  return DateTime.fromJSDate(moment, { zone: ZONE }).toISODate()!;
}
