import {
  BadRequestException,
  HttpException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { Principal } from '@deelwijs/identity';
import { InvalidInputException, type InvalidParam } from '@deelwijs/platform';
import { IdempotencyService } from './idempotency.service';

const HEADER = 'idempotency-key';

/**
 * The HTTP side of the Idempotency-Key header: which caller, key and request (method, URL and
 * body) it is, and a stored answer replayed as the first request's answer. The rules are
 * IdempotencyService's.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: IdempotencyService) {}

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
    const answer = await this.idempotency.run(
      {
        scope: `${request.principal?.kind ?? 'anonymous'}:${request.principal?.id ?? ''}`,
        key,
        hash: createHash('sha256')
          .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
          .digest('hex'),
      },
      () => lastValueFrom(next.handle(), { defaultValue: undefined }),
      () => reply.statusCode,
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
