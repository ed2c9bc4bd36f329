import { ConflictException, HttpException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { InvalidInputException } from '@deelwijs/platform';
import { ActivitiesConfig } from '../../config/activities.config';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

interface Claim {
  scope: string;
  key: string;
  /** Unique per attempt: a retry that takes over a stale claim replaces it. */
  id: string;
  answered: boolean;
}

/** What a request with a key answers: its own answer, or the stored answer of the first request. */
export type IdempotentAnswer =
  { replayed: false; body: unknown } | { replayed: true; status: number; body: unknown };

/** The claim of the request being handled, for the work to write its answer in its own transaction. */
const claims = new AsyncLocalStorage<Claim>();

/**
 * Makes a POST safe to retry (draft IETF "Idempotency-Key" header): the first request with a
 * key is remembered with its answer; a repeat gets the same answer, a repeat while the first
 * is still running gets 409, and the same key with another body gets 422. Keys are scoped to
 * the caller, so two partners cannot collide.
 *
 * The claim is committed before the work starts, so a concurrent repeat on another instance
 * sees it. Server errors release the claim: the retry runs the request again.
 */
@Injectable()
export class IdempotencyService {
  /** An in-flight claim older than this belongs to a request that died; a retry may take it over. */
  private readonly staleAfterSeconds: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: IdempotencyKeyRepository,
    config: ActivitiesConfig,
  ) {
    this.staleAfterSeconds = config.IDEMPOTENCY_STALE_AFTER_SECONDS;
  }

  /** Runs the work under a claim on the key, or answers what the key's first request answered. */
  async run(
    request: { scope: string; key: string; hash: string },
    work: () => Promise<unknown>,
    statusOf: () => number,
  ): Promise<IdempotentAnswer> {
    const db = this.dataSource.manager;
    const claim: Claim = { scope: request.scope, key: request.key, id: randomUUID(), answered: false };
    if (!(await this.keys.claim(db, { ...request, claim: claim.id }, this.staleAfterSeconds))) {
      return this.replay(request);
    }
    try {
      const body = await claims.run(claim, work);
      if (!claim.answered) {
        await this.keys.answer(db, request.scope, request.key, statusOf(), body);
      }
      return { replayed: false, body };
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() < 500) {
        // A refusal is the answer too: the same request would be refused the same way.
        await this.keys.answer(db, request.scope, request.key, error.getStatus(), {
          exception: error.getResponse(),
          ...(error instanceof InvalidInputException ? { invalidParams: error.invalidParams } : {}),
        });
      } else {
        await this.keys.release(db, request.scope, request.key);
      }
      throw error;
    }
  }

  /**
   * Records the answer inside the work's transaction, so a crash between the commit and the
   * reply leaves the answer for the retry to replay, and never work without an answer that a
   * retry would do a second time. If another attempt took the claim over meanwhile, this one
   * gives way: its transaction rolls back and the other's answer stands.
   */
  async answerInTransaction(db: EntityManager, status: number, body: unknown): Promise<void> {
    const claim = claims.getStore();
    if (!claim) {
      return;
    }
    if (!(await this.keys.answerUnderClaim(db, claim, status, body))) {
      throw new ConflictException(
        'Another request with this Idempotency-Key took over; retry to get its answer.',
      );
    }
    claim.answered = true;
  }

  private async replay(request: { scope: string; key: string; hash: string }): Promise<IdempotentAnswer> {
    const stored = await this.keys.find(
      this.dataSource.manager,
      request.scope,
      request.key,
      this.staleAfterSeconds,
    );
    if (!stored) {
      // Released by a failed first attempt between our INSERT and this SELECT: ask for a retry.
      throw new ConflictException('A request with this Idempotency-Key just failed; retry it.');
    }
    if (stored.request_hash !== request.hash) {
      throw new UnprocessableEntityException(
        'This Idempotency-Key was used for a different request; use a new key.',
      );
    }
    if (stored.state === 'in-flight') {
      throw new ConflictException(
        'A request with this Idempotency-Key is still being processed; retry later.',
      );
    }
    return { replayed: true, status: stored.response_status!, body: stored.response_body };
  }
}
