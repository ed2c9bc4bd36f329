import { createHash } from 'node:crypto';

/** An e-mail address as the services compare it: trimmed, lower case (the domain is, and mailboxes practically are). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * What the audit keeps of the person a request was about: a SHA-256 of the normalised address
 * (with a prefix of its own, so it matches no other hash of the address), never the address. The
 * privacy officer finds a subject's entries by hashing the address they are asked about.
 */
export function subjectHash(email: string): string {
  return createHash('sha256').update(`deelwijs-subject:${normaliseEmail(email)}`).digest('hex');
}
