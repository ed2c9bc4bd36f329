import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface StoredKey {
  request_hash: string;
  state: 'in-flight' | 'done';
  response_status: number | null;
  response_body: unknown;
  /** The attempt's work committed but its answer was not stored with it (and then was lost). */
  effect_committed: boolean;
}

export interface ClaimRef {
  scope: string;
  key: string;
  /** Unique per attempt: a retry that takes over a dead attempt's claim replaces it. */
  id: string;
}

/** All SQL on `idempotency_keys`: one row per caller and key, with the claim of the attempt that holds it. */
@Injectable()
export class IdempotencyKeyRepository {
  /**
   * Claims the key for an attempt: a new key, or one left in flight by an attempt that is
   * gone (the caller holds the key's lock, so no live attempt has it) and that committed
   * nothing. False when the key is answered, took effect, or belongs to another request.
   */
  async claim(db: EntityManager, claim: ClaimRef & { hash: string }): Promise<boolean> {
    const claimed = (await db.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, state, claim) VALUES ($1, $2, $3, 'in-flight', $4)
       ON CONFLICT (scope, key) DO UPDATE SET claim = EXCLUDED.claim, created_at = now()
         WHERE idempotency_keys.state = 'in-flight' AND idempotency_keys.committed_at IS NULL
           AND idempotency_keys.request_hash = EXCLUDED.request_hash
       RETURNING 1`,
      [claim.scope, claim.key, claim.hash, claim.id],
    )) as unknown[];
    return claimed.length > 0;
  }

  async find(db: EntityManager, scope: string, key: string): Promise<StoredKey | undefined> {
    const [stored] = (await db.query(
      `SELECT request_hash, state, response_status, response_body, committed_at IS NOT NULL AS effect_committed
         FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    )) as StoredKey[];
    return stored;
  }

  /** Stores the answer if this attempt still holds the claim; false if another attempt took it over. */
  async answer(db: EntityManager, claim: ClaimRef, status: number, body: unknown): Promise<boolean> {
    const updated = (await db.query(
      `UPDATE idempotency_keys SET state = 'done', response_status = $4, response_body = $5::jsonb
        WHERE scope = $1 AND key = $2 AND claim = $3 RETURNING 1`,
      [claim.scope, claim.key, claim.id, status, JSON.stringify(body ?? null)],
    )) as [unknown[], number] | unknown[];
    return rowsOf(updated).length > 0;
  }

  /** Notes, in the work's own transaction, that it took effect; false if another attempt took the claim over. */
  async markCommitted(db: EntityManager, claim: ClaimRef): Promise<boolean> {
    const updated = (await db.query(
      `UPDATE idempotency_keys SET committed_at = now() WHERE scope = $1 AND key = $2 AND claim = $3 RETURNING 1`,
      [claim.scope, claim.key, claim.id],
    )) as [unknown[], number] | unknown[];
    return rowsOf(updated).length > 0;
  }

  /** Removes keys first used more than `hours` ago; answers how many. */
  async prune(db: EntityManager, hours: number): Promise<number> {
    const removed = (await db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [
      hours,
    ])) as [unknown[], number];
    return removed[1];
  }

  /** Removes the keys whose stored answer holds the text (case-insensitively); answers how many. */
  async forgetMentioning(db: EntityManager, text: string): Promise<number> {
    const removed = (await db.query(
      `DELETE FROM idempotency_keys WHERE response_body IS NOT NULL AND strpos(lower(response_body::text), lower($1)) > 0`,
      [text],
    )) as [unknown[], number];
    return removed[1];
  }

  /** Frees the key after a failure that committed nothing, so that a retry runs the request again. */
  async release(db: EntityManager, claim: ClaimRef): Promise<void> {
    await db.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND claim = $3 AND committed_at IS NULL`, [
      claim.scope,
      claim.key,
      claim.id,
    ]);
  }
}

/** TypeORM answers an UPDATE ... RETURNING on PostgreSQL with [rows, count]. */
function rowsOf(result: [unknown[], number] | unknown[]): unknown[] {
  return Array.isArray(result[0]) ? (result[0] as unknown[]) : (result as unknown[]);
}
