import { createHash, randomBytes, randomUUID } from 'node:crypto';

const PREFIX = 'dwk';

/**
 * A key is 256 random bits; only its SHA-256 is ever stored. A slow password hash adds
 * nothing for a secret with that much entropy, and a fast one keeps every request cheap.
 */
export function generateApiKey(): { keyId: string; key: string; keyHash: string } {
  const keyId = randomUUID();
  const key = `${PREFIX}_${randomBytes(32).toString('base64url')}`;
  return { keyId, key, keyHash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
