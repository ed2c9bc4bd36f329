import { DateTime, FixedOffsetZone } from 'luxon';

/**
 * The rules every value that comes in over HTTP is held to, as plain functions: the class
 * decorators, the zod builders and the input pipe all ask these, so a rule is written once.
 */

/** The zone whose wall-clock times the programme is planned in. */
export const PROGRAMME_ZONE = 'Europe/Amsterdam';

/** The largest integer a JSON number carries exactly (2^53 - 1); beyond it two inputs read as one. */
export const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Money in euro cents: EUR 10 billion is far beyond any budget, and far inside the safe range. */
export const MAX_CENTS = 1_000_000_000_000;

/** A path parameter longer than this is no id, slug or code of ours. */
export const MAX_PATH_PARAM_LENGTH = 200;

/** Bidirectional controls (Trojan Source): they make an identifier look like another one. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** Control and format characters (NUL, escapes, zero-width and bidi marks), none of which belongs in an identifier. */
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/u;

export function hasNul(text: string): boolean {
  return text.includes('\u0000');
}

export function hasBidiControl(text: string): boolean {
  return BIDI_CONTROLS.test(text);
}

/** Free text (names, titles, descriptions) keeps any Unicode but NUL, which PostgreSQL cannot store. */
export function freeTextProblem(text: string, maxLength: number): string | undefined {
  if (hasNul(text)) {
    return 'must not contain the NUL character';
  }
  if (text.length > maxLength) {
    return `must be at most ${maxLength} characters long`;
  }
  return undefined;
}

/** An identifier, e-mail address, code or slug: no control or format characters at all. */
export function identifierProblem(text: string): string | undefined {
  if (hasNul(text)) {
    return 'must not contain the NUL character';
  }
  if (hasBidiControl(text)) {
    return 'must not contain bidirectional control characters';
  }
  if (CONTROL_OR_FORMAT.test(text)) {
    return 'must not contain control or invisible format characters';
  }
  return undefined;
}

export function safeIntegerProblem(value: unknown, min: number, max: number): string | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    return `must be a whole number from ${min} to ${max}`;
  }
  return undefined;
}

/** A number as JSON gives it: finite and, if beyond the safe range, refused (it was read inexactly). */
export function unsafeNumberProblem(value: number): string | undefined {
  if (!Number.isFinite(value) || Math.abs(value) > MAX_SAFE) {
    return `must be a number from -${MAX_SAFE} to ${MAX_SAFE}`;
  }
  return undefined;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

function realDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1000 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** A date of the calendar as YYYY-MM-DD: 2026-02-30 and 2026-13-01 are not. */
export function calendarDateProblem(value: unknown): string | undefined {
  const match = typeof value === 'string' ? CALENDAR_DATE.exec(value) : null;
  if (!match || !realDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    return 'must be a real calendar date as YYYY-MM-DD';
  }
  return undefined;
}

/**
 * An ISO 8601 date-time with an explicit offset (Z or ±hh:mm): without one it would be read
 * in some zone the client never chose.
 */
export function offsetDateTimeProblem(value: unknown): string | undefined {
  const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (!match) {
    return 'must be an ISO 8601 date-time with an offset, such as 2026-03-12T19:30:00+01:00';
  }
  const [, year, month, day, hour, minute, second, , offsetHours, offsetMinutes] = match;
  if (
    !realDate(Number(year), Number(month), Number(day)) ||
    Number(hour) > 23 ||
    Number(minute) > 59 ||
    Number(second ?? 0) > 59 ||
    Number(offsetHours ?? 0) > 14 ||
    Number(offsetMinutes ?? 0) > 59
  ) {
    return 'must be a real date and time, with an offset of at most 14 hours';
  }
  return undefined;
}

/**
 * An Amsterdam local time, written with its offset: the offset must be the one Amsterdam's
 * clocks had at that instant (or Z, a plain instant). So a wall-clock time in the spring gap
 * (02:00 to 03:00 on the last Sunday of March) does not exist and is refused, and one in the
 * autumn overlap (02:00 to 03:00 on the last Sunday of October, twice) is told apart by its
 * offset: +02:00 the first time, +01:00 the second.
 */
export function amsterdamDateTimeProblem(value: unknown): string | undefined {
  const problem = offsetDateTimeProblem(value);
  if (problem) {
    return problem;
  }
  const text = value as string;
  if (/(Z|[+-]00:00)$/.test(text)) {
    return undefined;
  }
  // The usual case, the right offset, read from the text's own fields: parsing it with luxon
  // cost more than the rest of an activity's validation.
  const [, year, month, day, hour, minute, second, , offsetHours, offsetMinutes] = DATE_TIME.exec(text)!;
  const givenOffset = (text[text.length - 6] === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  const wallMs = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second ?? 0));
  // Date.UTC reads the years 0 to 99 as 1900 to 1999: those take the long way below.
  if (Number(year) >= 100 && amsterdamOffsetMinutes(wallMs - givenOffset * 60_000) === givenOffset) {
    return undefined;
  }
  const given = DateTime.fromISO(text, { setZone: true });
  const local = given.setZone(PROGRAMME_ZONE);
  if (local.offset === given.offset) {
    return undefined;
  }
  const wall = given.toFormat("yyyy-MM-dd'T'HH:mm");
  const nominal = DateTime.fromISO(wall, { zone: PROGRAMME_ZONE });
  if (nominal.toFormat("yyyy-MM-dd'T'HH:mm") !== wall) {
    return `${wall} does not exist in ${PROGRAMME_ZONE} (the clocks skip from 02:00 to 03:00); use Z or the time after the switch`;
  }
  return `has offset ${given.toFormat('ZZ')}, but ${PROGRAMME_ZONE} is at ${local.toFormat('ZZ')} then; give Amsterdam's offset or Z`;
}

/**
 * Amsterdam's offset from UTC in minutes at an instant. Asking the zone database (Intl) is the
 * costly part of reading or writing an Amsterdam time, and every activity the API accepts or
 * shows does it: the answer is kept per UTC hour in which the offset does not change, which
 * holds for every hour but the few (before 1940) whose clocks changed at an odd minute.
 */
export function amsterdamOffsetMinutes(epochMs: number): number {
  const hour = Math.floor(epochMs / HOUR_MS);
  const known = OFFSET_BY_HOUR.get(hour);
  if (known !== undefined) {
    return known;
  }
  const offsetAt = (instant: number) => DateTime.fromMillis(instant, { zone: PROGRAMME_ZONE }).offset;
  const offset = offsetAt(epochMs);
  // A clock change inside the hour: the hour's two ends disagree, and it is not kept.
  if (offsetAt(hour * HOUR_MS) === offset && offsetAt((hour + 1) * HOUR_MS - 1) === offset) {
    if (OFFSET_BY_HOUR.size >= OFFSET_HOURS_KEPT) {
      OFFSET_BY_HOUR.clear();
    }
    OFFSET_BY_HOUR.set(hour, offset);
  }
  return offset;
}

/** An instant as Amsterdam's clocks showed it, for formatting: no zone database at each call. */
export function inAmsterdam(instant: Date): DateTime {
  return DateTime.fromJSDate(instant, { zone: FixedOffsetZone.instance(amsterdamOffsetMinutes(instant.getTime())) });
}

const HOUR_MS = 3_600_000;
/** About three years of hours: far more than a service sees, a few hundred kB at most. */
const OFFSET_HOURS_KEPT = 25_000;
const OFFSET_BY_HOUR = new Map<number, number>();

/**
 * The instant of an Amsterdam wall-clock time without an offset (a series' occurrence, read
 * from its RRULE), by the rule of RFC 5545 section 3.3.5: a time in the spring gap is moved on
 * by the gap's length (02:30 becomes 03:30 summer time), a time in the autumn overlap is the
 * first of the two (02:30 summer time, +02:00).
 */
export function amsterdamWallClock(fields: {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}): Date {
  const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second ?? 0);
  const offsetAt = (instant: number) => DateTime.fromMillis(instant, { zone: PROGRAMME_ZONE }).offset;
  const DAY = 86_400_000;
  const before = offsetAt(wall - DAY);
  const candidates = [...new Set([before, offsetAt(wall + DAY)])]
    .map((offset) => wall - offset * 60_000)
    .filter((instant) => offsetAt(instant) * 60_000 === wall - instant);
  // None: the gap, read with the offset before it. Two: the overlap, the first of them.
  return new Date(candidates.length === 0 ? wall - before * 60_000 : Math.min(...candidates));
}
