import { createHash } from 'node:crypto';
import { generateApiKey, hashApiKey } from './api-key';

describe('generateApiKey', () => {
  it('makes a key with the dwk_ prefix followed by 256 random bits in base64url', () => {
    const { key } = generateApiKey();

    // 32 bytes in unpadded base64url are 43 characters.
    expect(key).toMatch(/^dwk_[A-Za-z0-9_-]{43}$/);
  });

  it('returns the SHA-256 hex digest of the key as its hash, never the key itself', () => {
    const { key, keyHash } = generateApiKey();

    expect(keyHash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(keyHash).not.toContain(key);
  });

  it('gives each key a uuid as its id', () => {
    expect(generateApiKey().keyId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('never hands out the same key, hash or id twice', () => {
    const issued = Array.from({ length: 50 }, () => generateApiKey());

    expect(new Set(issued.map((item) => item.key)).size).toBe(50);
    expect(new Set(issued.map((item) => item.keyHash)).size).toBe(50);
    expect(new Set(issued.map((item) => item.keyId)).size).toBe(50);
  });
});

describe('hashApiKey', () => {
  it('matches the well-known SHA-256 test vector', () => {
    // FIPS 180-2 example: SHA-256("abc").
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('is deterministic, so a presented key can be looked up by its hash', () => {
    const { key, keyHash } = generateApiKey();

    expect(hashApiKey(key)).toBe(keyHash);
    expect(hashApiKey(`${key}x`)).not.toBe(keyHash);
  });

  it('hashes the key as UTF-8', () => {
    expect(hashApiKey('sleutel-é')).toBe(
      createHash('sha256').update(Buffer.from('sleutel-é', 'utf8')).digest('hex'),
    );
  });
});
