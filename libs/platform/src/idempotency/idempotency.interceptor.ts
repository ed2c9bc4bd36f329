import {
  HttpException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { Principal } from '@deelwijs/identity';
import { InvalidInputException, type InvalidParam } from '../http/problem-details.filter';
import { IDEMPOTENCY_KEY_IGNORED } from './ignores-idempotency-key.decorator';
import { IdempotencyService } from './idempotency.service';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** The methods that change state; a GET or DELETE needs no key (a DELETE is idempotent by itself). */
export const IDEMPOTENT_METHODS = ['POST', 'PUT', 'PATCH'];

/**
 * The HTTP side of the Idempotency-Key header, for every POST, PUT and PATCH of a service:
 * which caller, key and request (method, URL and body) it is, and a stored answer replayed as
 * the first request's answer (with `Idempotent-Replayed: true`). The rules are
 * IdempotencyService's. A request without credentials has no caller to scope its key to, so
 * its key is ignored (such endpoints, like a registrant's cancellation link, are idempotent
 * by themselves). So is the key of a multipart upload, whose body the handler streams: the
 * key could not tell another file from the same one (a registration import is idempotent by
 * its content instead). A handler marked @IgnoresIdempotencyKey() ignores it too.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') {
      return next.handle();
    }
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (
      key === undefined ||
      !IDEMPOTENT_METHODS.includes(request.method) ||
      !request.principal ||
      isMultipart(request) ||
      this.reflector.getAllAndOverride<boolean>(IDEMPOTENCY_KEY_IGNORED, [context.getHandler(), context.getClass()])
    ) {
      return next.handle();
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return from(this.run(String(key), request as FastifyRequest & { principal: Principal }, reply, next));
  }

  private async run(
    key: string,
    request: FastifyRequest & { principal: Principal },
    reply: FastifyReply,
    next: CallHandler,
  ): Promise<unknown> {
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new InvalidInputException([
        { name: 'Idempotency-Key', reason: 'must be 1 to 255 visible ASCII characters' },
      ]);
    }
    const answer = await this.idempotency.run(
      {
        scope: `${request.principal.kind}:${request.principal.id}`,
        key,
        hash: requestHash(request),
        // Nest sets the route's status (201 for a POST, or its @HttpCode) before interceptors
        // run; a handler may set another (a PUT that creates answers 201).
        statusOf: () => reply.statusCode,
      },
      () => lastValueFrom(next.handle(), { defaultValue: undefined }),
    );
    if (!answer.replayed) {
      return answer.body;
    }
    void reply.header('idempotent-replayed', 'true');
    const body = answer.body as { exception?: unknown; invalidParams?: InvalidParam[] } | null;
    if (body?.invalidParams) {
      throw new InvalidInputException(body.invalidParams);
    }
    if (answer.status >= 400) {
      throw new HttpException(body?.exception as Record<string, unknown>, answer.status);
    }
    void reply.status(answer.status);
    return body;
  }
}

export function isMultipart(request: FastifyRequest): boolean {
  return String(request.headers['content-type'] ?? '').startsWith('multipart/');
}

/** Of the method, the URL and the body as received (raw bytes for an upload, JSON otherwise). */
function requestHash(request: FastifyRequest): string {
  const hash = createHash('sha256').update(`${request.method} ${request.url}\n`);
  const body = request.body;
  if (Buffer.isBuffer(body)) {
    hash.update(body);
  } else if (typeof body === 'string') {
    hash.update(body);
  } else {
    hash.update(JSON.stringify(body ?? null));
  }
  return hash.digest('hex');
}
