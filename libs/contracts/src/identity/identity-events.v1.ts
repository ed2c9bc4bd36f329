import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { STREAMS } from '../streams';

/**
 * `privacy-officer` (functionaris gegevensbescherming) reads the audit of personal data and answers
 * a person's requests to see or erase what is held about them; it sees no other data.
 */
export const ROLES = ['admin', 'organiser', 'partner', 'editor', 'reporter', 'approver', 'privacy-officer'] as const;
export const RoleSchema = z.enum(ROLES);

export const OrganisationRegisteredV1 = defineEvent({
  subject: 'identity.organisation.registered.v1',
  stream: STREAMS.IDENTITY,
  description: 'An organisation (partner, the province, a school) may now hold API keys.',
  schema: z.object({
    organisationId: z.uuid(),
    name: z.string().min(1).max(200),
  }),
});

/**
 * Carries the key's SHA-256 hash, never the key: every service can check a presented key
 * without any of them ever storing it.
 */
export const ApiKeyIssuedV1 = defineEvent({
  subject: 'identity.api-key.issued.v1',
  stream: STREAMS.IDENTITY,
  description: 'An API key was issued to an organisation with roles.',
  schema: z.object({
    keyId: z.uuid(),
    organisationId: z.uuid(),
    keyHash: z.string().regex(/^[0-9a-f]{64}$/),
    roles: z.array(RoleSchema).min(1),
    label: z.string().max(200),
  }),
});

export const ApiKeyRevokedV1 = defineEvent({
  subject: 'identity.api-key.revoked.v1',
  stream: STREAMS.IDENTITY,
  description: 'An API key stops working in every service.',
  schema: z.object({ keyId: z.uuid() }),
});
