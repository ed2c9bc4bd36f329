import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '@deelwijs/identity';
import { Correlation } from '@deelwijs/observability';
import { actorOf } from '../common/audience';
import { AuditLogRepository, type AuditEntry } from './audit-log.repository';
import type { AuditEntryView, AuditQueryDto } from './dto/audit.dto';

/**
 * Records who changed what, in the transaction of the change itself: a change without its audit
 * row cannot commit, and an audit row of a change that rolled back never exists.
 */
@Injectable()
export class AuditLog {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entries: AuditLogRepository,
  ) {}

  async record(
    transaction: EntityManager,
    entry: { principal?: Principal; actor?: string; action: string; entityType: string; entityId: string; details?: object },
  ): Promise<void> {
    await this.entries.insert(transaction, {
      actor: entry.actor ?? actorOf(entry.principal),
      organisationId: entry.principal?.organisationId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      details: entry.details ?? {},
      correlationId: Correlation.current() ?? null,
    });
  }

  /** See AuditLogRepository.personalData; in the caller's transaction, which records this reading too. */
  personalData(
    transaction: EntityManager,
    filter: { from: Date; to: Date; subjectHash?: string; entityIds: string[]; actor?: string; limit: number },
  ): Promise<AuditEntry[]> {
    return this.entries.personalData(transaction, filter);
  }

  async list(query: AuditQueryDto): Promise<AuditEntryView[]> {
    const entries = await this.entries.list(this.dataSource.manager, query);
    return entries.map((entry) => ({
      auditId: entry.auditId,
      occurredAt: entry.occurredAt.toISOString(),
      actor: entry.actor,
      organisationId: entry.organisationId ?? undefined,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      details: entry.details,
      correlationId: entry.correlationId ?? undefined,
    }));
  }
}
