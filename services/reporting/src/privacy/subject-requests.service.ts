import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Principal } from '@deelwijs/identity';
import {
  subjectHash,
  type ErasureOutcome,
  type PersonalDataAuditEntry,
  type PersonalDataAuditQuery,
  type PersonalDataHolder,
} from '@deelwijs/platform';
import { PersonalDataAudit } from './personal-data-audit';
import { PrivacyRepository } from './privacy.repository';

/**
 * The privacy officer's requests about one person in reporting: the report subscriptions to their
 * address and what was delivered to it; erasure removes those subscriptions (an approved report
 * is no longer sent there). Each request is audited with the hash of the address.
 */
@Injectable()
export class SubjectRequests implements PersonalDataHolder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly privacy: PrivacyRepository,
    private readonly auditLog: PersonalDataAudit,
  ) {}

  subjectAccess(email: string, actor: Principal): Promise<Record<string, unknown>> {
    return this.dataSource.transaction(async (db) => {
      const subscriptions = await this.privacy.subscriptionsOf(db, email);
      await this.auditLog.record(db, actor, 'subject-access', {
        subscriptionIds: subscriptions.map((subscription) => String(subscription.subscriptionId)),
        subjectHash: subjectHash(email),
      });
      return { subscriptions };
    });
  }

  erase(email: string, actor: Principal): Promise<ErasureOutcome> {
    return this.dataSource.transaction(async (db) => {
      const subscriptionIds = await this.privacy.removeSubscriptionsOf(db, email);
      await this.auditLog.record(db, actor, 'erase-subject', { subscriptionIds, subjectHash: subjectHash(email) });
      return { erased: { subscriptions: subscriptionIds.length } };
    });
  }

  audit(query: PersonalDataAuditQuery, actor: Principal): Promise<PersonalDataAuditEntry[]> {
    return this.dataSource.transaction(async (db) => {
      const entries = await this.privacy.audit(db, query);
      await this.auditLog.record(db, actor, 'read-audit', { subscriptionIds: [], subjectHash: query.subject?.hash });
      return entries;
    });
  }
}
