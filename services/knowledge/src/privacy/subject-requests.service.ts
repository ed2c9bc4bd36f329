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
import { AuditLog } from '../audit/audit-log.service';
import { PrivacyRepository } from './privacy.repository';

/**
 * The privacy officer's requests about one person, by e-mail address: the items and versions
 * that name them as an author and the changes they made as staff; erasure of their address as
 * an author (who changed what stays: it is the record of accountability); and the audit. Each request is recorded in the audit log
 * in its own transaction, as entity `subject` with the hash of the address, never the address.
 */
@Injectable()
export class SubjectRequests implements PersonalDataHolder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly privacy: PrivacyRepository,
    private readonly auditLog: AuditLog,
  ) {}

  subjectAccess(email: string, actor: Principal): Promise<Record<string, unknown>> {
    return this.dataSource.transaction(async (db) => {
      const authoredItems = await this.privacy.authoredItems(db, email);
      const authoredVersions = await this.privacy.authoredVersions(db, email);
      const changesMade = await this.privacy.changesBy(db, email);
      await this.auditLog.record(db, {
        principal: actor,
        action: 'privacy.subject-access',
        entityType: 'subject',
        entityId: subjectHash(email),
        details: { itemIds: authoredItems.map((item) => item.itemId) },
      });
      return { authoredItems, authoredVersions, changesMade };
    });
  }

  erase(email: string, actor: Principal): Promise<ErasureOutcome> {
    return this.dataSource.transaction(async (db) => {
      const itemIds = await this.privacy.eraseFromItems(db, email);
      const versions = await this.privacy.eraseFromVersions(db, email);
      await this.auditLog.record(db, {
        principal: actor,
        action: 'privacy.erasure',
        entityType: 'subject',
        entityId: subjectHash(email),
        details: { itemIds, versions },
      });
      return { erased: { itemAuthorships: itemIds.length, versionAuthorships: versions } };
    });
  }

  audit(query: PersonalDataAuditQuery, actor: Principal): Promise<PersonalDataAuditEntry[]> {
    return this.dataSource.transaction(async (db) => {
      const email = query.subject?.email;
      const entityIds = email ? (await this.privacy.authoredItems(db, email)).map((item) => item.itemId) : [];
      const entries = await this.auditLog.personalData(db, {
        from: query.from,
        to: query.to,
        subjectHash: query.subject?.hash,
        entityIds,
        actor: email ? `staff:${email}` : undefined,
        limit: query.limit,
      });
      // Recorded after the reading, so that it is not among what it answers.
      await this.auditLog.record(db, {
        principal: actor,
        action: 'privacy.audit-read',
        entityType: 'subject',
        entityId: query.subject?.hash ?? 'all',
        details: { from: query.from.toISOString(), to: query.to.toISOString() },
      });
      return entries.map((entry) => ({
        id: String(entry.auditId),
        at: entry.occurredAt.toISOString(),
        actorKind: entry.actor.split(':')[0],
        actorId: entry.actor.slice(entry.actor.indexOf(':') + 1),
        actorOrganisationId: entry.organisationId ?? undefined,
        action: entry.action,
        recordIds: [entry.entityId],
        subjectHashes: entry.entityType === 'subject' && entry.entityId !== 'all' ? [entry.entityId] : [],
        correlationId: entry.correlationId ?? undefined,
      }));
    });
  }
}
