import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal, Role } from './principal';

/**
 * This service's copy of the API keys, kept from the identity events. Issue and revoke may
 * arrive in either order (two consumers), so both are upserts and revocation always wins.
 */
@Injectable()
export class ApiKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  async findActive(keyHash: string): Promise<Principal | undefined> {
    const rows: { key_id: string; organisation_id: string; roles: Role[] }[] = await this.dataSource.query(
      `SELECT key_id, organisation_id, roles FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [keyHash],
    );
    const row = rows[0];
    return row ? { kind: 'api-key', id: row.key_id, organisationId: row.organisation_id, roles: row.roles } : undefined;
  }

  async recordIssued(
    transaction: EntityManager,
    key: { keyId: string; organisationId: string; keyHash: string; roles: Role[]; label: string },
  ): Promise<void> {
    await transaction.query(
      `INSERT INTO api_keys (key_id, key_hash, organisation_id, roles, label)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key_id) DO UPDATE
         SET key_hash = EXCLUDED.key_hash, organisation_id = EXCLUDED.organisation_id,
             roles = EXCLUDED.roles, label = EXCLUDED.label`,
      [key.keyId, key.keyHash, key.organisationId, key.roles, key.label],
    );
  }

  async recordRevoked(transaction: EntityManager, keyId: string): Promise<void> {
    await transaction.query(
      `INSERT INTO api_keys (key_id, revoked_at) VALUES ($1, now())
       ON CONFLICT (key_id) DO UPDATE SET revoked_at = COALESCE(api_keys.revoked_at, now())`,
      [keyId],
    );
  }

  async recordOrganisation(transaction: EntityManager, organisation: { organisationId: string; name: string }): Promise<void> {
    await transaction.query(
      `INSERT INTO organisations (organisation_id, name) VALUES ($1, $2)
       ON CONFLICT (organisation_id) DO UPDATE SET name = EXCLUDED.name`,
      [organisation.organisationId, organisation.name],
    );
  }
}
