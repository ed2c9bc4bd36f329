import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { Correlation } from '@deelwijs/observability';
import { RateLimiter, toProblem } from '@deelwijs/platform';
import { PortalConfig } from '../config/portal.config';
import { SessionGate } from '../session/session-gate';
import { SessionService } from '../session/session.service';
import { serviceBaseUrl, type ForwardedService } from './forwarded-services';

/** Request headers a service sees from the browser; everything else (cookies above all) stays here. */
const REQUEST_HEADERS = ['accept', 'accept-language', 'content-type', 'idempotency-key', 'if-match', 'if-none-match'];
/**
 * Response headers the browser sees from a service: cache-control among them, so that a
 * service's `no-store` on personal data holds in the browser too. The security headers are the
 * portal's own.
 */
const RESPONSE_HEADERS = [
  'cache-control',
  'content-type',
  'content-disposition',
  'content-length',
  'retry-after',
  'api-version',
  'etag',
  'last-modified',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
];
const BODYLESS = new Set(['GET', 'HEAD']);
/**
 * Writes a person without an account may make: an anonymous answer to an evaluation form (the
 * knowledge service's route is public and stores nothing about who answered). Without a
 * session cookie there is no ambient credential for another site to abuse, so no CSRF token
 * is needed either.
 */
const ANONYMOUS_WRITES: Array<{ service: ForwardedService; method: string; path: RegExp }> = [
  { service: 'knowledge', method: 'POST', path: /^\/evaluation-forms\/[0-9a-f-]{36}\/responses$/i },
];

/** Whether this request may go to the service without a session (public reads, anonymous answers). */
export function anonymousAllowed(service: ForwardedService, method: string, url: string): boolean {
  if (BODYLESS.has(method)) {
    return true;
  }
  const rest = url.slice(`/api/${service}`.length).split('?')[0];
  return ANONYMOUS_WRITES.some((write) => write.service === service && write.method === method && write.path.test(rest));
}
const UPSTREAM_TIMEOUT_MS = 120_000;

/**
 * `/api/<service>/<rest>` → the service's `/v1/<rest>` with the person's access token:
 * method, query and body as they came (streamed, never parsed here), the answer streamed back.
 * Without any session cookie, reads go through anonymously (public routes such as the API
 * descriptions), and so do the few anonymous writes (ANONYMOUS_WRITES); with a cookie, the session must be live, and a state-changing call needs its
 * CSRF token.
 */
@Injectable()
export class ForwardingService {
  private readonly logger = new Logger(ForwardingService.name);

  constructor(
    private readonly gate: SessionGate,
    private readonly sessions: SessionService,
    private readonly limiter: RateLimiter,
    private readonly config: PortalConfig,
  ) {}

  async forward(service: ForwardedService, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    try {
      const headers = this.requestHeaders(request);
      const anonymous = anonymousAllowed(service, request.method, request.url) && !this.gate.hasSessionCookie(request.headers);
      if (!anonymous) {
        const active = await this.gate.admit(request.method, request.headers);
        await this.limit(SessionGate.principalOf(active).id, request, reply);
        headers.set('authorization', `Bearer ${await this.sessions.accessToken(active)}`);
      } else {
        await this.limit(undefined, request, reply);
      }
      await this.pass(service, request, reply, headers);
    } catch (error) {
      if (reply.sent) {
        this.logger.warn({ msg: 'forwarded answer cut off', service, error: (error as Error).message });
        reply.raw.destroy();
        return;
      }
      const problem = toProblem(error instanceof HttpException || isHttpError(error) ? error : this.unavailable(service, error), request.url.split('?')[0]);
      void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
    }
  }

  private async pass(service: ForwardedService, request: FastifyRequest, reply: FastifyReply, headers: Headers): Promise<void> {
    const base = serviceBaseUrl(this.config, service);
    const rest = request.url.slice(`/api/${service}`.length);
    const target = `${base}/v1${rest.startsWith('/') || rest.startsWith('?') || rest === '' ? rest : `/${rest}`}`;
    const hasBody = !BODYLESS.has(request.method) && (request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined);
    const upstream = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? (Readable.toWeb(request.raw) as ReadableStream) : undefined,
      duplex: 'half',
      redirect: 'manual',
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    } as RequestInit);
    void reply.status(upstream.status);
    for (const name of RESPONSE_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) {
        void reply.header(name, value);
      }
    }
    const location = upstream.headers.get('location');
    if (location) {
      void reply.header('location', rewriteLocation(location, base, service));
    }
    if (!upstream.body || request.method === 'HEAD') {
      void reply.send();
      return;
    }
    await reply.send(Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream));
  }

  private requestHeaders(request: FastifyRequest): Headers {
    const headers = new Headers();
    for (const name of REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') {
        headers.set(name, value);
      }
    }
    headers.set('x-correlation-id', Correlation.current() ?? String(request.id));
    return headers;
  }

  private async limit(subject: string | undefined, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const decision = await this.limiter.hit(subject ? { kind: 'staff', id: subject, roles: [] } : undefined, request.ip);
    if (decision && !decision.allowed) {
      void reply.header('retry-after', String(decision.resetSeconds));
      throw new HttpException(`Te veel verzoeken / too many requests; retry after ${decision.resetSeconds} s.`, HttpStatus.TOO_MANY_REQUESTS);
    }
  }

  private unavailable(service: string, error: unknown): HttpException {
    this.logger.error({ msg: 'service unreachable', service, error: (error as Error).message });
    return new HttpException(`De dienst ${service} antwoordt niet / the ${service} service does not answer.`, HttpStatus.SERVICE_UNAVAILABLE);
  }
}

function isHttpError(error: unknown): boolean {
  return typeof (error as { getStatus?: unknown }).getStatus === 'function';
}

/** A service's `/v1/...` (relative or on its own origin) as the browser reaches it: `/api/<service>/...`. */
export function rewriteLocation(location: string, base: string, service: string): string {
  const resolved = new URL(location, `${base}/`);
  if (resolved.origin !== new URL(base).origin || !resolved.pathname.startsWith('/v1/')) {
    return location;
  }
  return `/api/${service}${resolved.pathname.slice('/v1'.length)}${resolved.search}`;
}
