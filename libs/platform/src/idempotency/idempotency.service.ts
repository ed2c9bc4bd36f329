import {
  ConflictException,
  HttpException,
  Injectable,
  UnprocessableEntityException,
  type OnModuleInit,
} from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import {
  DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';
import { InvalidInputException } from '../http/problem-details.filter';
import { claimLockId, ClaimLocks } from './claim-locks';
import { IdempotencyKeyRepository, type ClaimRef } from './idempotency-key.repository';

interface Claim extends ClaimRef {
  /** The status the request answers with when it succeeds. */
  statusOf: () => number;
  /** The transaction that stores its answer with its work, until it commits or rolls back. */
  answeredIn?: QueryRunner;
  /** Its answer is stored with its work, committed. */
  answered: boolean;
  /** The request is over: a transaction started later in its async context is not its work. */
  finished: boolean;
}

/** What a request with a key answers: its own answer, or the stored answer of the first request. */
export type IdempotentAnswer = { replayed: false; body: unknown } | { replayed: true; status: number; body: unknown };

export interface IdempotentRequest {
  /** The caller: keys are scoped to it, so two callers never share one. */
  scope: string;
  key: string;
  /** Of the method, URL and body: the same key with another request is refused. */
  hash: string;
  /** The status on success: the route's, or what the handler set. */
  statusOf: () => number;
}

/** How long a key is remembered: a day, as the IETF draft suggests, until the next daily prune. */
export const KEY_RETENTION_HOURS = 24;

/** The claim of the request being handled, for its transactions to store its answer or mark its effect. */
const claims = new AsyncLocalStorage<Claim>();

/**
 * Makes a state-changing request safe to retry (IETF draft "The Idempotency-Key HTTP Header
 * Field"): the first request with a key is remembered with its answer; a repeat gets the same
 * status and body, a repeat while the first is still running gets 409, and the same key with
 * another request gets 422. Keys are scoped to the caller, so two partners cannot collide.
 *
 * An attempt holds its key two ways: a row `in-flight` with the attempt's claim id, committed
 * before the work starts so every instance sees it, and the key's advisory lock in this
 * instance's PostgreSQL session (ClaimLocks), which dies with the instance. A retry that gets
 * the lock while the row is in flight knows the first attempt is gone and takes the claim
 * over at once.
 *
 * Exactly one effect: the work's transaction either stores the answer itself
 * (`answerInTransaction`, on the busiest paths) or, at its commit, marks the row as having
 * taken effect (a TypeORM subscriber, for every other path). Both write under the attempt's
 * claim id, so an attempt whose claim another has taken over rolls back instead of doing the
 * work twice; and a claim whose work committed is never taken over. Only when an instance
 * dies in the few milliseconds between such a commit and storing the answer is the answer
 * lost: the retry is then told so (409), never run again.
 *
 * Refusals (4xx) are answers too; a server error frees the key, unless the work committed.
 */
@Injectable()
export class IdempotencyService implements OnModuleInit, EntitySubscriberInterface {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: IdempotencyKeyRepository,
    private readonly locks: ClaimLocks,
  ) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  /** Runs the work under a claim on the key, or answers what the key's first request answered. */
  async run(request: IdempotentRequest, work: () => Promise<unknown>): Promise<IdempotentAnswer> {
    const db = this.dataSource.manager;
    const lockId = claimLockId(request.scope, request.key);
    if (!(await this.locks.tryLock(lockId))) {
      // A live attempt holds the key: its answer may be stored already, or it is still running.
      return this.replay(request, 'busy');
    }
    const claim: Claim = {
      scope: request.scope,
      key: request.key,
      id: randomUUID(),
      statusOf: request.statusOf,
      answered: false,
      finished: false,
    };
    try {
      if (!(await this.keys.claim(db, { ...claim, hash: request.hash }))) {
        return await this.replay(request, 'settled');
      }
      try {
        const body = await claims.run(claim, work);
        claim.finished = true;
        if (!claim.answered) {
          await this.keys.answer(db, claim, request.statusOf(), body);
        }
        return { replayed: false, body };
      } catch (error) {
        claim.finished = true;
        if (error instanceof HttpException && error.getStatus() < 500) {
          // A refusal is the answer too: the same request would be refused the same way.
          await this.keys.answer(db, claim, error.getStatus(), {
            exception: error.getResponse(),
            ...(error instanceof InvalidInputException ? { invalidParams: error.invalidParams } : {}),
          });
        } else {
          await this.keys.release(db, claim);
        }
        throw error;
      }
    } finally {
      await this.locks.unlock(lockId);
    }
  }

  /**
   * Forgets keys first used more than KEY_RETENTION_HOURS ago (run daily by housekeeping): a
   * client retries within minutes, and the stored answers may hold what a registrant told us.
   */
  prune(): Promise<number> {
    return this.keys.prune(this.dataSource.manager, KEY_RETENTION_HOURS);
  }

  /**
   * Removes the stored answers that hold an e-mail address (a registration's answer holds its
   * contact's): part of erasing everything about that address. Answers how many.
   */
  forgetAnswersMentioning(email: string): Promise<number> {
    return this.keys.forgetMentioning(this.dataSource.manager, email);
  }

  /**
   * Stores the answer inside the work's transaction, so that a crash between the commit and
   * the reply leaves the answer for the retry to replay. If another attempt took the claim
   * over meanwhile, this one gives way: its transaction rolls back and the other's answer stands.
   */
  async answerInTransaction(db: EntityManager, body: unknown): Promise<void> {
    const claim = claims.getStore();
    if (!claim || claim.finished) {
      return;
    }
    if (!(await this.keys.answer(db, claim, claim.statusOf(), body))) {
      throw tookOver();
    }
    claim.answeredIn = db.queryRunner;
  }

  /** Every transaction a keyed request commits marks its key as having taken effect (see above). */
  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const claim = claims.getStore();
    if (!claim || claim.finished || claim.answered || claim.answeredIn === event.queryRunner || event.dataSource !== this.dataSource) {
      return;
    }
    if (!(await this.keys.markCommitted(event.manager, claim))) {
      throw tookOver();
    }
  }

  /** The answer stored in a transaction counts once that transaction (not just a savepoint) has committed. */
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const claim = claims.getStore();
    if (claim?.answeredIn === event.queryRunner && !event.queryRunner.isTransactionActive) {
      claim.answered = true;
      claim.answeredIn = undefined;
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const claim = claims.getStore();
    if (claim?.answeredIn === event.queryRunner && !event.queryRunner.isTransactionActive) {
      claim.answeredIn = undefined;
    }
  }

  /**
   * The answer for a key this attempt could not claim. `busy`: another live attempt holds its
   * lock; `settled`: the key is answered, took effect, or belongs to another request.
   */
  private async replay(request: IdempotentRequest, why: 'busy' | 'settled'): Promise<IdempotentAnswer> {
    const stored = await this.keys.find(this.dataSource.manager, request.scope, request.key);
    if (stored && stored.request_hash !== request.hash) {
      throw new UnprocessableEntityException('This Idempotency-Key was used for a different request; use a new key.');
    }
    if (stored?.state === 'done') {
      return { replayed: true, status: stored.response_status!, body: stored.response_body };
    }
    if (why === 'settled' && stored?.effect_committed) {
      throw new ConflictException(
        'The first request with this Idempotency-Key took effect, but its answer was lost when its instance stopped; read the resource to see the outcome.',
      );
    }
    if (why === 'settled' && !stored) {
      // Freed by a failed first attempt between our claim and this read: ask for a retry.
      throw new ConflictException('A request with this Idempotency-Key just failed; retry it.');
    }
    throw new ConflictException('A request with this Idempotency-Key is still being processed; retry later.');
  }
}

function tookOver(): ConflictException {
  return new ConflictException('Another request with this Idempotency-Key took over; retry to get its answer.');
}
