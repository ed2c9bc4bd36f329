import { Controller, ForbiddenException, Get, HttpCode, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import { Public } from '@deelwijs/identity';
import { PortalConfig } from '../config/portal.config';
import { IdentityRecords } from '../identity-admin/identity-records';
import { clearedCookie, readCookie, serializeCookie } from '../session/cookies';
import { SESSION_COOKIE, SessionGate } from '../session/session-gate';
import type { PortalRequest } from '../session/session.guard';
import { SessionService } from '../session/session.service';
import { SessionStore } from '../session/session.store';
import { AccessTokenVerifier } from './access-token-verifier';
import { OidcClient } from './oidc-client';
import { safeReturnTo } from './return-to';

const LOGIN_COOKIE = 'deelwijs_login';

/** Sign-in (authorization code with PKCE) and sign-out; see docs/portal-contract.md. */
@ApiExcludeController()
@Controller('auth')
export class AuthController {
  private readonly logger = new Logger(AuthController.name);

  constructor(
    private readonly oidc: OidcClient,
    private readonly store: SessionStore,
    private readonly sessions: SessionService,
    private readonly gate: SessionGate,
    private readonly verifier: AccessTokenVerifier,
    private readonly identity: IdentityRecords,
    private readonly config: PortalConfig,
  ) {}

  @Public()
  @Get('login')
  async login(@Query('returnTo') returnTo: unknown, @Query('lang') language: unknown, @Res() reply: FastifyReply): Promise<void> {
    const checks = await this.oidc.newLoginChecks();
    const loginId = randomBytes(24).toString('base64url');
    await this.store.savePendingLogin(loginId, { ...checks, returnTo: safeReturnTo(returnTo) });
    const url = await this.oidc.authorizationUrl(checks, language === 'en' || language === 'nl' ? language : undefined);
    void reply
      .header('set-cookie', serializeCookie(LOGIN_COOKIE, loginId, { path: '/auth', secure: this.gate.secureCookies, maxAge: this.store.loginTtlSeconds }))
      .header('cache-control', 'no-store')
      .redirect(url.href, 302);
  }

  @Public()
  @Get('callback')
  async callback(@Req() request: PortalRequest, @Res() reply: FastifyReply): Promise<void> {
    const loginId = readCookie(request.headers.cookie, LOGIN_COOKIE);
    const pending = loginId ? await this.store.takePendingLogin(loginId) : undefined;
    const secure = this.gate.secureCookies;
    void reply.header('cache-control', 'no-store');
    if (!pending) {
      // Expired, replayed, or begun in another browser: start over rather than trust the answer.
      void reply.redirect('/auth/login', 302);
      return;
    }
    const callbackUrl = new URL(request.url, this.config.PORTAL_PUBLIC_URL);
    if (callbackUrl.searchParams.has('error')) {
      void reply.header('set-cookie', clearedCookie(LOGIN_COOKIE, { path: '/auth', secure })).redirect('/', 302);
      return;
    }
    const tokens = await this.oidc.exchange(callbackUrl, pending);
    let principal;
    try {
      principal = await this.verifier.verify(tokens.accessToken);
    } catch (error) {
      this.logger.warn({ msg: 'sign-in refused: the access token is not one the services accept', error: (error as Error).message });
      throw new ForbiddenException(
        'Uw account heeft geen rol in Deelwijs / your account has no Deelwijs role, or its token is not for the Deelwijs services.',
      );
    }
    const claims = tokens.idTokenClaims ?? {};
    const organisationName = principal.organisationId ? this.identity.directory.organisation(principal.organisationId)?.name : undefined;
    const previous = await this.sessions.find(readCookie(request.headers.cookie, SESSION_COOKIE));
    if (previous) {
      await this.sessions.end(previous);
    }
    const active = await this.sessions.create(
      {
        id: principal.id,
        name: stringClaim(claims.name) ?? stringClaim(claims.preferred_username) ?? principal.id,
        email: stringClaim(claims.email),
        roles: principal.roles,
        organisationId: principal.organisationId,
        organisationName,
      },
      tokens,
    );
    void reply
      .header('set-cookie', [
        serializeCookie(SESSION_COOKIE, active.id, { path: '/', secure }),
        clearedCookie(LOGIN_COOKIE, { path: '/auth', secure }),
      ])
      .redirect(pending.returnTo, 302);
  }

  /** Ends the session here and answers where the browser ends it at the provider. */
  @Public()
  @Post('logout')
  @HttpCode(200)
  async logout(@Req() request: PortalRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ logoutUrl: string }> {
    this.gate.checkOrigin(request.headers);
    const clear = () => reply.header('set-cookie', clearedCookie(SESSION_COOKIE, { path: '/', secure: this.gate.secureCookies }));
    let active;
    try {
      active = await this.gate.admit('POST', request.headers);
    } catch (error) {
      // No session (or an expired one): there is nothing to end, and nothing a forged call could do.
      if ((error as { getStatus?: () => number }).getStatus?.() === 401) {
        void clear();
        return { logoutUrl: '/' };
      }
      throw error;
    }
    void clear();
    await this.sessions.end(active);
    if (active.session.tokens.refreshToken) {
      await this.oidc.revoke(active.session.tokens.refreshToken);
    }
    return { logoutUrl: (await this.oidc.endSessionUrl(active.session.tokens.idToken)) ?? '/' };
  }
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
