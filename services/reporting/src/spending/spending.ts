import { DateTime } from 'luxon';
import { PROGRAMME_TIME_ZONE } from '@deelwijs/contracts';
import type { MonthSpending } from './spending.repository';

export interface BurnUpPoint {
  /** YYYY-MM */
  month: string;
  /** Spent by activities that started up to the end of this month (and before the report date). */
  spentCents: number;
  /** Spent plus committed (planned cost of activities still to be held) up to the end of this month. */
  forecastCents: number;
}

/** The months of a programme's period, YYYY-MM, in order (Amsterdam calendar). */
export function monthsOf(period: { start: string; end: string }): string[] {
  const months: string[] = [];
  let month = DateTime.fromISO(period.start, { zone: PROGRAMME_TIME_ZONE }).startOf('month');
  const last = DateTime.fromISO(period.end, { zone: PROGRAMME_TIME_ZONE }).startOf('month');
  while (month <= last) {
    months.push(month.toFormat('yyyy-MM'));
    month = month.plus({ months: 1 });
  }
  return months;
}

/**
 * Running totals per month over the whole period: a burn-up. Months without activities carry
 * the total before them, so the last point equals the report's spent and spent + committed.
 */
export function burnUp(months: string[], spending: Omit<MonthSpending, 'prestatieCode'>[]): BurnUpPoint[] {
  const byMonth = new Map(spending.map((row) => [row.month, row]));
  let spent = 0;
  let forecast = 0;
  return months.map((month) => {
    const row = byMonth.get(month);
    spent += row?.spentCents ?? 0;
    forecast += (row?.spentCents ?? 0) + (row?.committedCents ?? 0);
    return { month, spentCents: spent, forecastCents: forecast };
  });
}
