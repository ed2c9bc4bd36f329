import {
  BadRequestException,
  ConflictException,
  HttpException,
  Injectable,
  UnprocessableEntityException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import type { Principal } from '@deelwijs/identity';
import { InvalidInputException, type InvalidParam } from '@deelwijs/platform';
import { ActivitiesConfig } from '../../config/activities.config';
import { IdempotencyClaim } from './idempotency-claim';

const HEADER = 'idempotency-key';

interface StoredKey {
  request_hash: string;
  state: 'in-flight' | 'done';
  response_status: number | null;
  response_body: unknown;
  stale: boolean;
}

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
export class IdempotencyInterceptor implements NestInterceptor {
  /** An in-flight claim older than this belongs to a request that died; a retry may take it over. */
  private readonly staleAfterSeconds: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: ActivitiesConfig,
  ) {
    this.staleAfterSeconds = config.IDEMPOTENCY_STALE_AFTER_SECONDS;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = request.headers[HEADER];
    if (key === undefined) {
      return next.handle();
    }
    return from(this.run(String(key), request, reply, next));
  }

  private async run(
    key: string,
    request: FastifyRequest & { principal?: Principal },
    reply: FastifyReply,
    next: CallHandler,
  ): Promise<unknown> {
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new BadRequestException('Idempotency-Key must be 1 to 255 visible ASCII characters.');
    }
    const scope = `${request.principal?.kind ?? 'anonymous'}:${request.principal?.id ?? ''}`;
    const hash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const claimId = randomUUID();
    const claimed = (await this.dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, state, claim) VALUES ($1, $2, $3, 'in-flight', $5)
       ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, claim = EXCLUDED.claim, created_at = now()
         WHERE idempotency_keys.state = 'in-flight' AND idempotency_keys.created_at < now() - make_interval(secs => $4)
       RETURNING 1`,
      [scope, key, hash, this.staleAfterSeconds, claimId],
    )) as unknown[];
    if (claimed.length === 0) {
      return this.replay(scope, key, hash, reply);
    }
    try {
      const { result, claim } = IdempotencyClaim.run({ scope, key, id: claimId }, () =>
        lastValueFrom(next.handle(), { defaultValue: undefined }),
      );
      const body = await result;
      if (!claim.answered) {
        await this.remember(scope, key, reply.statusCode, body);
      }
      return body;
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() < 500) {
        // A refusal is the answer too: the same request would be refused the same way.
        await this.remember(scope, key, error.getStatus(), {
          exception: error.getResponse(),
          ...(error instanceof InvalidInputException ? { invalidParams: error.invalidParams } : {}),
        });
      } else {
        await this.dataSource.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2`, [
          scope,
          key,
        ]);
      }
      throw error;
    }
  }

  private async remember(scope: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4::jsonb WHERE scope = $1 AND key = $2`,
      [scope, key, status, JSON.stringify(body ?? null)],
    );
  }

  private async replay(scope: string, key: string, hash: string, reply: FastifyReply): Promise<unknown> {
    const [stored] = (await this.dataSource.query(
      `SELECT request_hash, state, response_status, response_body,
              created_at < now() - make_interval(secs => $3) AS stale
         FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key, this.staleAfterSeconds],
    )) as StoredKey[];
    if (!stored) {
      // Released by a failed first attempt between our INSERT and this SELECT: ask for a retry.
      throw new ConflictException('A request with this Idempotency-Key just failed; retry it.');
    }
    if (stored.request_hash !== hash) {
      throw new UnprocessableEntityException(
        'This Idempotency-Key was used for a different request; use a new key.',
      );
    }
    if (stored.state === 'in-flight') {
      throw new ConflictException(
        'A request with this Idempotency-Key is still being processed; retry later.',
      );
    }
    void reply.header('idempotent-replayed', 'true');
    const body = stored.response_body as { exception?: unknown; invalidParams?: InvalidParam[] } | null;
    if (body?.invalidParams) {
      throw new InvalidInputException(body.invalidParams);
    }
    if (stored.response_status! >= 400) {
      throw new HttpException(body?.exception as Record<string, unknown>, stored.response_status!);
    }
    void reply.status(stored.response_status!);
    return body;
  }
}
