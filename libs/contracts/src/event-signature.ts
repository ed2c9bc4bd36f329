import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { EventContract } from './event-contract';
import { STREAMS } from './streams';

/**
 * Identity events decide who may call the services: an `identity.api-key.issued.v1` that a
 * service applies is a working key. NATS permissions keep other publishers off `identity.>`,
 * but a wrong permission (or a stolen service credential) would then mint keys, so the identity
 * administration also signs every identity event and every service checks the signature before
 * it applies one: a second lock that does not depend on the broker's configuration.
 *
 * Scheme `ed25519-jcs-v1`: an Ed25519 signature over the envelope without its `signature`
 * field, canonicalised as RFC 8785 (JSON Canonicalization Scheme), so that a consumer verifies
 * the facts it received whatever the producer's key order or whitespace. The key id is the
 * first 16 hex digits of the SHA-256 of the public key (SPKI DER): a service may trust several
 * keys at once while one is being replaced. A new scheme is a new name; a consumer refuses one
 * it does not know.
 */
export const IDENTITY_SIGNATURE_SCHEME = 'ed25519-jcs-v1';

export const EventSignatureSchema = z.object({
  scheme: z.string().min(1).max(50),
  keyId: z.string().regex(/^[0-9a-f]{16}$/, '16 hex digits'),
  value: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'a base64url Ed25519 signature'),
});

export type EventSignature = z.infer<typeof EventSignatureSchema>;

/** Whether events of this contract must carry the identity administration's signature. */
export function requiresSignature(contract: EventContract): boolean {
  return contract.stream === STREAMS.IDENTITY;
}

/**
 * RFC 8785 for the JSON an envelope holds: object keys sorted by UTF-16 code units, no
 * whitespace, strings and numbers as ECMAScript's JSON.stringify writes them (which is what
 * the RFC specifies for both).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new Error('canonical JSON has no NaN or Infinity');
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  throw new Error(`canonical JSON cannot hold a ${typeof value}`);
}

/** A private key from PEM or base64 PKCS#8 DER (what `generateSigningKeyPair` prints). */
export function signingKey(text: string): KeyObject {
  const key = text.includes('-----BEGIN')
    ? createPrivateKey(text)
    : createPrivateKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the identity signing key must be an Ed25519 key (got ${key.asymmetricKeyType ?? 'an unknown type'})`);
  }
  return key;
}

/** A public key from PEM or base64 SPKI DER. */
export function verificationKey(text: string): KeyObject {
  const key = text.includes('-----BEGIN')
    ? createPublicKey(text)
    : createPublicKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`an identity verification key must be an Ed25519 key (got ${key.asymmetricKeyType ?? 'an unknown type'})`);
  }
  return key;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}

/** A new key pair, both halves base64 DER: the private one for the administration, the public one for every service. */
export function generateSigningKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

/** The public half of a private key, base64 SPKI DER. */
export function publicKeyOf(privateKey: string): string {
  return createPublicKey(signingKey(privateKey)).export({ format: 'der', type: 'spki' }).toString('base64');
}

/** Adds the signature to an envelope (any `signature` it had is replaced). */
export function signEnvelope<E extends object>(envelope: E, privateKey: KeyObject): E & { signature: EventSignature } {
  const unsigned: Record<string, unknown> = { ...(envelope as Record<string, unknown>) };
  delete unsigned.signature;
  const value = sign(null, Buffer.from(canonicalJson(unsigned)), privateKey).toString('base64url');
  return { ...unsigned, signature: { scheme: IDENTITY_SIGNATURE_SCHEME, keyId: keyIdOf(createPublicKey(privateKey)), value } } as E & {
    signature: EventSignature;
  };
}

/**
 * The keys a service trusts, by key id. `keys`: one or more public keys, comma-separated
 * (base64 DER has no commas), or one PEM.
 */
export class EnvelopeVerifier {
  private readonly keys: Map<string, KeyObject>;

  constructor(keys: string) {
    const list = keys.includes('-----BEGIN') ? [keys] : keys.split(',').map((key) => key.trim()).filter(Boolean);
    if (list.length === 0) {
      throw new Error('no identity verification key given');
    }
    this.keys = new Map(list.map((text) => verificationKey(text)).map((key) => [keyIdOf(key), key]));
  }

  /** Why the raw envelope's signature is refused, or undefined when it holds. */
  refusal(raw: unknown): string | undefined {
    if (!raw || typeof raw !== 'object' || !('signature' in raw)) {
      return 'unsigned: identity events must be signed by the identity administration';
    }
    const { signature, ...unsigned } = raw as Record<string, unknown>;
    const parsed = EventSignatureSchema.safeParse(signature);
    if (!parsed.success) {
      return 'signature malformed';
    }
    if (parsed.data.scheme !== IDENTITY_SIGNATURE_SCHEME) {
      return `signature scheme ${parsed.data.scheme} is not ${IDENTITY_SIGNATURE_SCHEME}`;
    }
    const key = this.keys.get(parsed.data.keyId);
    if (!key) {
      return `signed with key ${parsed.data.keyId}, which this service does not trust`;
    }
    let canonical: string;
    try {
      canonical = canonicalJson(unsigned);
    } catch (error) {
      return `cannot canonicalise the envelope: ${(error as Error).message}`;
    }
    return verify(null, Buffer.from(canonical), key, Buffer.from(parsed.data.value, 'base64url')) ? undefined : 'signature does not match the event';
  }
}
