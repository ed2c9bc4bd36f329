import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CancelTokens } from '../cancel-tokens/cancel-tokens';
import { PersonalDataAudit, type AuditActor } from './personal-data-audit.service';
import { PrivacyRepository } from './privacy.repository';

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
    private readonly privacy: PrivacyRepository,
    private readonly audit: PersonalDataAudit,
    private readonly tokens: CancelTokens,
  ) {}

  /** Removes a registrant's details; repeating it is harmless (the first erasure's time stands). */
  async erase(registrationId: string, actor: AuditActor): Promise<Erasure> {
    return this.dataSource.transaction(async (db) => {
      const erased = await this.privacy.erase(db, registrationId);
      if (!erased) {
        throw new NotFoundException(`Registration ${registrationId} does not exist.`);
      }
      await this.audit.record(db, actor, 'erase', {
        activityId: erased.activityId,
        registrationIds: [registrationId],
      });
      return { registrationId, activityId: erased.activityId, erasedAt: erased.anonymisedAt.toISOString() };
    });
  }

  /** The registrant erases their own details with the token of their cancel link. */
  async eraseByRegistrant(registrationId: string, token: string): Promise<Erasure> {
    if (!this.tokens.verify(registrationId, token)) {
      throw new ForbiddenException('token does not belong to this registration.');
    }
    return this.erase(registrationId, { kind: 'registrant', id: registrationId });
  }

  /**
   * Anonymises the registrants of activities that ended more than `retentionDays` ago, in
   * batches (each its own transaction, SKIP LOCKED so two instances share the work).
   */
  async anonymiseExpired(retentionDays: number, now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - retentionDays * 24 * 3600 * 1000);
    let total = 0;
    for (;;) {
      const anonymised = await this.dataSource.transaction(async (db) => {
        const ids = await this.privacy.anonymiseEndedBefore(db, cutoff, RETENTION_BATCH);
        if (ids.length > 0) {
          await this.audit.record(db, { kind: 'system', id: 'retention' }, 'anonymise', {
            registrationIds: ids,
          });
        }
        return ids.length;
      });
      total += anonymised;
      if (anonymised < RETENTION_BATCH) {
        return total;
      }
    }
  }
}
