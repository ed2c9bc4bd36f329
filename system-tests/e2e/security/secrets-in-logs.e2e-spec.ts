import { spawnSync } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { hashApiKey, IdentityAdmin } from '@deelwijs/identity';
import { repositoryRoot, TEST_JWT_SECRET, TEST_IDENTITY_SIGNING_KEY, TEST_NATS, TestSystem, waitFor, type ServiceProcess } from '@deelwijs/testing';
import { bearerFor } from './security-kit';

function inDays(days: number, hour: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString();
}

/**
 * A run through the services at the most verbose log level, with personal data and every kind
 * of credential going in, successful and refused. Afterwards none of it may be found in the
 * processes' output, nor in the events the services emit; API keys are stored only hashed.
 */
describe('secrets and personal data stay out of logs', () => {
  const system = new TestSystem('logs');
  const run = randomBytes(4).toString('hex');
  // Unique per run, so a hit can only come from this run.
  const person = {
    contactName: `Annelies Verbeek-${run}`,
    contactEmail: `annelies.${run}@example.nl`,
    contactPhone: `+31 6 ${randomInt(10_000_000, 99_999_999)}`,
  };
  const bulkPerson = {
    contactName: `Joost Hendriks-${run}`,
    contactEmail: `joost.${run}@example.nl`,
    contactPhone: `038 ${randomInt(1_000_000, 9_999_999)}`,
  };
  let activities: ServiceProcess;
  let reporting: ServiceProcess;
  let activitiesDb: Client;
  let admin: IdentityAdmin;

  beforeAll(async () => {
    const [activitiesUrl, reportingUrl] = await Promise.all([
      system.database('logs_activities'),
      system.database('logs_reporting'),
    ]);
    [activities, reporting] = await Promise.all([
      system.start('activities', activitiesUrl, { LOG_LEVEL: 'trace' }),
      system.start('reporting', reportingUrl, { LOG_LEVEL: 'trace' }),
    ]);
    activitiesDb = new Client({ connectionString: activitiesUrl });
    await activitiesDb.connect();
    admin = await IdentityAdmin.connect({ natsUrl: TEST_NATS, namespace: system.namespace, signingKey: TEST_IDENTITY_SIGNING_KEY });
  }, 90_000);

  afterAll(async () => {
    await admin?.close();
    await activitiesDb?.end();
    await system.cleanUp();
  }, 60_000);

  it('logs none of the key, tokens, JWT secret, cancel token or registrant data of a full scenario, and stores the key only hashed', async () => {
    const organiser = bearerFor(['organiser'], { subject: `organiser-${run}` });
    const reporter = bearerFor(['reporter'], { subject: `reporter-${run}` });
    const { organisationId } = await admin.registerOrganisation(`ProDemos ${run}`);
    const { keyId, key } = await admin.issueKey(organisationId, ['partner'], 'ProDemos CRM');
    const partner = { 'x-api-key': key };

    const created = await activities.request('POST', '/v1/activities', {
      headers: organiser,
      body: {
        type: 'democracy-game',
        title: { nl: 'Democratiespel Kampen', en: 'Democracy game Kampen' },
        prestatieCode: '7.2.3',
        actionNumber: 1,
        partnerOrganisationIds: [organisationId],
        venue: { name: 'Stadhuis', municipality: 'Kampen' },
        locationCategory: 'regular',
        startsAt: inDays(25, 18),
        endsAt: inDays(25, 20),
        capacity: 40,
        publish: true,
      },
    });
    expect(created.status).toBe(201);
    const activityId = created.body.id as string;
    await waitFor(
      async () =>
        (await activities.request('GET', `/v1/activities/${activityId}`, { headers: partner })).status,
      (status) => status === 200,
      { what: 'the partner key in activities' },
    );

    const registered = await activities.request('POST', `/v1/activities/${activityId}/registrations`, {
      headers: { ...partner, 'idempotency-key': `idem-${run}` },
      body: { kind: 'individual', ...person, externalReference: `REF-${run}` },
    });
    expect(registered.status).toBe(201);
    const bulk = await activities.request('POST', '/v1/registrations/bulk', {
      headers: partner,
      body: {
        items: [
          { activityId, kind: 'individual', ...bulkPerson },
          { activityId, kind: 'individual', ...person, externalReference: `REF-${run}` },
          {
            activityId,
            kind: 'individual',
            contactName: person.contactName,
            contactEmail: `not-an-email ${person.contactEmail}`,
          },
        ],
      },
    });
    expect(bulk.body.items.map((item: { outcome: string }) => item.outcome)).toEqual([
      'accepted',
      'duplicate',
      'rejected',
    ]);
    // Refusals that carry personal data in the request: a duplicate and an invalid registration.
    const duplicate = await activities.request('POST', `/v1/activities/${activityId}/registrations`, {
      headers: partner,
      body: { kind: 'individual', ...person, externalReference: `REF-${run}` },
    });
    expect(duplicate.status).toBe(409);
    const invalid = await activities.request('POST', `/v1/activities/${activityId}/registrations`, {
      headers: partner,
      body: {
        kind: 'individual',
        ...person,
        contactEmail: `${person.contactName} <${person.contactEmail}>`,
        headcount: 'many',
      },
    });
    expect(invalid.status).toBe(400);

    // Reads by staff and partner, refused and failed authentication with the real credentials' look-alikes.
    expect(
      (await activities.request('GET', `/v1/activities/${activityId}/registrations`, { headers: organiser }))
        .status,
    ).toBe(200);
    expect(
      (await activities.request('GET', `/v1/registrations/${registered.body.id}`, { headers: partner }))
        .status,
    ).toBe(200);
    expect(
      (
        await activities.request('GET', `/v1/activities/${activityId}/registrations`, {
          headers: { ...organiser, accept: 'text/csv' },
        })
      ).body,
    ).toContain(person.contactEmail);
    expect(
      (
        await activities.request('GET', `/v1/activities/${activityId}/registrations`, {
          headers: { ...partner, accept: 'text/csv' },
        })
      ).status,
    ).toBe(403);
    const forged = `Bearer ${bearerFor(['admin']).authorization.slice(7, -4)}AAAA`;
    expect(
      (
        await activities.request('GET', `/v1/activities/${activityId}`, {
          headers: { authorization: forged },
        })
      ).status,
    ).toBe(401);
    const unknownKey = `${key.slice(0, -6)}zzzzzz`;
    expect(
      (
        await activities.request('GET', `/v1/activities/${activityId}`, {
          headers: { 'x-api-key': unknownKey },
        })
      ).status,
    ).toBe(401);
    expect(
      (await reporting.request('GET', '/v1/projections/activities-per-type', { headers: reporter })).status,
    ).toBe(200);
    await waitFor(
      async () =>
        (await reporting.request('GET', '/v1/projections/activities-per-type', { headers: partner })).status,
      (status) => status === 403,
      { what: 'the partner key in reporting' },
    );

    // The confirmation mail goes out (the notification path ran) and its cancel link is used.
    const mail = await system.mail();
    const [confirmation] = await waitFor(
      async () => mail.to(person.contactEmail),
      (mails) => mails.length > 0,
      { what: 'the confirmation mail' },
    );
    const link = /https?:\/\/\S+\/v1\/registration-cancellations\/[0-9a-f-]+\?token=([\w-]+)/.exec(
      confirmation.text,
    );
    expect(link).not.toBeNull();
    const cancelToken = link![1];
    const cancelPath = `/v1/registration-cancellations/${registered.body.id}?token=${cancelToken}`;
    expect((await activities.request('GET', cancelPath)).status).toBe(200);
    expect((await activities.request('POST', cancelPath)).status).toBe(200);
    await waitFor(
      async () => mail.to(person.contactEmail),
      (mails) => mails.length > 1,
      { what: 'the cancellation mail' },
    );

    const secrets: Record<string, string> = {
      'API key': key,
      'unknown API key': unknownKey,
      'organiser bearer token': organiser.authorization.slice('Bearer '.length),
      'forged bearer token': forged.slice('Bearer '.length),
      'JWT secret': TEST_JWT_SECRET,
      'cancel token': cancelToken,
      'registrant e-mail': person.contactEmail,
      'registrant name': person.contactName,
      'registrant phone': person.contactPhone,
      'bulk registrant e-mail': bulkPerson.contactEmail,
      'bulk registrant name': bulkPerson.contactName,
      'bulk registrant phone': bulkPerson.contactPhone,
    };
    const logs = { activities: activities.logs, reporting: reporting.logs };
    // The grep below means something only if the services did log: at trace level they do.
    expect(logs.activities.split('\n').filter((line) => line.startsWith('{')).length).toBeGreaterThan(10);
    const found = Object.entries(logs).flatMap(([service, output]) =>
      Object.entries(secrets)
        .filter(([, secret]) => output.includes(secret))
        .map(([what]) => `${what} in the ${service} log`),
    );
    expect(found).toEqual([]);

    // Events are a log too, kept for good on the streams: ids and facts only.
    const events = (await activitiesDb.query(`SELECT row_to_json(o)::text AS row FROM outbox o`))
      .rows as Array<{ row: string }>;
    expect(events.length).toBeGreaterThan(3);
    expect(
      events.filter((event) => Object.values(secrets).some((secret) => event.row.includes(secret))),
    ).toEqual([]);

    // The key itself is nowhere in the database; its SHA-256 is.
    const stored = await activitiesDb.query(`SELECT * FROM api_keys WHERE key_id = $1`, [keyId]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].key_hash).toBe(hashApiKey(key));
    const dump = await activitiesDb.query(
      `SELECT count(*)::int AS n FROM (SELECT row_to_json(k)::text AS j FROM api_keys k UNION ALL SELECT row_to_json(i)::text FROM idempotency_keys i) rows WHERE j LIKE '%' || $1 || '%'`,
      [key],
    );
    expect(dump.rows[0].n).toBe(0);
  }, 90_000);

  it('names a refused setting without quoting a secret or a database password', () => {
    const password = `pw-${randomUUID()}`;
    const shortSecret = `short-${run}`;
    const result = spawnSync(
      process.execPath,
      [path.join(repositoryRoot(), 'dist', 'services', 'activities', 'src', 'main.js')],
      {
        env: {
          PATH: process.env.PATH,
          PORT: '3999',
          AUTH_JWT_SECRET: shortSecret,
          DATABASE_URL: `postgres://deelwijs:${password}@db:5432/not a name`,
        },
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(result.status).toBe(78);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output).toMatch(/AUTH_JWT_SECRET must be at least 32 characters/);
    expect(output).toMatch(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(output).not.toContain(shortSecret);
    expect(output).not.toContain(password);
  });
});
