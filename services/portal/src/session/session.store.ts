import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RedisConnection } from '@deelwijs/platform';
import { PortalConfig } from '../config/portal.config';
import type { TokenSet } from '../auth/oidc-client';

export interface SessionUser {
  id: string;
  name: string;
  email?: string;
  roles: string[];
  organisationId?: string;
  organisationName?: string;
}

export interface PortalSession {
  user: SessionUser;
  csrfToken: string;
  tokens: TokenSet;
  /** Epoch milliseconds. */
  createdAt: number;
  lastSeenAt: number;
}

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

const LOGIN_TTL_SECONDS = 600;

/**
 * Sessions and sign-ins in progress, in Redis, so that every portal instance shares them and a
 * restart loses none. Keys hold a hash of the cookie's value, never the value itself: whoever
 * reads Redis cannot take a session over. Redis's TTL ends an idle session.
 */
@Injectable()
export class SessionStore {
  private readonly prefix: string;

  constructor(
    private readonly redis: RedisConnection,
    config: PortalConfig,
  ) {
    this.prefix = `deelwijs:${config.EVENTS_NAMESPACE || 'main'}-portal`;
  }

  async read(sessionId: string): Promise<PortalSession | undefined> {
    const text = await this.redis.client.get(this.sessionKey(sessionId));
    return text ? (JSON.parse(text) as PortalSession) : undefined;
  }

  async write(sessionId: string, session: PortalSession, ttlMs: number): Promise<void> {
    await this.redis.client.set(this.sessionKey(sessionId), JSON.stringify(session), 'PX', Math.max(1, Math.floor(ttlMs)));
  }

  async delete(sessionId: string): Promise<void> {
    await this.redis.client.del(this.sessionKey(sessionId));
  }

  /** One refresh at a time per session: a provider that rotates refresh tokens takes only the first use of one. */
  async lockRefresh(sessionId: string): Promise<boolean> {
    return (await this.redis.client.set(`${this.sessionKey(sessionId)}:refresh`, '1', 'PX', 10_000, 'NX')) === 'OK';
  }

  async unlockRefresh(sessionId: string): Promise<void> {
    await this.redis.client.del(`${this.sessionKey(sessionId)}:refresh`);
  }

  async savePendingLogin(loginId: string, login: PendingLogin): Promise<void> {
    await this.redis.client.set(this.loginKey(loginId), JSON.stringify(login), 'EX', LOGIN_TTL_SECONDS);
  }

  /** Read once: a callback replayed with the same cookie finds nothing. */
  async takePendingLogin(loginId: string): Promise<PendingLogin | undefined> {
    const text = await this.redis.client.getdel(this.loginKey(loginId));
    return text ? (JSON.parse(text) as PendingLogin) : undefined;
  }

  get loginTtlSeconds(): number {
    return LOGIN_TTL_SECONDS;
  }

  private sessionKey(sessionId: string): string {
    return `${this.prefix}-session:${digest(sessionId)}`;
  }

  private loginKey(loginId: string): string {
    return `${this.prefix}-login:${digest(loginId)}`;
  }
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
