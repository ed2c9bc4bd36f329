import { ExpiringCache } from '../expiring-cache';
import type { Principal } from '../principal';
import type { TokenVerifier } from '../staff-token';
import { organisationFrom, rolesFrom, type ClaimMapping } from './claim-mapping';
import { loadJose, type Jose, type JwtPayload } from './es-modules';

export interface OidcVerifierOptions extends ClaimMapping {
  /** The issuer exactly as its tokens name it (`iss`), e.g. https://login.example.nl/realms/deelwijs. */
  issuer: string;
  /** The audience the services' tokens carry (`aud`). */
  audience: string;
  /** The key set's address; found through the issuer's discovery document when absent. */
  jwksUrl?: string;
  /** After a fetch of the key set, no other fetch for this long, even for an unknown key id. */
  jwksCooldownMs?: number;
  clockToleranceSeconds?: number;
}

/** Asymmetric algorithms only: an HS256 token with the issuer's name is never taken as the issuer's. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const VERIFIED_TOKEN_TTL_MS = 10_000;
const VERIFIED_TOKENS_KEPT = 10_000;
const FETCH_TIMEOUT_MS = 5_000;

/**
 * Checks an OpenID provider's access tokens (JWT): signature against the provider's key set
 * (fetched once, cached, fetched again when a token names a key id it does not hold, so a
 * key rotation needs no restart), issuer, audience and expiry; roles and organisation come
 * from the configured claims.
 */
export class OidcTokenVerifier implements TokenVerifier {
  private keySet?: Promise<ReturnType<Jose['createRemoteJWKSet']>>;
  private readonly verified = new ExpiringCache<Principal>(VERIFIED_TOKENS_KEPT);

  constructor(private readonly options: OidcVerifierOptions) {}

  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known) {
      return known;
    }
    const jose = await loadJose();
    const { payload } = await jose.jwtVerify(token, await this.keys(jose), {
      issuer: this.options.issuer,
      audience: this.options.audience,
      algorithms: ALGORITHMS,
      clockTolerance: this.options.clockToleranceSeconds ?? 5,
      requiredClaims: ['sub', 'exp'],
    });
    const principal = this.principalOf(payload);
    this.verified.set(token, principal, Math.min(Date.now() + VERIFIED_TOKEN_TTL_MS, payload.exp! * 1_000));
    return principal;
  }

  private principalOf(payload: JwtPayload): Principal {
    const roles = rolesFrom(payload, this.options);
    if (!payload.sub || roles.length === 0) {
      throw new Error('token names no subject or no known role');
    }
    return Object.freeze({
      kind: 'staff',
      id: payload.sub,
      roles: Object.freeze(roles) as Principal['roles'],
      organisationId: organisationFrom(payload, this.options),
    });
  }

  /** The remote key set, made on first use; a failed discovery is tried again on the next token. */
  private keys(jose: Jose) {
    this.keySet ??= this.jwksUrl().then((url) =>
      jose.createRemoteJWKSet(url, {
        cooldownDuration: this.options.jwksCooldownMs ?? 30_000,
        cacheMaxAge: 10 * 60_000,
        timeoutDuration: FETCH_TIMEOUT_MS,
      }),
    );
    return this.keySet.catch((error: unknown) => {
      this.keySet = undefined;
      throw error;
    });
  }

  private async jwksUrl(): Promise<URL> {
    if (this.options.jwksUrl) {
      return new URL(this.options.jwksUrl);
    }
    const discovery = await discover(this.options.issuer);
    return new URL(discovery.jwks_uri);
  }
}

/** The provider's discovery document, checked to be the issuer's own (OpenID Connect Discovery 1.0, 4.3). */
export async function discover(issuer: string): Promise<{ issuer: string; jwks_uri: string; end_session_endpoint?: string }> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) {
    throw new Error(`OpenID discovery at ${url} answered ${response.status}`);
  }
  const document = (await response.json()) as { issuer?: string; jwks_uri?: string };
  if (document.issuer !== issuer || typeof document.jwks_uri !== 'string') {
    throw new Error(`OpenID discovery at ${url} names issuer ${String(document.issuer)}, not ${issuer}, or no jwks_uri`);
  }
  return document as { issuer: string; jwks_uri: string };
}
