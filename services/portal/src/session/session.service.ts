import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { OidcClient, type TokenSet } from '../auth/oidc-client';
import { PortalConfig } from '../config/portal.config';
import { SessionStore, type PortalSession, type SessionUser } from './session.store';

/** Refreshed this long before it expires, so a forwarded call never carries a token about to die. */
const REFRESH_MARGIN_MS = 30_000;
/** lastSeenAt is written at most this often; the idle timeout is that much less exact. */
const TOUCH_INTERVAL_MS = 30_000;

export const SESSION_EXPIRED_TYPE = 'https://deelwijs.nl/problems/session-expired';
export const NOT_SIGNED_IN_TYPE = 'https://deelwijs.nl/problems/not-signed-in';

export class SessionExpiredException extends HttpException {
  constructor(signedIn: boolean) {
    super(
      {
        type: signedIn ? SESSION_EXPIRED_TYPE : NOT_SIGNED_IN_TYPE,
        message: signedIn
          ? 'Uw sessie is verlopen; meld u opnieuw aan / your session has expired; please sign in again.'
          : 'U bent niet aangemeld / you are not signed in.',
      },
      HttpStatus.UNAUTHORIZED,
    );
  }
}

export interface ActiveSession {
  id: string;
  session: PortalSession;
}

/**
 * The signed-in session: made at sign-in (always a new id: rotation), ended by the idle and
 * absolute timeouts or by sign-out, and holding the tokens, which it refreshes before they
 * expire. The browser holds only the session's id, in an httpOnly cookie.
 */
@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);

  constructor(
    private readonly store: SessionStore,
    private readonly oidc: OidcClient,
    private readonly config: PortalConfig,
  ) {}

  async create(user: SessionUser, tokens: TokenSet): Promise<ActiveSession> {
    const id = randomBytes(32).toString('base64url');
    const now = Date.now();
    const session: PortalSession = { user, tokens, csrfToken: randomBytes(32).toString('base64url'), createdAt: now, lastSeenAt: now };
    await this.store.write(id, session, this.ttl(session, now));
    return { id, session };
  }

  /** The live session of this id, touched; undefined when there is none or it has timed out. */
  async find(id: string | undefined): Promise<ActiveSession | undefined> {
    if (!id) {
      return undefined;
    }
    const session = await this.store.read(id);
    const now = Date.now();
    if (!session || this.expiresAt(session) <= now) {
      if (session) {
        await this.store.delete(id);
      }
      return undefined;
    }
    if (now - session.lastSeenAt > TOUCH_INTERVAL_MS) {
      session.lastSeenAt = now;
      await this.store.write(id, session, this.ttl(session, now));
    }
    return { id, session };
  }

  expiresAt(session: PortalSession): number {
    return Math.min(
      session.lastSeenAt + this.config.SESSION_IDLE_TIMEOUT_SECONDS * 1_000,
      session.createdAt + this.config.SESSION_ABSOLUTE_TIMEOUT_SECONDS * 1_000,
    );
  }

  async end(active: ActiveSession): Promise<void> {
    await this.store.delete(active.id);
  }

  /**
   * An access token good for at least the next half minute, refreshed if needed. When the
   * refresh fails (the provider's session ended) the session ends too.
   */
  async accessToken(active: ActiveSession): Promise<string> {
    if (active.session.tokens.accessTokenExpiresAt - Date.now() > REFRESH_MARGIN_MS) {
      return active.session.tokens.accessToken;
    }
    if (!active.session.tokens.refreshToken) {
      await this.end(active);
      throw new SessionExpiredException(true);
    }
    if (!(await this.store.lockRefresh(active.id))) {
      return this.awaitOtherRefresh(active);
    }
    try {
      const tokens = await this.oidc.refresh(active.session.tokens.refreshToken);
      const latest = (await this.store.read(active.id)) ?? active.session;
      latest.tokens = { ...tokens, idToken: tokens.idToken ?? active.session.tokens.idToken };
      await this.store.write(active.id, latest, this.ttl(latest, Date.now()));
      active.session = latest;
      return tokens.accessToken;
    } catch (error) {
      this.logger.warn({ msg: 'token refresh failed; ending the session', error: (error as Error).message });
      await this.end(active);
      throw new SessionExpiredException(true);
    } finally {
      await this.store.unlockRefresh(active.id);
    }
  }

  csrfMatches(session: PortalSession, presented: string | undefined): boolean {
    if (!presented) {
      return false;
    }
    const expected = Buffer.from(session.csrfToken);
    const given = Buffer.from(presented);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** Another request of the same session is refreshing: wait (briefly) for its new token. */
  private async awaitOtherRefresh(active: ActiveSession): Promise<string> {
    for (let attempt = 0; attempt < 50; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const latest = await this.store.read(active.id);
      if (!latest) {
        throw new SessionExpiredException(true);
      }
      if (latest.tokens.accessTokenExpiresAt - Date.now() > REFRESH_MARGIN_MS) {
        active.session = latest;
        return latest.tokens.accessToken;
      }
    }
    throw new SessionExpiredException(true);
  }

  private ttl(session: PortalSession, now: number): number {
    return this.expiresAt(session) - now;
  }
}
