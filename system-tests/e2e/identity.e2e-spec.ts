import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  ApiKeyIssuedV1,
  createEnvelope,
  DEAD_LETTER_STREAM,
  EventNamespace,
  generateSigningKeyPair,
  signEnvelope,
  signingKey,
} from '@deelwijs/contracts';
import { generateApiKey, hashApiKey, IdentityAdmin } from '@deelwijs/identity';
import { DEAD_LETTER_HEADERS } from '@deelwijs/messaging';
import { repositoryRoot, ServiceProcess, TEST_IDENTITY_SIGNING_KEY, TEST_NATS, TestSystem, waitFor } from '@deelwijs/testing';

/** API keys issued by the admin command work in every service, and stop working everywhere when revoked. */
describe('identity across services', () => {
  const system = new TestSystem('identity');
  let activitiesDb: string;
  let activities: ServiceProcess;
  let reporting: ServiceProcess;
  let admin: IdentityAdmin;

  beforeAll(async () => {
    activitiesDb = await system.database('id_activities');
    [activities, reporting] = await Promise.all([
      system.start('activities', activitiesDb),
      system.database('id_reporting').then((url) => system.start('reporting', url)),
    ]);
    admin = await IdentityAdmin.connect({ natsUrl: TEST_NATS, namespace: system.namespace, signingKey: TEST_IDENTITY_SIGNING_KEY });
  }, 60_000);

  afterAll(async () => {
    await admin?.close();
    await system.cleanUp();
  }, 60_000);

  const withKey = (service: ServiceProcess, route: string, key: string) =>
    service.request('GET', route, { headers: { 'x-api-key': key } }).then((response) => response.status);

  it('a partner key works in every service at once, is stored only as a hash, and stops working when revoked', async () => {
    const { organisationId } = await admin.registerOrganisation('ProDemos');
    const { keyId, key } = await admin.issueKey(organisationId, ['partner'], 'ProDemos CRM');
    const unknownActivity = `/v1/activities/${randomUUID()}`;

    // 404: authenticated as a partner, and the activity does not exist.
    await waitFor(() => withKey(activities, unknownActivity, key), (status) => status === 404, { what: 'the key in activities' });
    // 403: reporting knows the key too, but a partner may not read projections.
    await waitFor(() => withKey(reporting, '/v1/projections/activities-per-type', key), (status) => status === 403, {
      what: 'the key in reporting',
    });

    const client = new Client({ connectionString: activitiesDb });
    await client.connect();
    const stored = await client.query(`SELECT * FROM api_keys WHERE key_id = $1`, [keyId]);
    await client.end();
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].key_hash).toBe(hashApiKey(key));
    expect(JSON.stringify(stored.rows[0])).not.toContain(key);

    const revokedAt = Date.now();
    await admin.revokeKey(keyId);
    await waitFor(() => withKey(activities, unknownActivity, key), (status) => status === 401, { timeoutMs: 5_000, what: 'revocation in activities' });
    await waitFor(() => withKey(reporting, '/v1/projections/activities-per-type', key), (status) => status === 401, {
      timeoutMs: 5_000,
      what: 'revocation in reporting',
    });
    expect(Date.now() - revokedAt).toBeLessThan(5_000);
  });

  it('refuses a key event that the administration did not sign, in every service, and dead-letters it with the reason', async () => {
    // Any client on this (unauthenticated) NATS can publish on identity.>: the signature is what stops it.
    const { organisationId } = await admin.registerOrganisation('Forgers');
    const { key, keyHash } = generateApiKey();
    const payload = { keyId: randomUUID(), organisationId, keyHash, roles: ['admin' as const], label: 'forged' };
    const unsigned = createEnvelope(ApiKeyIssuedV1.subject, payload, { producer: 'identity-admin' });
    const forged = signEnvelope({ ...unsigned, eventId: randomUUID() }, signingKey(generateSigningKeyPair().privateKey));
    const nc = await connect({ servers: TEST_NATS });
    try {
      const js = jetstream(nc);
      const ns = new EventNamespace(system.namespace);
      for (const envelope of [unsigned, forged]) {
        await js.publish(ns.subject(ApiKeyIssuedV1.subject), JSON.stringify(envelope), { msgID: envelope.eventId });
      }
      const jsm = await jetstreamManager(nc);
      const reasons = async (service: string) => {
        const stream = ns.stream(DEAD_LETTER_STREAM);
        const { state } = await jsm.streams.info(stream);
        const found: string[] = [];
        for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
          const message = await jsm.streams.getMessage(stream, { seq });
          if (message?.subject === ns.deadLetterSubject(service, ApiKeyIssuedV1.subject)) {
            found.push(message.header.get(DEAD_LETTER_HEADERS.reason));
          }
        }
        return found.sort();
      };
      for (const service of ['activities', 'reporting']) {
        expect(await waitFor(() => reasons(service), (found) => found.length === 2, { what: `${service}'s dead letters` })).toEqual(
          [
            'identity event refused: unsigned: identity events must be signed by the identity administration',
            `identity event refused: signed with key ${forged.signature.keyId}, which this service does not trust`,
          ].sort(),
        );
      }
    } finally {
      await nc.close();
    }
    // Both were handled (dead-lettered above); the forged key works nowhere, a genuine one does.
    const genuine = await admin.issueKey(organisationId, ['partner'], 'genuine');
    await waitFor(() => withKey(activities, `/v1/activities/${randomUUID()}`, genuine.key), (status) => status === 404, { what: 'the genuine key' });
    expect(await withKey(activities, `/v1/activities/${randomUUID()}`, key)).toBe(401);
    expect(await withKey(reporting, '/v1/projections/activities-per-type', key)).toBe(401);
  });

  it('answers 401 without credentials and 403 for a staff role the endpoint does not allow', async () => {
    const body = { type: 'lecture', title: { nl: 'x' }, prestatieCode: '7.2.3', startsAt: '2026-01-01T10:00:00+01:00', endsAt: '2026-01-01T11:00:00+01:00' };
    expect((await activities.request('POST', '/v1/activities', { body })).status).toBe(401);
    expect((await activities.request('POST', '/v1/activities', { body, roles: ['reporter'] })).status).toBe(403);
    expect((await activities.request('POST', '/v1/activities', { body, headers: { authorization: 'Bearer forged.token.here' } })).status).toBe(401);
    const problem = await activities.request('POST', '/v1/activities', { body });
    expect(problem.headers.get('content-type')).toContain('application/problem+json');
    expect(problem.headers.get('api-version')).toBe('1.0.0');
  });

  it('a service started with a bad or missing setting stops at once and names it', () => {
    const main = path.join(repositoryRoot(), 'dist', 'services', 'activities', 'src', 'main.js');
    const result = spawnSync(process.execPath, [main], {
      env: { PATH: process.env.PATH, PORT: 'not-a-port', DATABASE_URL: activitiesDb },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/PORT must be an integer/);
    expect(result.stderr).toMatch(/AUTH_JWT_SECRET is required/);
  });
});
