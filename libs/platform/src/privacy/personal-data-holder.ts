import type { Principal } from '@deelwijs/identity';

/** One entry of a service's audit of personal data: who did what, when, about which records; never the data itself. */
export interface PersonalDataAuditEntry {
  id: string;
  at: string;
  actorKind: string;
  actorId: string;
  actorOrganisationId?: string;
  action: string;
  /** The ids of the records concerned (registrations, items, subscriptions). */
  recordIds: string[];
  /** SHA-256 of the e-mail address a request about one person concerned (see subjectHash). */
  subjectHashes: string[];
  correlationId?: string;
}

export interface PersonalDataAuditQuery {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  /**
   * Only what concerned this person: the entries with the hash of their address, and those about
   * records that are theirs (found by the normalised address itself, which is not kept).
   */
  subject?: { email: string; hash: string };
  limit: number;
}

/** What one service erased for one e-mail address: counts per kind of record; zeros on a repeat. */
export interface ErasureOutcome {
  erased: Record<string, number>;
}

/**
 * What a service that holds personal data offers the privacy officer through the platform's
 * privacy endpoints (PrivacyRequestsController): everything it holds about one e-mail address,
 * its erasure, and its audit. Each call is audited by the service itself, in the transaction of
 * the work, with the subject's hash, never the address.
 */
export interface PersonalDataHolder {
  subjectAccess(email: string, actor: Principal): Promise<Record<string, unknown>>;
  /** Idempotent: a repeat erases nothing more and answers zeros (and is audited too). */
  erase(email: string, actor: Principal): Promise<ErasureOutcome>;
  /** Newest first. Reading the audit is itself audited. */
  audit(query: PersonalDataAuditQuery, actor: Principal): Promise<PersonalDataAuditEntry[]>;
}

export const PERSONAL_DATA_HOLDER = Symbol('PERSONAL_DATA_HOLDER');
