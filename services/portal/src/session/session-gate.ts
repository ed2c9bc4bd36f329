import { ForbiddenException, Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { Principal, Role } from '@deelwijs/identity';
import { PortalConfig } from '../config/portal.config';
import { readCookie } from './cookies';
import { SessionExpiredException, SessionService, type ActiveSession } from './session.service';

export const SESSION_COOKIE = 'deelwijs_session';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The one check every signed-in request passes, Nest route or forwarded call: a live session,
 * and for a state-changing method its CSRF token and a same-origin Origin (when the browser
 * sends one). A cookie alone never changes anything.
 */
@Injectable()
export class SessionGate {
  private readonly allowedOrigins: Set<string>;

  constructor(
    private readonly sessions: SessionService,
    private readonly config: PortalConfig,
  ) {
    this.allowedOrigins = new Set([config.PORTAL_PUBLIC_URL, ...config.PORTAL_ALLOWED_ORIGINS].map((url) => new URL(url).origin));
  }

  get secureCookies(): boolean {
    return this.config.PORTAL_PUBLIC_URL.startsWith('https:');
  }

  hasSessionCookie(headers: IncomingHttpHeaders): boolean {
    return readCookie(headers.cookie, SESSION_COOKIE) !== undefined;
  }

  /** The caller's session, or 401 (session-expired when a cookie came, not-signed-in otherwise), or 403 for a missing CSRF token. */
  async admit(method: string, headers: IncomingHttpHeaders): Promise<ActiveSession> {
    const active = await this.live(headers);
    if (STATE_CHANGING.has(method.toUpperCase())) {
      this.checkOrigin(headers);
      const token = headers['x-csrf-token'];
      if (!this.sessions.csrfMatches(active.session, Array.isArray(token) ? token[0] : token)) {
        throw new ForbiddenException('Het CSRF-token ontbreekt of klopt niet / the X-CSRF-Token header is missing or wrong.');
      }
    }
    return active;
  }

  /**
   * The check for pages the portal serves whose own script cannot send the X-CSRF-Token header
   * (the queue dashboard): a live session, and for a state-changing method an Origin header that
   * is the portal's own. A browser sends Origin with every request that is neither GET nor HEAD
   * (Fetch standard), so a missing one means no browser page of ours made the call; a page of
   * another site sends its own origin (and, with the SameSite=Lax cookie, no session either).
   */
  async admitFromOwnPage(method: string, headers: IncomingHttpHeaders): Promise<ActiveSession> {
    const active = await this.live(headers);
    if (STATE_CHANGING.has(method.toUpperCase())) {
      if (headers.origin === undefined) {
        throw new ForbiddenException('A state-changing call must come from a page of the portal (Origin header missing).');
      }
      this.checkOrigin(headers);
    }
    return active;
  }

  private async live(headers: IncomingHttpHeaders): Promise<ActiveSession> {
    const cookie = readCookie(headers.cookie, SESSION_COOKIE);
    const active = await this.sessions.find(cookie);
    if (!active) {
      throw new SessionExpiredException(cookie !== undefined);
    }
    return active;
  }

  checkOrigin(headers: IncomingHttpHeaders): void {
    const origin = headers.origin;
    if (origin !== undefined && !this.allowedOrigins.has(origin)) {
      throw new ForbiddenException(`Origin ${origin} may not make this call.`);
    }
  }

  static principalOf(active: ActiveSession): Principal {
    const { user } = active.session;
    return { kind: 'staff', id: user.id, roles: user.roles as Role[], organisationId: user.organisationId };
  }
}
