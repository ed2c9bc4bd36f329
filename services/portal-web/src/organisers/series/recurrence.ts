import { RRule } from 'rrule';
import { amsterdamIso, amsterdamParts } from '../../i18n/format';

/**
 * A recurrence as people describe it ("every two weeks on Tuesday and Thursday, ten times"),
 * the RRULE the series API takes for it, and the dates it gives. The dates are expanded with
 * the same library and the same reading as the activities service (Amsterdam wall-clock time:
 * 19:30 stays 19:30 across the switch to summer time), so the preview is what will be planned.
 */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const MAX_OCCURRENCES = 366;

export interface Recurrence {
  frequency: 'DAILY' | 'WEEKLY' | 'MONTHLY';
  interval: number;
  weekdays: Weekday[];
  end: 'count' | 'until';
  count: number;
  /** Last day (inclusive), YYYY-MM-DD. */
  until: string;
}

export function toRrule(recurrence: Recurrence): string {
  const parts = [`FREQ=${recurrence.frequency}`];
  if (recurrence.interval > 1) {
    parts.push(`INTERVAL=${recurrence.interval}`);
  }
  if (recurrence.frequency === 'WEEKLY' && recurrence.weekdays.length > 0) {
    parts.push(`BYDAY=${WEEKDAYS.filter((day) => recurrence.weekdays.includes(day)).join(',')}`);
  }
  if (recurrence.end === 'count') {
    parts.push(`COUNT=${recurrence.count}`);
  } else {
    // The end of the last day in Amsterdam, written in UTC as RFC 5545 wants.
    const instant = new Date(amsterdamIso(recurrence.until, '23:59'));
    parts.push(
      `UNTIL=${instant
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '')}`,
    );
  }
  return parts.join(';');
}

/** Wall-clock fields written as UTC ("floating" time), as rrule computes. */
function floating(date: string, time: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  return new Date(Date.UTC(year, month - 1, day, hour, minute));
}

export interface Occurrences {
  /** Start of each occurrence, ISO 8601 with the Amsterdam offset. */
  starts: string[];
  tooMany: boolean;
}

/** The occurrences a series starting on firstDate at time gets, as the API will plan them. */
export function occurrencesOf(recurrence: Recurrence, firstDate: string, time: string): Occurrences {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(firstDate) || !/^\d{2}:\d{2}$/.test(time)) {
    return { starts: [], tooMany: false };
  }
  if (recurrence.end === 'until' && !/^\d{4}-\d{2}-\d{2}$/.test(recurrence.until)) {
    return { starts: [], tooMany: false };
  }
  const options = RRule.parseString(toRrule(recurrence));
  const until = options.until
    ? floating(amsterdamParts(options.until).date, amsterdamParts(options.until).time)
    : undefined;
  const rule = new RRule({
    ...options,
    dtstart: floating(firstDate, time),
    until,
    count: options.count ?? undefined,
  });
  const dates = rule.all((_date, index) => index < MAX_OCCURRENCES + 1);
  return {
    starts: dates
      .slice(0, MAX_OCCURRENCES)
      .map((date) => amsterdamIso(date.toISOString().slice(0, 10), date.toISOString().slice(11, 16))),
    tooMany: dates.length > MAX_OCCURRENCES,
  };
}
