import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface AuditEntry {
  auditId: number;
  occurredAt: Date;
  actor: string;
  organisationId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  details: object;
  correlationId: string | null;
}

/** Data access for the audit log; who and why are AuditLog's. */
@Injectable()
export class AuditLogRepository {
  async insert(transaction: EntityManager, entry: Omit<AuditEntry, 'auditId' | 'occurredAt'>): Promise<void> {
    await transaction.query(
      `INSERT INTO audit_log (actor, organisation_id, action, entity_type, entity_id, details, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [entry.actor, entry.organisationId, entry.action, entry.entityType, entry.entityId, JSON.stringify(entry.details), entry.correlationId],
    );
  }

  /**
   * The entries that concern personal data, newest first: the privacy officer's requests (entity
   * type `subject`, the entity id the hash of the address), and about one person also the changes
   * to what they authored (`entityIds`, and the items requests about them recorded in
   * `details.itemIds`) and the changes they made themselves (`actor`).
   */
  async personalData(
    manager: EntityManager,
    filter: { from: Date; to: Date; subjectHash?: string; entityIds: string[]; actor?: string; limit: number },
  ): Promise<AuditEntry[]> {
    const rows: Parameters<typeof toEntry>[0][] = await manager.query(
      `SELECT * FROM audit_log
        WHERE occurred_at >= $1 AND occurred_at < $2
          AND (CASE WHEN $3::text IS NULL THEN entity_type = 'subject'
                    ELSE (entity_type = 'subject' AND entity_id = $3) OR entity_id = ANY ($4) OR lower(actor) = $5
                         -- Items that were theirs until an erasure, which recorded them.
                         OR entity_id IN (SELECT jsonb_array_elements_text(details -> 'itemIds') FROM audit_log
                                           WHERE entity_type = 'subject' AND entity_id = $3) END)
        ORDER BY audit_id DESC LIMIT $6`,
      [filter.from, filter.to, filter.subjectHash ?? null, filter.entityIds, filter.actor ?? null, filter.limit],
    );
    return rows.map(toEntry);
  }

  /** Newest first. */
  async list(manager: EntityManager, filter: { entityType?: string; entityId?: string; limit: number }): Promise<AuditEntry[]> {
    const rows: {
      audit_id: string;
      occurred_at: Date;
      actor: string;
      organisation_id: string | null;
      action: string;
      entity_type: string;
      entity_id: string;
      details: object;
      correlation_id: string | null;
    }[] = await manager.query(
      `SELECT * FROM audit_log WHERE ($1::text IS NULL OR entity_type = $1) AND ($2::text IS NULL OR entity_id = $2)
       ORDER BY audit_id DESC LIMIT $3`,
      [filter.entityType ?? null, filter.entityId ?? null, filter.limit],
    );
    return rows.map(toEntry);
  }
}

function toEntry(row: {
  audit_id: string;
  occurred_at: Date;
  actor: string;
  organisation_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  details: object;
  correlation_id: string | null;
}): AuditEntry {
  return {
    auditId: Number(row.audit_id),
    occurredAt: row.occurred_at,
    actor: row.actor,
    organisationId: row.organisation_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    details: row.details,
    correlationId: row.correlation_id,
  };
}
