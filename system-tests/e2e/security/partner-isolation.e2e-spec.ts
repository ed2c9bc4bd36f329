import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { IdentityAdmin } from '@deelwijs/identity';
import { TEST_IDENTITY_SIGNING_KEY, TEST_NATS, TestSystem, waitFor, type ServiceProcess } from '@deelwijs/testing';
import { bearerFor } from './security-kit';

function inDays(days: number, hour: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString();
}

const registrant = (label: string, externalReference?: string) => ({
  kind: 'individual',
  contactName: `Deelnemer ${label}`,
  contactEmail: `${label.toLowerCase().replace(/\W/g, '')}@example.nl`,
  ...(externalReference ? { externalReference } : {}),
});

/**
 * Two partner organisations with real API keys on the same activity: neither can see, change or
 * even detect the other's registrations, through any route (list, get, cancel, bulk, exports,
 * idempotent replays). A foreign registration looks exactly like one that does not exist.
 */
describe('a partner sees and changes only its own registrations', () => {
  const system = new TestSystem('partners');
  const organiser = bearerFor(['organiser'], { subject: 'partner-isolation-organiser' });
  let activities: ServiceProcess;
  let db: Client;
  let admin: IdentityAdmin;
  let prodemos: { organisationId: string; headers: Record<string, string> };
  let school: { organisationId: string; headers: Record<string, string> };
  let activityId: string;

  async function partnerWithKey(name: string) {
    const { organisationId } = await admin.registerOrganisation(`${name} ${system.namespace}`);
    const { key } = await admin.issueKey(organisationId, ['partner'], `${name} CRM`);
    return { organisationId, headers: { 'x-api-key': key } };
  }

  const register = (
    partner: { headers: Record<string, string> },
    body: object,
    headers: Record<string, string> = {},
  ) =>
    activities.request('POST', `/v1/activities/${activityId}/registrations`, {
      headers: { ...partner.headers, ...headers },
      body,
    });

  beforeAll(async () => {
    const databaseUrl = await system.database('partners');
    activities = await system.start('activities', databaseUrl);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    admin = await IdentityAdmin.connect({ natsUrl: TEST_NATS, namespace: system.namespace, signingKey: TEST_IDENTITY_SIGNING_KEY });
    [prodemos, school] = [await partnerWithKey('ProDemos'), await partnerWithKey('Het Stedelijk')];
    const created = await activities.request('POST', '/v1/activities', {
      headers: organiser,
      body: {
        type: 'democracy-game',
        title: { nl: 'Democratiespel Deventer', en: 'Democracy game Deventer' },
        prestatieCode: '7.2.3',
        actionNumber: 1,
        partnerOrganisationIds: [prodemos.organisationId, school.organisationId],
        venue: { name: 'Stadhuis', municipality: 'Deventer' },
        locationCategory: 'regular',
        startsAt: inDays(20, 18),
        endsAt: inDays(20, 20),
        capacity: 50,
        plannedCostCents: 100_000,
        publish: true,
      },
    });
    expect(created.status).toBe(201);
    activityId = created.body.id;
    // The keys travel as identity events to the service's own projection: wait until both work.
    for (const partner of [prodemos, school]) {
      await waitFor(
        async () =>
          (await activities.request('GET', `/v1/activities/${activityId}`, { headers: partner.headers }))
            .status,
        (status) => status === 200,
        { what: 'the partner key to reach the activities service' },
      );
    }
  }, 90_000);

  afterAll(async () => {
    await admin?.close();
    await db?.end();
    await system.cleanUp();
  }, 60_000);

  it('lists, reads and cancels only its own; a foreign registration is indistinguishable from a missing one', async () => {
    const ours = await register(prodemos, registrant('ProDemos Een', 'REF-SHARED'));
    const theirs = await register(school, registrant('School Een', 'REF-SHARED'));
    // The same external reference at another partner is theirs, not a duplicate of ours.
    expect([ours.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.id).not.toBe(ours.body.id);

    const listedByProdemos = await activities.request('GET', `/v1/activities/${activityId}/registrations`, {
      headers: prodemos.headers,
    });
    const listedBySchool = await activities.request('GET', `/v1/activities/${activityId}/registrations`, {
      headers: school.headers,
    });
    expect(listedByProdemos.body.items.map((item: { id: string }) => item.id)).toContain(ours.body.id);
    expect(
      listedByProdemos.body.items.map(
        (item: { partnerOrganisationId: string }) => item.partnerOrganisationId,
      ),
    ).toEqual(listedByProdemos.body.items.map(() => prodemos.organisationId));
    expect(listedBySchool.body.items.map((item: { id: string }) => item.id)).toEqual([theirs.body.id]);

    const foreign = await activities.request('GET', `/v1/registrations/${theirs.body.id}`, {
      headers: prodemos.headers,
    });
    const missing = await activities.request('GET', `/v1/registrations/${randomUUID()}`, {
      headers: prodemos.headers,
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.title).toBe(missing.body.title);
    expect(JSON.stringify(foreign.body)).not.toMatch(/School|example\.nl/);

    const cancelForeign = await activities.request('POST', `/v1/registrations/${theirs.body.id}/cancellation`, {
      headers: prodemos.headers,
    });
    expect(cancelForeign.status).toBe(404);
    const stored = await db.query(`SELECT status FROM registrations WHERE id = $1`, [theirs.body.id]);
    expect(stored.rows).toEqual([{ status: 'accepted' }]);

    // Its own it may cancel: the refusal above is about ownership, not about cancelling.
    const cancelOwn = await activities.request('POST', `/v1/registrations/${ours.body.id}/cancellation`, {
      headers: prodemos.headers,
    });
    expect(cancelOwn.status).toBe(200);
    expect(cancelOwn.body.status).toBe('cancelled');
  });

  it('detects bulk duplicates per partner only, and never answers with another partner’s registration id', async () => {
    const schoolOwn = await register(school, registrant('School Twee', 'REF-BULK-1'));
    expect(schoolOwn.status).toBe(201);

    const bulk = await activities.request('POST', '/v1/registrations/bulk', {
      headers: prodemos.headers,
      body: {
        items: [
          { activityId, ...registrant('ProDemos Twee', 'REF-BULK-1') },
          { activityId, ...registrant('ProDemos Drie', 'REF-BULK-1') },
        ],
      },
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.items.map((item: { outcome: string }) => item.outcome)).toEqual([
      'accepted',
      'duplicate',
    ]);
    // The duplicate points at ProDemos's own first item, not at the school's registration.
    expect(bulk.body.items[1].registrationId).toBe(bulk.body.items[0].registrationId);
    expect(JSON.stringify(bulk.body)).not.toContain(schoolOwn.body.id);

    const rows = await db.query(
      `SELECT partner_organisation_id FROM registrations WHERE activity_id = $1 AND external_reference = 'REF-BULK-1' ORDER BY partner_organisation_id`,
      [activityId],
    );
    expect(rows.rows.map((row) => row.partner_organisation_id).sort()).toEqual(
      [prodemos.organisationId, school.organisationId].sort(),
    );
  });

  it('never replays one partner’s idempotent answer to another partner using the same key', async () => {
    const idempotencyKey = `shared-${randomUUID()}`;
    const first = await register(prodemos, registrant('ProDemos Vier'), {
      'idempotency-key': idempotencyKey,
    });
    const second = await register(school, registrant('ProDemos Vier'), { 'idempotency-key': idempotencyKey });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body.partnerOrganisationId).toBe(school.organisationId);
  });

  it('refuses partners the exports and check-in, and hides an activity they are no partner of', async () => {
    for (const format of ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']) {
      const exported = await activities.request(
        'GET',
        `/v1/activities/${activityId}/registrations`,
        { headers: { ...prodemos.headers, accept: format } },
      );
      expect([format, exported.status]).toEqual([format, 403]);
    }
    const theirs = await register(school, registrant('School Drie'));
    const checkIn = await activities.request(
      'POST',
      `/v1/activities/${activityId}/registrations/${theirs.body.id}/attendance`,
      {
        headers: prodemos.headers,
      },
    );
    expect(checkIn.status).toBe(403);

    // A partner-role token without an organisation has no registrations to be scoped to.
    const orphan = await activities.request('GET', `/v1/activities/${activityId}/registrations`, {
      headers: bearerFor(['partner']),
    });
    expect(orphan.status).toBe(403);

    const elsewhere = await activities.request('POST', '/v1/activities', {
      headers: organiser,
      body: {
        type: 'lecture',
        title: { nl: 'Lezing', en: 'Lecture' },
        prestatieCode: '7.2.3',
        partnerOrganisationIds: [school.organisationId],
        venue: { name: 'Bibliotheek', municipality: 'Zwolle' },
        locationCategory: 'regular',
        startsAt: inDays(21, 18),
        endsAt: inDays(21, 20),
        capacity: 10,
        publish: true,
      },
    });
    expect(elsewhere.status).toBe(201);
    const before = await db.query(`SELECT count(*)::int AS n FROM registrations WHERE activity_id = $1`, [
      elsewhere.body.id,
    ]);
    const refused = await activities.request('POST', `/v1/activities/${elsewhere.body.id}/registrations`, {
      headers: prodemos.headers,
      body: registrant('ProDemos Vijf'),
    });
    // An activity the partner may not see does not exist for it (issue 11: 404 on every path beneath it).
    expect(refused.status).toBe(404);
    const bulkRefused = await activities.request('POST', '/v1/registrations/bulk', {
      headers: prodemos.headers,
      body: { items: [{ activityId: elsewhere.body.id, ...registrant('ProDemos Zes') }] },
    });
    expect(bulkRefused.body.items[0].outcome).toBe('rejected');
    const after = await db.query(`SELECT count(*)::int AS n FROM registrations WHERE activity_id = $1`, [
      elsewhere.body.id,
    ]);
    expect(after.rows[0].n).toBe(before.rows[0].n);

    // The organiser's export holds both partners' registrations: the 403 above is the partner scope at work.
    const organiserExport = await activities.request(
      'GET',
      `/v1/activities/${activityId}/registrations`,
      { headers: { ...organiser, accept: 'text/csv' } },
    );
    expect(organiserExport.status).toBe(200);
    expect(organiserExport.body).toContain(prodemos.organisationId);
    expect(organiserExport.body).toContain(school.organisationId);
  });
});
