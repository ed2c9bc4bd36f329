import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@deelwijs/identity';
import { Correlation } from '@deelwijs/observability';
import { PrivacyRepository } from './privacy.repository';

export type PersonalDataAction = 'list-subscriptions' | 'subject-access' | 'erase-subject' | 'read-audit';

/** Writes down every read and erasure of subscribers' addresses: who, when, which subscriptions; ids and hashes only. */
@Injectable()
export class PersonalDataAudit {
  constructor(private readonly privacy: PrivacyRepository) {}

  async record(db: EntityManager, actor: Principal, action: PersonalDataAction, target: { subscriptionIds: string[]; subjectHash?: string }): Promise<void> {
    await this.privacy.insertAudit(db, {
      actorKind: actor.kind,
      actorId: actor.id,
      actorOrganisationId: actor.organisationId ?? null,
      action,
      subscriptionIds: target.subscriptionIds,
      subjectHashes: target.subjectHash ? [target.subjectHash] : [],
      correlationId: Correlation.current() ?? null,
    });
  }
}
