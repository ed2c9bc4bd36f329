import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ROLES } from '@deelwijs/contracts';
import type { Principal, Role } from './principal';

export const TOKEN_ISSUER = 'deelwijs';

/**
 * Checks a staff bearer token and says who it belongs to. HS256 with a shared secret now; an
 * OpenID Connect provider (JWKS) is another implementation of this interface.
 */
export interface TokenVerifier {
  verify(token: string): Principal;
}

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

export class HmacTokenVerifier implements TokenVerifier {
  // A key object, made once: given a string, jsonwebtoken first tries it as a public key on
  // every call, which cost most of a millisecond per request.
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  verify(token: string): Principal {
    const claims = jwt.verify(token, this.key, { algorithms: ['HS256'], issuer: TOKEN_ISSUER }) as jwt.JwtPayload;
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((role): role is Role => ROLES.includes(role)) : [];
    if (!claims.sub || roles.length === 0) {
      throw new Error('token names no subject or no known role');
    }
    return {
      kind: 'staff',
      id: claims.sub,
      roles,
      organisationId: typeof claims.org === 'string' ? claims.org : undefined,
    };
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
