/** A reporting period as the province uses them: a year, a quarter or a month. */
export interface Period {
  key: string;
  /** Inclusive start and exclusive end, as local dates in Europe/Amsterdam. */
  from: string;
  to: string;
}

export const PERIOD_PATTERN = /^([0-9]{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/;

export function parsePeriod(key: string): Period | undefined {
  const match = PERIOD_PATTERN.exec(key);
  if (!match) {
    return undefined;
  }
  const year = Number(match[1]);
  const [startMonth, months] = match[2] ? [(Number(match[2]) - 1) * 3 + 1, 3] : match[3] ? [Number(match[3]), 1] : [1, 12];
  const endMonth = startMonth + months;
  const date = (y: number, m: number) => `${y + Math.floor((m - 1) / 12)}-${String(((m - 1) % 12) + 1).padStart(2, '0')}-01`;
  return { key, from: date(year, startMonth), to: date(year, endMonth) };
}

/** The year, quarter and month an instant falls in, in Dutch local time. */
export function periodsOf(instant: Date): { year: string; quarter: string; month: string } {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit' })
    .format(instant)
    .split('-');
  return { year, quarter: `${year}-Q${Math.ceil(Number(month) / 3)}`, month: `${year}-${month}` };
}
