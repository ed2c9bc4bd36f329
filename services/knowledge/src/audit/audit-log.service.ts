import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@deelwijs/identity';
import { Correlation } from '@deelwijs/observability';
import { actorOf } from '../common/audience';

/**
 * Records who changed what, in the transaction of the change itself: a change without its audit
 * row cannot commit, and an audit row of a change that rolled back never exists.
 */
@Injectable()
export class AuditLog {
  async record(
    transaction: EntityManager,
    entry: { principal?: Principal; actor?: string; action: string; entityType: string; entityId: string; details?: object },
  ): Promise<void> {
    await transaction.query(
      `INSERT INTO audit_log (actor, organisation_id, action, entity_type, entity_id, details, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [
        entry.actor ?? actorOf(entry.principal),
        entry.principal?.organisationId ?? null,
        entry.action,
        entry.entityType,
        entry.entityId,
        JSON.stringify(entry.details ?? {}),
        Correlation.current() ?? null,
      ],
    );
  }
}
