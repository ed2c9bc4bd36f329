import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PersonalDataAuditEntry, PersonalDataAuditQuery } from '@deelwijs/platform';
import { updatedRows } from '../shared/updated-rows';

/** The registration columns that hold personal data: erased on request, anonymised after retention. */
const ERASE_PERSONAL_DATA = `contact_name = NULL, contact_email = NULL, contact_phone = NULL, school_name = NULL, class_name = NULL`;

export interface AuditRecord {
  actorKind: string;
  actorId: string;
  actorOrganisationId: string | null;
  action: string;
  activityId: string | null;
  registrationIds: string[];
  subjectHashes: string[];
  correlationId: string | null;
}

/** A registration as its registrant may see it: their details, and what it was for. */
export interface SubjectRegistration {
  registrationId: string;
  activityId: string;
  activityTitle: string;
  activityStartsAt: string;
  kind: string;
  status: string;
  headcount: number;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  schoolName: string | null;
  className: string | null;
  language: string;
  partnerOrganisationId: string | null;
  externalReference: string | null;
  registeredAt: string;
  checkedInAt: string | null;
  cancelledAt: string | null;
}

/**
 * All SQL of privacy: the personal-data columns of registrations (never their booking state,
 * which is the booking core's) and the audit log of personal-data reads and changes.
 */
@Injectable()
export class PrivacyRepository {
  /** Erases a registrant's details; the first erasure's time stands. Undefined: no such registration. */
  async erase(
    db: EntityManager,
    registrationId: string,
  ): Promise<{ activityId: string; anonymisedAt: Date } | undefined> {
    const [row] = updatedRows<{ activityId: string; anonymisedAt: Date }>(
      await db.query(
        `UPDATE registrations SET ${ERASE_PERSONAL_DATA}, anonymised_at = coalesce(anonymised_at, now())
          WHERE id = $1 RETURNING activity_id AS "activityId", anonymised_at AS "anonymisedAt"`,
        [registrationId],
      ),
    );
    return row;
  }

  /**
   * Anonymises up to `limit` registrants whose activity ended before `cutoff`, skipping rows
   * another instance holds (SKIP LOCKED), and answers their ids.
   */
  async anonymiseEndedBefore(db: EntityManager, cutoff: Date, limit: number): Promise<string[]> {
    const rows = updatedRows<{ id: string }>(
      await db.query(
        `WITH due AS (
           SELECT r.id FROM registrations r JOIN activities a ON a.id = r.activity_id
            WHERE r.anonymised_at IS NULL AND a.ends_at < $1
            ORDER BY r.id LIMIT $2 FOR UPDATE OF r SKIP LOCKED
         )
         UPDATE registrations r SET ${ERASE_PERSONAL_DATA}, anonymised_at = now()
           FROM due WHERE r.id = due.id RETURNING r.id`,
        [cutoff, limit],
      ),
    );
    return rows.map((row) => row.id);
  }

  async insertAudit(db: EntityManager, record: AuditRecord): Promise<void> {
    await db.query(
      `INSERT INTO personal_data_audit (actor_kind, actor_id, actor_organisation_id, action, activity_id, registration_ids, subject_hashes, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        record.actorKind,
        record.actorId,
        record.actorOrganisationId,
        record.action,
        record.activityId,
        record.registrationIds,
        record.subjectHashes,
        record.correlationId,
      ],
    );
  }

  /** The registrations whose contact address is `email` (normalised), oldest first. */
  async registrationsOf(db: EntityManager, email: string): Promise<SubjectRegistration[]> {
    const rows: Array<Record<string, any>> = await db.query(
      `SELECT r.id, r.activity_id, a.title_nl, a.starts_at, r.kind, r.status, r.headcount, r.contact_name, r.contact_email,
              r.contact_phone, r.school_name, r.class_name, r.language, r.partner_organisation_id, r.external_reference,
              r.created_at, r.checked_in_at, r.cancelled_at
         FROM registrations r JOIN activities a ON a.id = r.activity_id
        WHERE lower(r.contact_email) = $1 ORDER BY r.created_at, r.id`,
      [email],
    );
    const iso = (value: Date | null) => (value ? value.toISOString() : null);
    return rows.map((row) => ({
      registrationId: row.id,
      activityId: row.activity_id,
      activityTitle: row.title_nl,
      activityStartsAt: row.starts_at.toISOString(),
      kind: row.kind,
      status: row.status,
      headcount: row.headcount,
      contactName: row.contact_name,
      contactEmail: row.contact_email,
      contactPhone: row.contact_phone,
      schoolName: row.school_name,
      className: row.class_name,
      language: row.language,
      partnerOrganisationId: row.partner_organisation_id,
      externalReference: row.external_reference,
      registeredAt: row.created_at.toISOString(),
      checkedInAt: iso(row.checked_in_at),
      cancelledAt: iso(row.cancelled_at),
    }));
  }

  /** The activities that name `email` as their organiser's address (for reminders and notices). */
  async activitiesOrganisedBy(db: EntityManager, email: string): Promise<Array<{ activityId: string; title: string; startsAt: string; status: string }>> {
    const rows: Array<{ id: string; title_nl: string; starts_at: Date; status: string }> = await db.query(
      `SELECT id, title_nl, starts_at, status FROM activities WHERE lower(organiser_email) = $1 ORDER BY starts_at, id`,
      [email],
    );
    return rows.map((row) => ({ activityId: row.id, title: row.title_nl, startsAt: row.starts_at.toISOString(), status: row.status }));
  }

  /** Erases the details of every registration with this contact address; answers their ids (none on a repeat). */
  async eraseByEmail(db: EntityManager, email: string): Promise<string[]> {
    const rows = updatedRows<{ id: string }>(
      await db.query(
        `UPDATE registrations SET ${ERASE_PERSONAL_DATA}, anonymised_at = coalesce(anonymised_at, now())
          WHERE lower(contact_email) = $1 RETURNING id`,
        [email],
      ),
    );
    return rows.map((row) => row.id);
  }

  /**
   * Removes the address as an activity's organiser address (the only personal data on an
   * activity); its reminders and notices then go to nobody. Answers the activities' ids.
   */
  async forgetOrganiserEmail(db: EntityManager, email: string): Promise<string[]> {
    const rows = updatedRows<{ id: string }>(
      await db.query(`UPDATE activities SET organiser_email = NULL WHERE lower(organiser_email) = $1 RETURNING id`, [email]),
    );
    return rows.map((row) => row.id);
  }

  /**
   * The audit for a period, newest first; about one person: the entries that carry their hash,
   * and those about registrations that are theirs (still, or erased by an entry with their hash).
   */
  async audit(db: EntityManager, query: PersonalDataAuditQuery): Promise<PersonalDataAuditEntry[]> {
    const rows: Array<Record<string, any>> = await db.query(
      `WITH theirs AS (
         SELECT id FROM registrations WHERE $3::text IS NOT NULL AND lower(contact_email) = $4
         UNION
         SELECT unnest(registration_ids) FROM personal_data_audit WHERE $3::text IS NOT NULL AND $3 = ANY (subject_hashes)
       )
       SELECT id, at, actor_kind, actor_id, actor_organisation_id, action, registration_ids, subject_hashes, correlation_id
         FROM personal_data_audit
        WHERE at >= $1 AND at < $2
          AND ($3::text IS NULL OR $3 = ANY (subject_hashes) OR registration_ids && ARRAY(SELECT id FROM theirs))
        ORDER BY id DESC LIMIT $5`,
      [query.from, query.to, query.subject?.hash ?? null, query.subject?.email ?? null, query.limit],
    );
    return rows.map((row) => ({
      id: String(row.id),
      at: row.at.toISOString(),
      actorKind: row.actor_kind,
      actorId: row.actor_id,
      actorOrganisationId: row.actor_organisation_id ?? undefined,
      action: row.action,
      recordIds: row.registration_ids,
      subjectHashes: row.subject_hashes,
      correlationId: row.correlation_id ?? undefined,
    }));
  }
}
