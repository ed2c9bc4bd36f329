import { ApiKeyIssuedV1 } from './identity/identity-events.v1';
import { ActivityScheduledV1 } from './activities/activity-scheduled.v1';
import { createEnvelope } from './event-envelope';
import {
  canonicalJson,
  EnvelopeVerifier,
  generateSigningKeyPair,
  IDENTITY_SIGNATURE_SCHEME,
  publicKeyOf,
  requiresSignature,
  signEnvelope,
  signingKey,
} from './event-signature';

const keys = generateSigningKeyPair();
const other = generateSigningKeyPair();

function issued() {
  return createEnvelope(
    ApiKeyIssuedV1.subject,
    { keyId: '7a0c4a5e-8c1b-4f57-9a43-2f6a2e0f1c11', organisationId: '0b9d7e4c-1111-4a2b-8c3d-5e6f7a8b9c0d', keyHash: 'a'.repeat(64), roles: ['admin'], label: '' },
    { producer: 'identity-admin' },
  );
}

describe('canonicalJson (RFC 8785 for envelopes)', () => {
  it('sorts keys at every depth and drops whitespace, whatever the order they were written in', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: 'é' }], a: null, c: true })).toBe('{"a":null,"b":[3,{"a":"é","z":1}],"c":true}');
    expect(canonicalJson(JSON.parse('{ "y": 1.5, "x": "\\u0001" }'))).toBe('{"x":"\\u0001","y":1.5}');
  });

  it('sorts by UTF-16 code units, as the RFC says', () => {
    expect(canonicalJson({ '\u00e9': 1, z: 2, Z: 3 })).toBe('{"Z":3,"z":2,"é":1}');
  });
});

describe('signed identity events (ed25519-jcs-v1)', () => {
  const verifier = new EnvelopeVerifier(keys.publicKey);

  it('accepts an envelope signed with a trusted key, also after a round trip through JSON with another key order', () => {
    const signed = signEnvelope(issued(), signingKey(keys.privateKey));
    expect(signed.signature.scheme).toBe(IDENTITY_SIGNATURE_SCHEME);
    const { payload, signature, ...rest } = signed;
    const reordered = JSON.parse(JSON.stringify({ signature, payload, ...rest }));
    expect(verifier.refusal(reordered)).toBeUndefined();
  });

  it('refuses an unsigned envelope, one signed with an untrusted key, and a signed one whose facts were changed', () => {
    expect(verifier.refusal(issued())).toMatch(/^unsigned/);
    expect(verifier.refusal(signEnvelope(issued(), signingKey(other.privateKey)))).toMatch(/^signed with key [0-9a-f]{16}, which this service does not trust$/);
    const signed = signEnvelope(issued(), signingKey(keys.privateKey));
    const widened = { ...signed, payload: { ...signed.payload, roles: ['admin', 'partner'] } };
    expect(verifier.refusal(widened)).toBe('signature does not match the event');
    const stolenSignature = { ...issued(), signature: signed.signature };
    expect(verifier.refusal(stolenSignature)).toBe('signature does not match the event');
  });

  it('refuses a scheme it does not know and a malformed signature', () => {
    const signed = signEnvelope(issued(), signingKey(keys.privateKey));
    expect(verifier.refusal({ ...signed, signature: { ...signed.signature, scheme: 'none' } })).toBe(`signature scheme none is not ${IDENTITY_SIGNATURE_SCHEME}`);
    expect(verifier.refusal({ ...signed, signature: 'x' })).toBe('signature malformed');
  });

  it('trusts every key of a comma-separated list (a key being replaced), and derives the public key from the private one', () => {
    const both = new EnvelopeVerifier(`${keys.publicKey},${publicKeyOf(other.privateKey)}`);
    expect(both.refusal(signEnvelope(issued(), signingKey(other.privateKey)))).toBeUndefined();
    expect(both.refusal(signEnvelope(issued(), signingKey(keys.privateKey)))).toBeUndefined();
  });

  it('is required on the identity stream only', () => {
    expect(requiresSignature(ApiKeyIssuedV1)).toBe(true);
    expect(requiresSignature(ActivityScheduledV1)).toBe(false);
  });
});
