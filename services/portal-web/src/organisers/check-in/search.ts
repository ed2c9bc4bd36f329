import type { Registration } from '../../api/activities';

/** Lower case without accents, so "Sofie Kraaijeveld" is found by "kraai" and "Thérèse" by "therese". */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Registrations whose contact, school or class holds every word typed, in any order. */
export function matchRegistrations(registrations: Registration[], query: string): Registration[] {
  const words = normalise(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    return registrations;
  }
  return registrations.filter((registration) => {
    const haystack = normalise(
      [
        registration.contactName,
        registration.schoolName,
        registration.className,
        registration.externalReference,
      ]
        .filter(Boolean)
        .join(' '),
    );
    return words.every((word) => haystack.includes(word));
  });
}
