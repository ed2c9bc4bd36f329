import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@deelwijs/identity';
import { Correlation } from '@deelwijs/observability';

export type PersonalDataAction =
  'list-registrations' | 'read-registration' | 'export-csv' | 'export-xlsx' | 'erase' | 'anonymise';

/** Who read or changed the details: a caller of the API, the registrant (by their token link) or a job. */
export type AuditActor =
  | Pick<Principal, 'kind' | 'id' | 'organisationId'>
  | { kind: 'registrant' | 'system'; id: string; organisationId?: undefined };

/**
 * Every read of registrants' details by staff or a partner is written down: who, when, which
 * registrations, under which request. The log holds ids, never the details themselves.
 */
@Injectable()
export class PersonalDataAudit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(
    principal: AuditActor,
    action: PersonalDataAction,
    target: { activityId?: string; registrationIds: string[] },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO personal_data_audit (actor_kind, actor_id, actor_organisation_id, action, activity_id, registration_ids, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        principal.kind,
        principal.id,
        principal.organisationId ?? null,
        action,
        target.activityId ?? null,
        target.registrationIds,
        Correlation.current() ?? null,
      ],
    );
  }
}
