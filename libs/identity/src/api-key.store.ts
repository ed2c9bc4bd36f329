import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ExpiringCache } from './expiring-cache';
import type { Principal, Role } from './principal';

/**
 * How long an active key is taken on trust without asking the database again, which bounds
 * how late a revocation takes effect: this long after the revocation event is applied (the
 * promise is five seconds). Other instances of the service do not see the event itself (they
 * share its consumer), so this is the bound everywhere. Unknown and revoked keys are not kept:
 * a newly issued key works as soon as it is applied.
 */
const ACTIVE_KEY_TTL_MS = 1_000;
const ACTIVE_KEYS_KEPT = 10_000;

/**
 * This service's copy of the API keys, kept from the identity events. Issue and revoke may
 * arrive in either order (two consumers), so both are upserts and revocation always wins.
 */
@Injectable()
export class ApiKeyStore {
  private readonly active = new ExpiringCache<Principal>(ACTIVE_KEYS_KEPT);

  constructor(private readonly dataSource: DataSource) {}

  async findActive(keyHash: string): Promise<Principal | undefined> {
    const known = this.active.get(keyHash);
    if (known) {
      return known;
    }
    const rows: { key_id: string; organisation_id: string; roles: Role[] }[] = await this.dataSource.query(
      `SELECT key_id, organisation_id, roles FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [keyHash],
    );
    const row = rows[0];
    if (!row) {
      return undefined;
    }
    const principal: Principal = Object.freeze({
      kind: 'api-key',
      id: row.key_id,
      organisationId: row.organisation_id,
      roles: Object.freeze(row.roles) as Role[],
    });
    this.active.set(keyHash, principal, Date.now() + ACTIVE_KEY_TTL_MS);
    return principal;
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
