import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@deelwijs/identity';
import { Correlation } from '@deelwijs/observability';
import { PrivacyRepository } from './privacy.repository';

export type PersonalDataAction =
  | 'list-registrations'
  | 'read-registration'
  | 'export-csv'
  | 'export-xlsx'
  | 'erase'
  | 'anonymise'
  | 'erase-import'
  | 'subject-access'
  | 'erase-subject'
  | 'read-audit';

/** Who read or changed the details: a caller of the API, the registrant (by their token link) or a job. */
export type AuditActor =
  | Pick<Principal, 'kind' | 'id' | 'organisationId'>
  | { kind: 'registrant' | 'system'; id: string; organisationId?: undefined };

/**
 * Every read of registrants' details by staff or a partner is written down: who, when, which
 * registrations, under which request. The log holds ids, never the details themselves. In the
 * caller's transaction where there is one, so that no export leaves without its record.
 */
@Injectable()
export class PersonalDataAudit {
  constructor(private readonly privacy: PrivacyRepository) {}

  async record(
    db: EntityManager,
    actor: AuditActor,
    action: PersonalDataAction,
    target: { activityId?: string; registrationIds: string[]; subjectHash?: string },
  ): Promise<void> {
    await this.privacy.insertAudit(db, {
      actorKind: actor.kind,
      actorId: actor.id,
      actorOrganisationId: actor.organisationId ?? null,
      action,
      activityId: target.activityId ?? null,
      registrationIds: target.registrationIds,
      subjectHashes: target.subjectHash ? [target.subjectHash] : [],
      correlationId: Correlation.current() ?? null,
    });
  }
}
