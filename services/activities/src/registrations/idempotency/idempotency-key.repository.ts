import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updatedRows } from '../../shared/updated-rows';

export interface StoredKey {
  request_hash: string;
  state: 'in-flight' | 'done';
  response_status: number | null;
  response_body: unknown;
  stale: boolean;
}

/** All SQL on `idempotency_keys`: one row per caller and key, with the claim of the attempt that holds it. */
@Injectable()
export class IdempotencyKeyRepository {
  /**
   * Claims the key for an attempt: a new key, or one whose in-flight claim is older than
   * `staleAfterSeconds` (its request died). False when another attempt holds it or it is answered.
   */
  async claim(
    db: EntityManager,
    key: { scope: string; key: string; hash: string; claim: string },
    staleAfterSeconds: number,
  ): Promise<boolean> {
    const claimed = (await db.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, state, claim) VALUES ($1, $2, $3, 'in-flight', $5)
       ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, claim = EXCLUDED.claim, created_at = now()
         WHERE idempotency_keys.state = 'in-flight' AND idempotency_keys.created_at < now() - make_interval(secs => $4)
       RETURNING 1`,
      [key.scope, key.key, key.hash, staleAfterSeconds, key.claim],
    )) as unknown[];
    return claimed.length > 0;
  }

  async find(
    db: EntityManager,
    scope: string,
    key: string,
    staleAfterSeconds: number,
  ): Promise<StoredKey | undefined> {
    const [stored] = (await db.query(
      `SELECT request_hash, state, response_status, response_body,
              created_at < now() - make_interval(secs => $3) AS stale
         FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key, staleAfterSeconds],
    )) as StoredKey[];
    return stored;
  }

  /** Stores the answer if this attempt still holds the claim; false if another attempt took it over. */
  async answerUnderClaim(
    db: EntityManager,
    claim: { scope: string; key: string; id: string },
    status: number,
    body: unknown,
  ): Promise<boolean> {
    const updated = updatedRows(
      await db.query(
        `UPDATE idempotency_keys SET state = 'done', response_status = $4, response_body = $5::jsonb
          WHERE scope = $1 AND key = $2 AND claim = $3 RETURNING 1`,
        [claim.scope, claim.key, claim.id, status, JSON.stringify(body ?? null)],
      ),
    );
    return updated.length > 0;
  }

  async answer(db: EntityManager, scope: string, key: string, status: number, body: unknown): Promise<void> {
    await db.query(
      `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4::jsonb WHERE scope = $1 AND key = $2`,
      [scope, key, status, JSON.stringify(body ?? null)],
    );
  }

  async release(db: EntityManager, scope: string, key: string): Promise<void> {
    await db.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2`, [scope, key]);
  }
}
