import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ROLES } from '@deelwijs/contracts';
import { ExpiringCache } from './expiring-cache';
import type { Principal, Role } from './principal';

export const TOKEN_ISSUER = 'deelwijs';

/**
 * Checks a bearer token and says who it belongs to: HS256 staff tokens with a shared secret
 * (HmacTokenVerifier), an OpenID provider's JWT access tokens (OidcTokenVerifier), or both.
 */
export interface TokenVerifier {
  verify(token: string): Principal | Promise<Principal>;
}

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/**
 * How long a verified token is taken on trust without checking it again (never past its
 * expiry). A staff token cannot be revoked, only expire, so this changes nothing but the cost:
 * a client sends the same token with every request, and checking it is most of a request's
 * authentication.
 */
const VERIFIED_TOKEN_TTL_MS = 10_000;
const VERIFIED_TOKENS_KEPT = 10_000;

export class HmacTokenVerifier implements TokenVerifier {
  // A key object, made once: given a string, jsonwebtoken first tries it as a public key on
  // every call, which cost most of a millisecond per request.
  private readonly key: KeyObject;
  private readonly verified = new ExpiringCache<Principal>(VERIFIED_TOKENS_KEPT);

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  verify(token: string): Principal {
    const known = this.verified.get(token);
    if (known) {
      return known;
    }
    const claims = jwt.verify(token, this.key, { algorithms: ['HS256'], issuer: TOKEN_ISSUER }) as jwt.JwtPayload;
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((role): role is Role => ROLES.includes(role)) : [];
    if (!claims.sub || roles.length === 0) {
      throw new Error('token names no subject or no known role');
    }
    // Frozen: the same object now serves every request with this token.
    const principal: Principal = Object.freeze({
      kind: 'staff',
      id: claims.sub,
      roles: Object.freeze(roles) as Role[],
      organisationId: typeof claims.org === 'string' ? claims.org : undefined,
    });
    // jsonwebtoken refuses a token from the second of its exp on.
    const until = Math.min(Date.now() + VERIFIED_TOKEN_TTL_MS, claims.exp === undefined ? Infinity : claims.exp * 1_000);
    this.verified.set(token, principal, until);
    return principal;
  }
}

export function signStaffToken(
  secret: string,
  claims: { subject: string; roles: Role[]; organisationId?: string },
  expiresInSeconds = 8 * 3600,
): string {
  return jwt.sign({ roles: claims.roles, org: claims.organisationId }, secret, {
    algorithm: 'HS256',
    issuer: TOKEN_ISSUER,
    subject: claims.subject,
    expiresIn: expiresInSeconds,
  });
}
