import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A private JSON Web Key with its id and use, as oidc-provider takes it. */
export type SigningKey = Record<string, string> & { kid: string; alg: string; use: 'sig' };

export interface ProviderKeys {
  /** The first one signs; the others still verify (a rotation keeps the previous key for a while). */
  signing: SigningKey[];
  /** Sign the provider's cookies; the first one signs. */
  cookies: string[];
}

/**
 * The provider's keys, made on first start and kept in a file outside git (like the
 * development JWT secret), so that tokens and the provider's sessions outlive a restart.
 */
export function loadOrCreateKeys(file: string): ProviderKeys {
  const absolute = path.resolve(file);
  if (existsSync(absolute)) {
    return JSON.parse(readFileSync(absolute, 'utf8')) as ProviderKeys;
  }
  const keys: ProviderKeys = { signing: [newSigningKey()], cookies: [randomBytes(32).toString('base64url')] };
  mkdirSync(path.dirname(absolute), { recursive: true });
  writeFileSync(absolute, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

export function newSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as Record<string, string>;
  return { ...jwk, kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };
}
