import { ConflictException } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';
import { updatedRows } from '../waitlist';

interface Claim {
  scope: string;
  key: string;
  /** Unique per attempt: a retry that takes over a stale claim replaces it. */
  id: string;
  answered: boolean;
}

const claims = new AsyncLocalStorage<Claim>();

/**
 * The Idempotency-Key claim of the request being handled. Its answer is written in the same
 * transaction as the work, so a crash between the commit and the reply leaves the answer for
 * the retry to replay, and never work without an answer that a retry would do a second time.
 */
export const IdempotencyClaim = {
  run<T>(claim: Omit<Claim, 'answered'>, work: () => T): { result: T; claim: Claim } {
    const held: Claim = { ...claim, answered: false };
    return { result: claims.run(held, work), claim: held };
  },

  /**
   * Records the answer inside the caller's transaction. If another attempt took the claim over
   * meanwhile, this one gives way: its transaction rolls back and the other's answer stands.
   */
  async answerInTransaction(manager: EntityManager, status: number, body: unknown): Promise<void> {
    const claim = claims.getStore();
    if (!claim) {
      return;
    }
    const updated = updatedRows(
      await manager.query(
        `UPDATE idempotency_keys SET state = 'done', response_status = $4, response_body = $5::jsonb
          WHERE scope = $1 AND key = $2 AND claim = $3 RETURNING 1`,
        [claim.scope, claim.key, claim.id, status, JSON.stringify(body ?? null)],
      ),
    );
    if (updated.length === 0) {
      throw new ConflictException(
        'Another request with this Idempotency-Key took over; retry to get its answer.',
      );
    }
    claim.answered = true;
  },
};
