import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { IdentityAdmin } from '@deelwijs/identity';
import { TEST_IDENTITY_SIGNING_KEY, TEST_NATS, TestSystem, waitFor, type ServiceProcess } from '@deelwijs/testing';
import { bearerFor } from './security-kit';

const PER_MINUTE = 5;
const ANONYMOUS_PER_MINUTE = 3;

/**
 * Two instances of activities with a low limit, sharing Redis: the count is per API key (or
 * staff subject, or address without credentials), holds across instances, and a refused
 * request gets 429 with Retry-After and does nothing. The window is a minute from a caller's
 * first request, so each caller below makes its few requests well inside it.
 */
describe('rate limits', () => {
  const system = new TestSystem('ratelimit');
  const limits = {
    RATE_LIMIT_PER_MINUTE: String(PER_MINUTE),
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(ANONYMOUS_PER_MINUTE),
  };
  let first: ServiceProcess;
  let second: ServiceProcess;
  let db: Client;
  let admin: IdentityAdmin;

  beforeAll(async () => {
    const databaseUrl = await system.database('ratelimit');
    first = await system.start('activities', databaseUrl, limits);
    second = await system.start('activities', databaseUrl, limits);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    admin = await IdentityAdmin.connect({ natsUrl: TEST_NATS, namespace: system.namespace, signingKey: TEST_IDENTITY_SIGNING_KEY });
  }, 90_000);

  afterAll(async () => {
    await admin?.close();
    await db?.end();
    await system.cleanUp();
  }, 60_000);

  /**
   * A partner key the service knows. Waited for in the database both instances share, not by
   * calling them: every answered request counts against the key's budget.
   */
  async function partnerKey(name: string): Promise<Record<string, string>> {
    const { organisationId } = await admin.registerOrganisation(`${name} ${system.namespace}`);
    const { keyId, key } = await admin.issueKey(organisationId, ['partner'], name);
    await waitFor(
      async () => (await db.query(`SELECT 1 FROM api_keys WHERE key_id = $1`, [keyId])).rowCount,
      (rows) => rows === 1,
      { what: 'the key in the service database' },
    );
    return { 'x-api-key': key };
  }

  it('counts per API key across instances and refuses the one too many with 429 and Retry-After', async () => {
    const prodemos = await partnerKey('ProDemos');
    const school = await partnerKey('School');
    const unknownActivity = `/v1/activities/${randomUUID()}`;

    // Alternating instances: the budget is one, wherever the requests land.
    const answers = [];
    for (let n = 0; n < PER_MINUTE; n += 1) {
      answers.push(
        await (n % 2 === 0 ? first : second).request('GET', unknownActivity, { headers: prodemos }),
      );
    }
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 404));
    expect(answers.map((answer) => answer.headers.get('ratelimit-limit'))).toEqual(
      answers.map(() => String(PER_MINUTE)),
    );
    expect(answers.at(-1)!.headers.get('ratelimit-remaining')).toBe('0');

    const refused = await first.request('GET', unknownActivity, { headers: prodemos });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 429, title: 'Te veel verzoeken / Too many requests' });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await second.request('GET', unknownActivity, { headers: prodemos })).status).toBe(429);

    // Another partner's key has a budget of its own.
    expect((await second.request('GET', unknownActivity, { headers: school })).status).toBe(404);
  });

  it('does nothing for a refused request: no registration, no idempotency claim', async () => {
    const created = await first.request('POST', '/v1/activities', {
      headers: bearerFor(['organiser']),
      body: {
        type: 'lecture',
        title: { nl: 'Lezing', en: 'Lecture' },
        prestatieCode: '7.2.3',
        venue: { name: 'Bibliotheek', municipality: 'Zwolle' },
        locationCategory: 'regular',
        startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 30 * 86_400_000 + 3_600_000).toISOString(),
        capacity: 100,
        publish: true,
      },
    });
    expect(created.status).toBe(201);
    const organiser = bearerFor(['organiser'], { subject: `organiser-${randomUUID()}` });
    const register = (n: number) =>
      first.request('POST', `/v1/activities/${created.body.id}/registrations`, {
        headers: { ...organiser, 'idempotency-key': `k-${n}` },
        body: { kind: 'individual', contactName: `Deelnemer ${n}`, contactEmail: `d${n}@example.nl` },
      });
    const statuses = [];
    for (let n = 0; n <= PER_MINUTE; n += 1) {
      statuses.push((await register(n)).status);
    }
    expect(statuses).toEqual([...Array(PER_MINUTE).fill(201), 429]);
    const stored = await db.query(
      `SELECT contact_name FROM registrations WHERE activity_id = $1 ORDER BY contact_name`,
      [created.body.id],
    );
    expect(stored.rows.map((row) => row.contact_name)).toEqual(
      [...Array(PER_MINUTE).keys()].map((n) => `Deelnemer ${n}`),
    );
    const claims = await db.query(`SELECT key FROM idempotency_keys WHERE key = $1`, [`k-${PER_MINUTE}`]);
    expect(claims.rows).toEqual([]);

    // Another staff member is not held back by this one.
    expect(
      (await first.request('GET', `/v1/activities/${created.body.id}`, { headers: bearerFor(['organiser']) }))
        .status,
    ).toBe(200);
  });

  it('limits callers without credentials per address on public routes, and never the health checks', async () => {
    const statuses = [];
    for (let n = 0; n <= ANONYMOUS_PER_MINUTE; n += 1) {
      statuses.push((await second.request('GET', '/v1/location-categories')).status);
    }
    expect(statuses).toEqual([...Array(ANONYMOUS_PER_MINUTE).fill(200), 429]);
    for (let n = 0; n < ANONYMOUS_PER_MINUTE * 3; n += 1) {
      expect((await second.request('GET', '/health')).status).toBe(200);
    }
  });
});
