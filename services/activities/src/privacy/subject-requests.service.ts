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
import { PersonalDataAudit } from './personal-data-audit.service';
import { PrivacyRepository } from './privacy.repository';

/**
 * The privacy officer's requests about one person, by e-mail address: what activities holds
 * about them (their registrations with every detail, the activities that send them organiser
 * mail), erasure of it, and the audit. Each is audited in its own transaction with the hash of
 * the address; the address itself is kept nowhere in the audit.
 */
@Injectable()
export class SubjectRequests implements PersonalDataHolder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly privacy: PrivacyRepository,
    private readonly auditLog: PersonalDataAudit,
  ) {}

  async subjectAccess(email: string, actor: Principal): Promise<Record<string, unknown>> {
    return this.dataSource.transaction(async (db) => {
      const registrations = await this.privacy.registrationsOf(db, email);
      const organisedActivities = await this.privacy.activitiesOrganisedBy(db, email);
      await this.auditLog.record(db, actor, 'subject-access', {
        registrationIds: registrations.map((registration) => registration.registrationId),
        subjectHash: subjectHash(email),
      });
      return { registrations, organisedActivities };
    });
  }

  /**
   * Registrations keep their place, headcount and check-in (counts and reports stay right)
   * without who it was, as a registrant's own erasure does; activities keep everything but the
   * organiser's address. A repeat finds nothing left and answers zeros.
   */
  async erase(email: string, actor: Principal): Promise<ErasureOutcome> {
    return this.dataSource.transaction(async (db) => {
      const registrationIds = await this.privacy.eraseByEmail(db, email);
      const activityIds = await this.privacy.forgetOrganiserEmail(db, email);
      await this.auditLog.record(db, actor, 'erase-subject', { registrationIds, subjectHash: subjectHash(email) });
      return { erased: { registrations: registrationIds.length, organiserAddresses: activityIds.length } };
    });
  }

  async audit(query: PersonalDataAuditQuery, actor: Principal): Promise<PersonalDataAuditEntry[]> {
    return this.dataSource.transaction(async (db) => {
      // Read first, so that this reading is not among what it answers.
      const entries = await this.privacy.audit(db, query);
      await this.auditLog.record(db, actor, 'read-audit', { registrationIds: [], subjectHash: query.subject?.hash });
      return entries;
    });
  }
}
