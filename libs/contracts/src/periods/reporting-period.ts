import { DateTime } from 'luxon';

/** Dates in a programme are Dutch calendar dates: a day starts at midnight in Amsterdam. */
export const PROGRAMME_TIME_ZONE = 'Europe/Amsterdam';

/** A reporting period as the province uses them: a year ("2026"), a quarter ("2026-Q3") or a month ("2026-07"). */
export const PERIOD_PATTERN = /^([0-9]{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/;

export interface ReportingPeriod {
  /** "2026", "2026-Q3" or "2026-07". */
  id: string;
  /** The first instant of the period, midnight in Amsterdam. */
  start: Date;
  /** The first instant after the period (exclusive). */
  end: Date;
  /** `start` and `end` as Amsterdam calendar dates (`end` exclusive). */
  from: string;
  to: string;
}

export function parsePeriod(id: string): ReportingPeriod | undefined {
  const match = PERIOD_PATTERN.exec(id);
  if (!match) {
    return undefined;
  }
  const year = Number(match[1]);
  const month = match[2] ? (Number(match[2]) - 1) * 3 + 1 : match[3] ? Number(match[3]) : 1;
  const start = DateTime.fromObject({ year, month, day: 1 }, { zone: PROGRAMME_TIME_ZONE });
  const end = start.plus(match[2] ? { months: 3 } : match[3] ? { months: 1 } : { years: 1 });
  return { id, start: start.toJSDate(), end: end.toJSDate(), from: start.toISODate()!, to: end.toISODate()! };
}

/** The year, quarter and month an instant falls in, in Dutch local time, as period ids. */
export function periodsOf(instant: Date): { year: string; quarter: string; month: string } {
  const local = DateTime.fromJSDate(instant, { zone: PROGRAMME_TIME_ZONE });
  const month = String(local.month).padStart(2, '0');
  return { year: String(local.year), quarter: `${local.year}-Q${local.quarter}`, month: `${local.year}-${month}` };
}
