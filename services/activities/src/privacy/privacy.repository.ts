import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
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
  correlationId: string | null;
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
      `INSERT INTO personal_data_audit (actor_kind, actor_id, actor_organisation_id, action, activity_id, registration_ids, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        record.actorKind,
        record.actorId,
        record.actorOrganisationId,
        record.action,
        record.activityId,
        record.registrationIds,
        record.correlationId,
      ],
    );
  }
}
