/**
 * Dates, times and amounts as people in the Netherlands read them: always in Europe/Amsterdam
 * time (the programme's), 24-hour clock, and euro amounts in Dutch notation (€ 1.180,50).
 */
export const PROGRAMME_ZONE = 'Europe/Amsterdam';
export type Language = 'nl' | 'en';

const LOCALES: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };
const formatters = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}:${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], { timeZone: PROGRAMME_ZONE, ...options });
    formatters.set(key, format);
  }
  return format;
}

/** "donderdag 12 maart 2026" */
export function formatDate(iso: string, language: Language): string {
  return dateTimeFormat(language, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(iso),
  );
}

/** "12-03-2026" (nl) or "12/03/2026" (en) */
export function formatShortDate(iso: string, language: Language): string {
  return dateTimeFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(
    new Date(iso),
  );
}

/** "19:30" */
export function formatTime(iso: string, language: Language): string {
  return dateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(iso),
  );
}

/** "do 12 mrt 2026, 19:30–21:30" */
export function formatPeriod(startsAt: string, endsAt: string, language: Language): string {
  const day = dateTimeFormat(language, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(startsAt));
  return `${day}, ${formatTime(startsAt, language)}–${formatTime(endsAt, language)}`;
}

/** "maart 2026" */
export function formatMonth(year: number, month: number, language: Language): string {
  return dateTimeFormat(language, { month: 'long', year: 'numeric' }).format(
    new Date(Date.UTC(year, month - 1, 15, 12)),
  );
}

/** Short weekday names, Monday first ("ma", "di", ...). */
export function weekdayNames(language: Language, style: 'short' | 'long' = 'short'): string[] {
  // 2026-01-05 is a Monday.
  return Array.from({ length: 7 }, (_, index) =>
    dateTimeFormat(language, { weekday: style }).format(new Date(Date.UTC(2026, 0, 5 + index, 12))),
  );
}

/** Euro cents as "€ 1.180,50": the API counts cents, people count euros. */
// Made once: building an Intl.NumberFormat costs a hundred times its format() (a dashboard of
// twenty prestaties formats some two thousand figures in one render).
const EUROS = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });
const NUMBERS = new Intl.NumberFormat('nl-NL');

export function formatEuros(cents: number): string {
  return EUROS.format(cents / 100);
}

export function formatNumber(value: number): string {
  return NUMBERS.format(value);
}

/**
 * An amount typed in euros as cents, or undefined when it is not one. Dutch notation first
 * ("1.180,50", "1180,5", "€ 1.180"); a point followed by one or two digits ("1180.50") is read
 * as a decimal point, as people used to English notation type it.
 */
export function parseEuros(text: string): number | undefined {
  const compact = text.replace(/[€\s]/g, '').replace(/^EUR/i, '');
  if (compact === '') {
    return undefined;
  }
  let normalised: string;
  if (/^\d{1,3}(\.\d{3})*(,\d{1,2})?$/.test(compact) || /^\d+(,\d{1,2})?$/.test(compact)) {
    normalised = compact.replace(/\./g, '').replace(',', '.');
  } else if (/^\d+\.\d{1,2}$/.test(compact)) {
    normalised = compact;
  } else {
    return undefined;
  }
  const cents = Math.round(Number(normalised) * 100);
  return Number.isSafeInteger(cents) ? cents : undefined;
}

/** Minutes east of UTC that Amsterdam's clock is at the given instant (60 or 120). */
export function amsterdamOffsetMinutes(instant: Date): number {
  const name = dateTimeFormat('en', { timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) {
    return 0;
  }
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

/** Amsterdam wall-clock date ("2026-03-12") and time ("19:30") as ISO 8601 with its offset. */
export function amsterdamIso(date: string, time: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let offset = amsterdamOffsetMinutes(new Date(wall));
  const corrected = amsterdamOffsetMinutes(new Date(wall - offset * 60_000));
  if (corrected !== offset) {
    offset = corrected;
  }
  return `${date}T${time}:00${offsetText(offset)}`;
}

/** The Amsterdam wall-clock date and time of an instant, as form fields hold them. */
export function amsterdamParts(iso: string | Date): { date: string; time: string } {
  const parts = dateTimeFormat('en', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(typeof iso === 'string' ? new Date(iso) : iso);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** Adds days to a "YYYY-MM-DD" date. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Monday = 0 ... Sunday = 6 of a "YYYY-MM-DD" date. */
export function weekdayIndex(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

export function todayInAmsterdam(): string {
  return amsterdamParts(new Date()).date;
}
