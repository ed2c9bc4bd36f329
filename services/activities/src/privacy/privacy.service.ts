import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { updatedRows } from '../registrations/waitlist';
import { PersonalDataAudit, type AuditActor } from './personal-data-audit';

/** The registration columns that hold personal data: erased on request, anonymised after retention. */
const ERASE_PERSONAL_DATA = `contact_name = NULL, contact_email = NULL, contact_phone = NULL, school_name = NULL, class_name = NULL`;

const RETENTION_BATCH = 1_000;

export interface Erasure {
  registrationId: string;
  activityId: string;
  erasedAt: string;
}

/**
 * Erasure and retention. Both keep the registration itself (status, headcount, check-in), so
 * counts and reports stay right, and remove who it was. Each change is audit-logged in the same
 * transaction.
 */
@Injectable()
export class PrivacyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: PersonalDataAudit,
  ) {}

  /** Removes a registrant's details; repeating it is harmless (the first erasure's time stands). */
  async erase(registrationId: string, actor: AuditActor): Promise<Erasure> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = updatedRows<{ activity_id: string; anonymised_at: Date }>(
        await manager.query(
          `UPDATE registrations SET ${ERASE_PERSONAL_DATA}, anonymised_at = coalesce(anonymised_at, now())
            WHERE id = $1 RETURNING activity_id, anonymised_at`,
          [registrationId],
        ),
      );
      if (!row) {
        throw new NotFoundException(`Registration ${registrationId} does not exist.`);
      }
      await this.audit.record(
        actor,
        'erase',
        { activityId: row.activity_id, registrationIds: [registrationId] },
        manager,
      );
      return { registrationId, activityId: row.activity_id, erasedAt: row.anonymised_at.toISOString() };
    });
  }

  /**
   * Anonymises the registrants of activities that ended more than `retentionDays` ago, in
   * batches (each its own transaction, SKIP LOCKED so two instances share the work).
   */
  async anonymiseExpired(retentionDays: number, now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - retentionDays * 24 * 3600 * 1000);
    let total = 0;
    for (;;) {
      const anonymised = await this.dataSource.transaction(async (manager) => {
        const rows = updatedRows<{ id: string }>(
          await manager.query(
            `WITH due AS (
             SELECT r.id FROM registrations r JOIN activities a ON a.id = r.activity_id
              WHERE r.anonymised_at IS NULL AND a.ends_at < $1
              ORDER BY r.id LIMIT $2 FOR UPDATE OF r SKIP LOCKED
           )
           UPDATE registrations r SET ${ERASE_PERSONAL_DATA}, anonymised_at = now()
             FROM due WHERE r.id = due.id RETURNING r.id`,
            [cutoff, RETENTION_BATCH],
          ),
        );
        if (rows.length > 0) {
          await this.audit.record(
            { kind: 'system', id: 'retention' },
            'anonymise',
            { registrationIds: rows.map((row) => row.id) },
            manager,
          );
        }
        return rows.length;
      });
      total += anonymised;
      if (anonymised < RETENTION_BATCH) {
        return total;
      }
    }
  }
}
