import { inAmsterdam } from '@deelwijs/platform';

export const PROGRAMME_ZONE = 'Europe/Amsterdam';

/** An instant as the API shows it: ISO 8601 with the Amsterdam offset of that day (+01:00 or +02:00). */
export function toAmsterdamIso(instant: Date): string {
  return inAmsterdam(instant).toISO({ suppressMilliseconds: true })!;
}
