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
    return rows.map((row) => ({
      auditId: Number(row.audit_id),
      occurredAt: row.occurred_at,
      actor: row.actor,
      organisationId: row.organisation_id,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      details: row.details,
      correlationId: row.correlation_id,
    }));
  }
}
