import { DateTime } from 'luxon';

export const PROGRAMME_ZONE = 'Europe/Amsterdam';

/** An instant as the API shows it: ISO 8601 with the Amsterdam offset of that day (+01:00 or +02:00). */
export function toAmsterdamIso(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: PROGRAMME_ZONE }).toISO({ suppressMilliseconds: true })!;
}
