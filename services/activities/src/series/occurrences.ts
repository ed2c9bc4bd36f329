import { DateTime } from 'luxon';
import { RRule } from 'rrule';
import { amsterdamWallClock } from '@deelwijs/platform';
import { PROGRAMME_ZONE } from '../shared/amsterdam-time';

export const MAX_OCCURRENCES = 366;

export class RecurrenceError extends Error {}

/**
 * The start instants of a series. RRULE is read in Amsterdam wall-clock time: "every Tuesday
 * at 19:30" stays 19:30 across the switch to and from summer time, which expanding in UTC
 * would shift by an hour.
 */
export function occurrences(rule: string, firstStart: Date): Date[] {
  let options;
  try {
    options = RRule.parseString(rule.replace(/^RRULE:/i, ''));
  } catch (error) {
    throw new RecurrenceError(`rrule cannot be read: ${(error as Error).message}`);
  }
  if (!options.freq && options.freq !== 0) {
    throw new RecurrenceError('rrule needs FREQ, for example FREQ=WEEKLY;COUNT=10');
  }
  if (!options.count && !options.until) {
    throw new RecurrenceError(`rrule needs COUNT or UNTIL (at most ${MAX_OCCURRENCES} occurrences)`);
  }
  if (options.dtstart || options.tzid) {
    throw new RecurrenceError(
      'rrule must not carry DTSTART or TZID: the series starts at firstStartsAt, in Europe/Amsterdam',
    );
  }
  const local = DateTime.fromJSDate(firstStart, { zone: PROGRAMME_ZONE });
  // rrule computes in "floating" time written as UTC fields; convert back per occurrence.
  const floatingStart = new Date(
    Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second),
  );
  const until = options.until
    ? (() => {
        const end = DateTime.fromJSDate(options.until, { zone: PROGRAMME_ZONE });
        return new Date(Date.UTC(end.year, end.month - 1, end.day, end.hour, end.minute, end.second));
      })()
    : undefined;
  const rrule = new RRule({ ...options, dtstart: floatingStart, until, count: options.count ?? undefined });
  const floating = rrule.all((_date, index) => index < MAX_OCCURRENCES + 1);
  if (floating.length > MAX_OCCURRENCES) {
    throw new RecurrenceError(`rrule yields more than ${MAX_OCCURRENCES} occurrences`);
  }
  // An occurrence in the spring gap or autumn overlap follows the README's rule (amsterdamWallClock).
  return floating.map((date) =>
    amsterdamWallClock({
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
    }),
  );
}
