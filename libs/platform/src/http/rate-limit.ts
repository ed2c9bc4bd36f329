import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import IORedis, { type Redis } from 'ioredis';
import { once } from 'node:events';
import { from, switchMap, type Observable } from 'rxjs';
import type { Principal } from '@deelwijs/identity';

export const RATE_LIMIT_OPTIONS = Symbol('RATE_LIMIT_OPTIONS');
const EXEMPT_KEY = 'deelwijs:rate-limit-exempt';

export interface RateLimitOptions {
  redisUrl: string;
  /** Redis keys are `<prefix>:<namespace or "main">-<service>-rate:...`, beside the service's queues. */
  prefix: string;
  namespace: string;
  service: string;
  /** Requests per minute per API key or staff subject; 0 turns limiting off. */
  perMinute: number;
  /** Requests per minute per client address for calls without credentials; 0 turns it off. */
  anonymousPerMinute: number;
}

/** Never limited: probes from the orchestrator must answer however busy a client is. */
export const RateLimitExempt = () => SetMetadata(EXEMPT_KEY, true);

const WINDOW_MS = 60_000;

/**
 * A fixed window per caller that starts with the caller's first request: INCR, and PEXPIRE on
 * the first. One script, so the count and its expiry are set atomically on every instance.
 */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

interface RateLimitRedis extends Redis {
  rateLimitHit(key: string, windowMs: number): Promise<[number, number]>;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends. */
  resetSeconds: number;
}

/**
 * Counts requests per caller in Redis, so that the limit holds across every instance of a
 * service. When Redis does not answer the request is let through: a rate limit must not take
 * the API down with it (the fault suite kills Redis under load).
 */
@Injectable()
export class RateLimiter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly redis: RateLimitRedis;
  private failingOpen = false;

  constructor(@Inject(RATE_LIMIT_OPTIONS) private readonly options: RateLimitOptions) {
    // Its own connection: the shared one waits out a Redis outage (BullMQ needs that), which
    // here would hold every request. This one fails at once and the request goes through.
    this.redis = new IORedis(options.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 2_000,
    }) as RateLimitRedis;
    this.redis.on('error', () => undefined);
    this.redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  }

  /** Waits (briefly) for the connection, so the first requests after start-up are counted. */
  async onModuleInit(): Promise<void> {
    if (this.redis.status === 'ready' || !this.enabled) {
      return;
    }
    // Not reachable at boot: requests go through uncounted until it is (see hit()).
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
    await Promise.race([once(this.redis, 'ready').catch(() => undefined), timeout]);
  }

  get enabled(): boolean {
    return this.options.perMinute > 0 || this.options.anonymousPerMinute > 0;
  }

  /** Counts one request of the caller; undefined when this kind of caller is not limited or Redis is away. */
  async hit(principal: Principal | undefined, clientAddress: string): Promise<RateLimitDecision | undefined> {
    const limit = principal ? this.options.perMinute : this.options.anonymousPerMinute;
    if (limit <= 0) {
      return undefined;
    }
    // An API key's id, never the key; a staff member's subject; the address of anyone else.
    const caller = principal ? `${principal.kind}:${principal.id}` : `ip:${clientAddress}`;
    const key = `${this.options.prefix}:${this.options.namespace || 'main'}-${this.options.service}-rate:${caller}`;
    let count: number;
    let ttlMs: number;
    try {
      [count, ttlMs] = await this.redis.rateLimitHit(key, WINDOW_MS);
    } catch (error) {
      if (!this.failingOpen) {
        this.logger.warn({
          msg: 'rate limit store unavailable; letting requests through',
          error: (error as Error).message,
        });
        this.failingOpen = true;
      }
      return undefined;
    }
    this.failingOpen = false;
    return {
      allowed: count <= limit,
      limit,
      remaining: Math.max(0, limit - count),
      resetSeconds: Math.max(1, Math.ceil(ttlMs / 1_000)),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status !== 'ready') {
      // Not connected: quit would wait for a connection; this also stops reconnecting.
      this.redis.disconnect();
      return;
    }
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * Applies the limit to every HTTP request. An interceptor rather than a Fastify hook because it
 * runs after the guards: the caller (API key or staff subject) is known by then. Requests that
 * fail authentication are refused before they get here and are not counted.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (
      context.getType() !== 'http' ||
      !this.limiter.enabled ||
      this.reflector.getAllAndOverride<boolean>(EXEMPT_KEY, [context.getHandler(), context.getClass()])
    ) {
      return next.handle();
    }
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return from(this.limiter.hit(request.principal, request.ip)).pipe(
      switchMap((decision) => {
        if (decision) {
          // IETF draft "RateLimit header fields for HTTP": clients can pace themselves before a 429.
          void reply.header('RateLimit-Limit', String(decision.limit));
          void reply.header('RateLimit-Remaining', String(decision.remaining));
          void reply.header('RateLimit-Reset', String(decision.resetSeconds));
          if (!decision.allowed) {
            void reply.header('Retry-After', String(decision.resetSeconds));
            throw new HttpException(
              `Te veel verzoeken / too many requests: at most ${decision.limit} a minute for ${request.principal ? 'this caller' : 'this address'}; retry after ${decision.resetSeconds} s.`,
              HttpStatus.TOO_MANY_REQUESTS,
            );
          }
        }
        return next.handle();
      }),
    );
  }
}
