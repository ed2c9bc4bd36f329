import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DemoAccount } from '@deelwijs/identity';
import { errorPage, languageOf, loginPage, logoutPage, signedOutPage, type Language } from './login-page';
import type { ProviderKeys } from './provider-keys';
import { RedisAdapter } from './redis-adapter';

export interface IdentityProviderOptions {
  issuer: string;
  /** The services' audience: every access token is a JWT for it (resource indicator). */
  audience: string;
  keys: ProviderKeys;
  client: { clientId: string; clientSecret: string; portalUrls: string[] };
  accounts: readonly DemoAccount[];
  password: string;
  accessTokenTtlSeconds: number;
  sessionTtlSeconds: number;
  /** Storage for sessions, grants and tokens; in memory (lost on restart) when absent. */
  redis?: { client: Redis; prefix: string };
}

/** The scope of the services' API, the only resource server this provider knows. */
export const API_SCOPE = 'api';
const OIDC_SCOPES = 'openid profile email offline_access';

type Provider = InstanceType<Awaited<ReturnType<typeof loadOidcProvider>>['default']>;
type KoaContext = Parameters<NonNullable<Parameters<Provider['use']>[0]>>[0];

/** oidc-provider is an ES module; see libs/identity/src/oidc/es-modules.ts for why import(). */
function loadOidcProvider() {
  return import('oidc-provider');
}

/**
 * A real OpenID provider (oidc-provider) for development, demos and tests: the demo accounts,
 * authorization code with PKCE, JWT access tokens for the services' audience, refresh tokens
 * and RP-initiated logout, and its own Dutch/English sign-in page.
 */
export async function createIdentityProvider(options: IdentityProviderOptions): Promise<{
  provider: Provider;
  handle: (request: IncomingMessage, response: ServerResponse) => void;
}> {
  const { default: OidcProvider, errors } = await loadOidcProvider();
  const accounts = new Map(options.accounts.map((account) => [account.subject, account]));
  const redirectUris = options.client.portalUrls.map((url) => `${url.replace(/\/$/, '')}/auth/callback`);
  const postLogoutUris = options.client.portalUrls.map((url) => `${url.replace(/\/$/, '')}/`);

  const provider = new OidcProvider(options.issuer, {
    clients: [
      {
        client_id: options.client.clientId,
        client_secret: options.client.clientSecret,
        client_name: 'Deelwijs',
        redirect_uris: redirectUris,
        post_logout_redirect_uris: postLogoutUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: options.keys.signing },
    cookies: { keys: options.keys.cookies },
    adapter: options.redis ? (name: string) => new RedisAdapter(name, options.redis!.client, options.redis!.prefix) : undefined,
    findAccount: (_ctx: unknown, subject: string) => {
      const account = accounts.get(subject);
      return account
        ? {
            accountId: subject,
            claims: () => ({
              sub: subject,
              name: account.name,
              preferred_username: account.username,
              email: account.email,
            }),
          }
        : undefined;
    },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'] },
    scopes: OIDC_SCOPES.split(' '),
    // The portal reads the person's name from the ID token; it asks for no userinfo.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 3_600,
      Interaction: 3_600,
      Session: options.sessionTtlSeconds,
      Grant: options.sessionTtlSeconds,
      RefreshToken: options.sessionTtlSeconds,
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // The portal is first-party: it gets what it asks for without a consent screen.
    loadExistingGrant: async (ctx: KoaContext) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) {
          return existing;
        }
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope(OIDC_SCOPES);
      grant.addResourceScope(options.audience, API_SCOPE);
      await grant.save();
      return grant;
    },
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    // Roles and organisation travel in the access token, where the services read them.
    extraTokenClaims: (_ctx: unknown, token: { accountId?: string }) => {
      const account = token.accountId ? accounts.get(token.accountId) : undefined;
      return account ? { roles: account.roles, org: account.organisationId } : undefined;
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => options.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => {
          if (resource !== options.audience) {
            throw new errors.InvalidTarget();
          }
          return {
            scope: API_SCOPE,
            audience: options.audience,
            accessTokenTTL: options.accessTokenTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContext, form: string) => {
          ctx.type = 'html';
          ctx.body = logoutPage(languageOf(undefined, ctx.get('accept-language')), form);
        },
        postLogoutSuccessSource: (ctx: KoaContext) => {
          ctx.type = 'html';
          ctx.body = signedOutPage(languageOf(undefined, ctx.get('accept-language')));
        },
      },
    },
    renderError: (ctx: KoaContext, out: { error_description?: string; error?: string }) => {
      ctx.type = 'html';
      ctx.body = errorPage(languageOf(undefined, ctx.get('accept-language')), out.error_description ?? out.error ?? 'error');
    },
  } as never);
  // Behind a TLS-terminating proxy the issuer is https while the request is http.
  provider.proxy = true;

  const callback = provider.callback();
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const match = /^\/interaction\/([\w-]+)(\/login|\/abort)?(?:\?.*)?$/.exec(request.url ?? '');
    if (!match) {
      // Koa's handler answers errors itself; its promise never rejects.
      void callback(request, response);
      return;
    }
    void interaction(provider, options, request, response, match[2]).catch((error: unknown) => {
      const language = languageOf(undefined, request.headers['accept-language']);
      const expired = (error as { name?: string }).name === 'SessionNotFound';
      response.statusCode = expired ? 400 : 500;
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(errorPage(language, expired ? 'Deze aanmeldpoging is verlopen / this sign-in has expired.' : 'Er ging iets mis / something went wrong.'));
    });
  };
  return { provider, handle };
}

async function interaction(
  provider: Provider,
  options: IdentityProviderOptions,
  request: IncomingMessage,
  response: ServerResponse,
  step: string | undefined,
): Promise<void> {
  const details = await provider.interactionDetails(request, response);
  const query = new URL(request.url ?? '/', 'http://provider').searchParams;
  if (request.method === 'GET' && !step) {
    const requested = query.get('lang') ?? String(details.params.ui_locales ?? '').split(' ')[0];
    sendLogin(response, details.uid, languageOf(requested, request.headers['accept-language']), options);
    return;
  }
  if (request.method !== 'POST') {
    response.statusCode = 405;
    response.end();
    return;
  }
  const form = await readForm(request);
  const language = languageOf(form.get('lang'), request.headers['accept-language']);
  if (step === '/abort') {
    await provider.interactionFinished(request, response, { error: 'access_denied', error_description: 'sign-in cancelled' }, { mergeWithLastSubmission: false });
    return;
  }
  const username = (form.get('username') ?? '').trim();
  const password = form.get('password') ?? '';
  if (!username || !password) {
    sendLogin(response, details.uid, language, options, { username, error: 'missing' });
    return;
  }
  const account = options.accounts.find((candidate) => candidate.username === username.toLowerCase());
  if (!account || !samePassword(password, options.password)) {
    sendLogin(response, details.uid, language, options, { username, error: 'failed' });
    return;
  }
  await provider.interactionFinished(request, response, { login: { accountId: account.subject } }, { mergeWithLastSubmission: false });
}

function sendLogin(
  response: ServerResponse,
  uid: string,
  language: Language,
  options: IdentityProviderOptions,
  state: { username?: string; error?: 'failed' | 'missing' } = {},
): void {
  response.statusCode = state.error ? 400 : 200;
  response.setHeader('content-type', 'text/html; charset=utf-8');
  response.setHeader('cache-control', 'no-store');
  response.end(
    loginPage({
      language,
      action: `/interaction/${uid}/login`,
      abortAction: `/interaction/${uid}/abort`,
      switchHref: `/interaction/${uid}?lang=${language === 'nl' ? 'en' : 'nl'}`,
      demoUsernames: options.accounts.map((account) => account.username),
      ...state,
    }),
  );
}

/** Compares digests, so the time taken says nothing about the password. */
function samePassword(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > 10_000) {
      throw new Error('form too large');
    }
  }
  return new URLSearchParams(body);
}
