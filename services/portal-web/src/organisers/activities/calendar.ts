import { addDays, amsterdamParts, weekdayIndex } from '../../i18n/format';
import type { Activity } from '../../api/activities';

export interface CalendarDay {
  date: string;
  inPeriod: boolean;
  activities: Activity[];
}

/** The days a month view shows: whole weeks, Monday first, from the week of the 1st to that of the last. */
export function monthDays(anyDate: string): {
  first: string;
  afterLast: string;
  days: string[];
  month: string;
} {
  const month = anyDate.slice(0, 7);
  const firstOfMonth = `${month}-01`;
  const start = addDays(firstOfMonth, -weekdayIndex(firstOfMonth));
  const [year, monthNumber] = month.split('-').map(Number);
  const firstOfNext = new Date(Date.UTC(year, monthNumber, 1)).toISOString().slice(0, 10);
  const lastOfMonth = addDays(firstOfNext, -1);
  const end = addDays(lastOfMonth, 6 - weekdayIndex(lastOfMonth));
  const days: string[] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) {
    days.push(day);
  }
  return { first: start, afterLast: addDays(end, 1), days, month };
}

export function weekDays(anyDate: string): { first: string; afterLast: string; days: string[] } {
  const start = addDays(anyDate, -weekdayIndex(anyDate));
  const days = Array.from({ length: 7 }, (_, index) => addDays(start, index));
  return { first: start, afterLast: addDays(start, 7), days };
}

/** Activities placed on the Amsterdam date they start. */
export function placeOnDays(
  days: string[],
  activities: Activity[],
  inPeriod: (date: string) => boolean,
): CalendarDay[] {
  const byDate = new Map<string, Activity[]>();
  for (const activity of activities) {
    const date = amsterdamParts(activity.startsAt).date;
    byDate.set(date, [...(byDate.get(date) ?? []), activity]);
  }
  return days.map((date) => ({
    date,
    inPeriod: inPeriod(date),
    activities: (byDate.get(date) ?? []).sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
  }));
}
