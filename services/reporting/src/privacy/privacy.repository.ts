import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PersonalDataAuditEntry, PersonalDataAuditQuery } from '@deelwijs/platform';

export interface AuditRecord {
  actorKind: string;
  actorId: string;
  actorOrganisationId: string | null;
  action: string;
  subscriptionIds: string[];
  subjectHashes: string[];
  correlationId: string | null;
}

/** All SQL of privacy in reporting: subscribers' addresses, their erasure, and the audit. */
@Injectable()
export class PrivacyRepository {
  async insertAudit(db: EntityManager, record: AuditRecord): Promise<void> {
    await db.query(
      `INSERT INTO personal_data_audit (actor_kind, actor_id, actor_organisation_id, action, subscription_ids, subject_hashes, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [record.actorKind, record.actorId, record.actorOrganisationId, record.action, record.subscriptionIds, record.subjectHashes, record.correlationId],
    );
  }

  /** The e-mail subscriptions to this (normalised) address, with what was delivered to it. */
  async subscriptionsOf(db: EntityManager, email: string): Promise<Array<Record<string, unknown>>> {
    const rows: Array<Record<string, any>> = await db.query(
      `SELECT s.id, s.programme_code, s.target, s.language, s.created_at,
              coalesce(json_agg(json_build_object('deliveryId', d.id, 'period', d.period, 'status', d.status, 'deliveredAt', d.delivered_at)
                                ORDER BY d.created_at) FILTER (WHERE d.id IS NOT NULL), '[]') AS deliveries
         FROM report_subscriptions s LEFT JOIN report_deliveries d ON d.subscription_id = s.id
        WHERE s.channel = 'email' AND lower(s.target) = $1
        GROUP BY s.id ORDER BY s.created_at, s.id`,
      [email],
    );
    return rows.map((row) => ({
      subscriptionId: row.id,
      programmeCode: row.programme_code,
      email: row.target,
      language: row.language,
      subscribedAt: row.created_at.toISOString(),
      deliveries: row.deliveries,
    }));
  }

  /** Removes the e-mail subscriptions to this address (their deliveries go with them); answers their ids. */
  async removeSubscriptionsOf(db: EntityManager, email: string): Promise<string[]> {
    const [rows] = await db.query(`DELETE FROM report_subscriptions WHERE channel = 'email' AND lower(target) = $1 RETURNING id`, [email]);
    return (rows as Array<{ id: string }>).map((row) => row.id);
  }

  /**
   * The audit for a period, newest first; about one person: the entries with their hash, and
   * those about subscriptions that are theirs (still, or removed by an entry with their hash).
   */
  async audit(db: EntityManager, query: PersonalDataAuditQuery): Promise<PersonalDataAuditEntry[]> {
    const rows: Array<Record<string, any>> = await db.query(
      `WITH theirs AS (
         SELECT id FROM report_subscriptions WHERE $3::text IS NOT NULL AND channel = 'email' AND lower(target) = $4
         UNION
         SELECT unnest(subscription_ids) FROM personal_data_audit WHERE $3::text IS NOT NULL AND $3 = ANY (subject_hashes)
       )
       SELECT * FROM personal_data_audit
        WHERE at >= $1 AND at < $2
          AND ($3::text IS NULL OR $3 = ANY (subject_hashes) OR subscription_ids && ARRAY(SELECT id FROM theirs))
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
      recordIds: row.subscription_ids,
      subjectHashes: row.subject_hashes,
      correlationId: row.correlation_id ?? undefined,
    }));
  }
}
