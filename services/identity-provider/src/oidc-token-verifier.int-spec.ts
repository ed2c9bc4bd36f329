import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEMO_ACCOUNTS,
  DEMO_PARTNER_ORGANISATION,
  HmacTokenVerifier,
  loadJose,
  OidcTokenVerifier,
  signStaffToken,
  StaffOrProviderTokenVerifier,
} from '@deelwijs/identity';
import { PortalHttpClient } from '@deelwijs/testing';
import { createIdentityProvider } from './identity-provider';
import { newSigningKey, type SigningKey } from './provider-keys';

const AUDIENCE = 'urn:deelwijs:api';
const PASSWORD = 'integration-password';
const CLIENT = { clientId: 'deelwijs-portal', clientSecret: randomBytes(32).toString('base64url'), portalUrls: ['http://127.0.0.1:9'] };
const REDIRECT_URI = 'http://127.0.0.1:9/auth/callback';

/**
 * The OpenID verifier against a real oidc-provider (the embedded provider, in this process):
 * real discovery, real key set, real tokens from the code flow; and tokens signed with the
 * provider's own key but wrong in one claim.
 */
describe('OidcTokenVerifier against a real OpenID provider', () => {
  let server: Server;
  let issuer: string;
  let signing: SigningKey[];

  let handle: (request: IncomingMessage, response: ServerResponse) => void;

  /** A provider with these keys behind the same server: a restart as the verifier sees it, without a new port. */
  async function useProvider(keys: SigningKey[]): Promise<void> {
    const provider = await createIdentityProvider({
      issuer,
      audience: AUDIENCE,
      keys: { signing: keys, cookies: ['cookie-key-for-the-test'] },
      client: CLIENT,
      accounts: DEMO_ACCOUNTS,
      password: PASSWORD,
      accessTokenTtlSeconds: 300,
      sessionTtlSeconds: 3_600,
    });
    handle = provider.handle;
    signing = keys;
  }

  beforeAll(async () => {
    server = createServer((request, response) => handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await useProvider([newSigningKey()]);
  }, 30_000);

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function verifier(): OidcTokenVerifier {
    return new OidcTokenVerifier({ issuer, audience: AUDIENCE, rolesClaim: 'roles', organisationClaim: 'org', jwksCooldownMs: 0 });
  }

  /** Authorization code with PKCE, through the provider's sign-in form, as a relying party does it. */
  async function accessTokenFor(username: string): Promise<string> {
    const browser = new PortalHttpClient(issuer);
    const verifierCode = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifierCode).digest('base64url');
    const authorize = new URL('/auth', issuer);
    authorize.search = new URLSearchParams({
      client_id: CLIENT.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid profile',
      state: 'state-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    const login = await browser.follow(authorize.href);
    const action = /<form method="post" action="([^"]+\/login)"/.exec(await login.response.text())![1];
    let response = await browser.fetch(new URL(action, issuer).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password: PASSWORD }).toString(),
    });
    let location = response.headers.get('location')!;
    while (!location.startsWith(REDIRECT_URI)) {
      response = await browser.fetch(new URL(location, issuer).href);
      location = response.headers.get('location')!;
    }
    const code = new URL(location).searchParams.get('code')!;
    const token = await fetch(new URL('/token', issuer), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifierCode }).toString(),
    });
    const body = (await token.json()) as { access_token: string };
    expect(token.status).toBe(200);
    return body.access_token;
  }

  /** A token signed with the provider's own current key, with claims of the test's choosing. */
  async function forged(claims: Record<string, unknown>, key: SigningKey = signing[0]): Promise<string> {
    const jose = await loadJose();
    const now = Math.floor(Date.now() / 1_000);
    return new jose.SignJWT({ iss: issuer, aud: AUDIENCE, sub: 'demo-partner', roles: ['partner'], iat: now, exp: now + 300, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'at+jwt' })
      .sign(await jose.importJWK(key, 'RS256'));
  }

  it("accepts the provider's access token and takes roles and organisation from its claims", async () => {
    const principal = await verifier().verify(await accessTokenFor('partner'));

    expect(principal).toEqual({
      kind: 'staff',
      id: 'demo-partner',
      roles: ['partner'],
      organisationId: DEMO_PARTNER_ORGANISATION.organisationId,
    });
  }, 30_000);

  it.each([
    ['another issuer', { iss: 'https://elsewhere.example' }, /iss/],
    ['another audience', { aud: 'urn:someone-else' }, /aud/],
    ['an expired token', { exp: Math.floor(Date.now() / 1_000) - 60, iat: Math.floor(Date.now() / 1_000) - 400 }, /exp/],
    ['no known role', { roles: ['superuser'] }, /no known role/],
  ])('refuses a token with %s, although signed with the provider\'s key', async (_case, claims, reason) => {
    await expect(verifier().verify(await forged(claims))).rejects.toThrow(reason);
  });

  it('refuses a token signed with a key the provider does not publish', async () => {
    await expect(verifier().verify(await forged({}, newSigningKey()))).rejects.toThrow(/no applicable key|matching key/i);
  });

  it('never takes an HS256 token as the provider\'s, even one naming the provider as issuer', async () => {
    const both = new StaffOrProviderTokenVerifier(new HmacTokenVerifier('a-staff-secret-of-at-least-32-chars!'), verifier());
    const jose = await loadJose();
    const hs256 = await new jose.SignJWT({ iss: issuer, aud: AUDIENCE, sub: 'x', roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(Buffer.from('a-staff-secret-of-at-least-32-chars!'));

    await expect(Promise.resolve().then(() => both.verify(hs256))).rejects.toThrow(/issuer/);
    const staff = signStaffToken('a-staff-secret-of-at-least-32-chars!', { subject: 'script', roles: ['admin'] });
    expect((await both.verify(staff)).id).toBe('script');
  });

  it('follows a key rotation without a restart: a token under a new key id makes it fetch the key set again', async () => {
    const check = verifier();
    expect((await check.verify(await accessTokenFor('organisator'))).roles).toEqual(['organiser']);

    const rotated = newSigningKey();
    await useProvider([rotated, ...signing]);
    const token = await accessTokenFor('beheerder');
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid).toBe(rotated.kid);

    expect(await check.verify(token)).toMatchObject({ id: 'demo-beheerder', roles: ['admin'] });
  }, 30_000);
});
