import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { IdentityAdmin } from '@deelwijs/identity';
import { claimLockId } from '@deelwijs/platform';
import { CancelTokens } from '../src/cancel-tokens/cancel-tokens';
import {
  ServiceProcess,
  staffToken,
  TEST_JWT_SECRET,
  TEST_IDENTITY_SIGNING_KEY, TEST_NATS,
  TestSystem,
  waitFor,
} from '@deelwijs/testing';

const PRODEMOS = randomUUID();
const OTHER_PARTNER = randomUUID();

function inDays(days: number, hour = 19): string {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString();
}

function activityBody(overrides: Record<string, unknown> = {}) {
  return {
    type: 'democracy-game',
    title: { nl: 'Democratiespel Zwolle', en: 'Democracy game Zwolle' },
    prestatieCode: '7.2.3',
    actionNumber: 1,
    partnerOrganisationIds: [PRODEMOS],
    venue: { name: 'Provinciehuis', municipality: 'Zwolle' },
    locationCategory: 'regular',
    startsAt: inDays(10),
    endsAt: inDays(10, 21),
    capacity: 30,
    plannedCostCents: 150_000,
    publish: true,
    ...overrides,
  };
}

const person = (n: number) => ({
  kind: 'individual',
  contactName: `Deelnemer ${n}`,
  contactEmail: `deelnemer${n}@example.nl`,
});
const schoolClass = (headcount: number, reference?: string) => ({
  kind: 'group',
  headcount,
  contactName: 'Docent',
  contactEmail: 'docent@school.example',
  schoolName: 'Het Stedelijk',
  className: 'havo 4b',
  ...(reference ? { externalReference: reference } : {}),
});

describe('activities and registrations (a real activities service)', () => {
  const system = new TestSystem('activities');
  let service: ServiceProcess;
  let databaseUrl: string;
  let db: Client;
  const partner = { authorization: `Bearer ${staffToken(['partner'], PRODEMOS)}` };
  const otherPartner = { authorization: `Bearer ${staffToken(['partner'], OTHER_PARTNER)}` };

  beforeAll(async () => {
    databaseUrl = await system.database('activities');
    service = await system.start('activities', databaseUrl);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await db?.end();
    await system.cleanUp();
  }, 60_000);

  async function createActivity(overrides: Record<string, unknown> = {}) {
    const response = await service.request('POST', '/v1/activities', {
      roles: ['organiser'],
      body: activityBody(overrides),
    });
    expect(response.status).toBe(201);
    return response.body as { id: string; startsAt: string; status: string; placesLeft: number | null };
  }

  it('creates an activity with its facts and shows times in Amsterdam time', async () => {
    const created = await createActivity({
      startsAt: '2026-12-10T19:30:00+01:00',
      endsAt: '2026-12-10T21:30:00+01:00',
    });

    expect(created).toMatchObject({
      status: 'published',
      startsAt: '2026-12-10T19:30:00+01:00',
      placesLeft: 30,
    });
    const fetched = await service.request('GET', `/v1/activities/${created.id}`, { roles: ['organiser'] });
    expect(fetched.body).toMatchObject({
      type: 'democracy-game',
      title: { nl: 'Democratiespel Zwolle', en: 'Democracy game Zwolle' },
      venue: { municipality: 'Zwolle' },
      plannedCostCents: 150_000,
    });
  });

  it('rejects bad input naming the field, and an unknown type from the catalogue, writing nothing', async () => {
    const before = await db.query(`SELECT count(*)::int AS n FROM activities`);
    const bad = await service.request('POST', '/v1/activities', {
      roles: ['organiser'],
      body: activityBody({ capacity: -1, title: {} }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.invalidParams.map((param: { name: string }) => param.name)).toEqual(
      expect.arrayContaining(['capacity', 'title.nl']),
    );

    const unknown = await service.request('POST', '/v1/activities', {
      roles: ['organiser'],
      body: activityBody({ type: 'podcast' }),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.invalidParams).toEqual([
      { name: 'type', reason: 'type "podcast" is not one of /v1/activity-types' },
    ]);

    expect((await db.query(`SELECT count(*)::int AS n FROM activities`)).rows[0].n).toBe(before.rows[0].n);
  });

  it('accepts a new activity type as data, then activities of that type', async () => {
    const put = await service.request('PUT', '/v1/activity-types/podcast', {
      roles: ['admin'],
      body: { label: { nl: 'podcast', en: 'podcast' } },
    });
    expect(put.status).toBe(200);
    expect(
      (
        await service.request('PUT', '/v1/activity-types/podcast', {
          roles: ['organiser'],
          body: { label: { nl: 'p', en: 'p' } },
        })
      ).status,
    ).toBe(403);

    await createActivity({ type: 'podcast' });
  });

  it('refuses invalid lifecycle moves with 409 and the reason; reschedules until held', async () => {
    const draft = await createActivity({ publish: false, startsAt: inDays(-1), endsAt: inDays(-1, 21) });
    const held = await service.request('POST', `/v1/activities/${draft.id}/held-confirmation`, { roles: ['organiser'] });
    expect(held.status).toBe(409);
    expect(held.body.detail).toBe(
      'An activity that is draft cannot become held: from draft it can become published or cancelled.',
    );

    expect(
      (await service.request('POST', `/v1/activities/${draft.id}/publication`, { roles: ['organiser'] })).status,
    ).toBe(200);
    const moved = await service.request('POST', `/v1/activities/${draft.id}/reschedulings`, {
      roles: ['organiser'],
      body: { startsAt: inDays(-2), endsAt: inDays(-2, 21), reason: 'Achteraf vastgelegd' },
    });
    expect(moved.status).toBe(200);
    expect(
      (await service.request('POST', `/v1/activities/${draft.id}/held-confirmation`, { roles: ['organiser'] })).status,
    ).toBe(200);
    const late = await service.request('POST', `/v1/activities/${draft.id}/reschedulings`, {
      roles: ['organiser'],
      body: { startsAt: inDays(3), endsAt: inDays(3, 21) },
    });
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('cannot be rescheduled');

    const events = await db.query(
      `SELECT subject FROM outbox WHERE envelope->'payload'->>'activityId' = $1 ORDER BY seq`,
      [draft.id],
    );
    expect(events.rows.map((row) => row.subject)).toEqual([
      'activities.activity.scheduled.v1',
      'activities.activity.published.v1',
      'activities.activity.rescheduled.v1',
      'activities.activity.held.v1',
    ]);
  });

  it('never overbooks: 40 concurrent registrations for 30 places give 30 accepted and 10 waitlisted', async () => {
    const activity = await createActivity({ capacity: 30 });
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        service.request('POST', `/v1/activities/${activity.id}/registrations`, {
          roles: ['organiser'],
          body: person(n),
        }),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual(new Array(40).fill(201));
    const statuses = responses.map((response) => response.body.status as string);
    expect(statuses.filter((status) => status === 'accepted')).toHaveLength(30);
    expect(statuses.filter((status) => status === 'waitlisted')).toHaveLength(10);
    const positions = responses
      .map((response) => response.body.waitlistPosition)
      .filter((position) => position !== null);
    expect(positions.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const stored = await db.query(
      `SELECT a.places_taken, (SELECT count(*)::int FROM registrations r WHERE r.activity_id = a.id AND r.status = 'accepted') AS accepted
         FROM activities a WHERE a.id = $1`,
      [activity.id],
    );
    expect(stored.rows[0]).toEqual({ places_taken: 30, accepted: 30 });
  });

  it('promotes the waiting list in order when a place frees up', async () => {
    const activity = await createActivity({ capacity: 2 });
    const register = (n: number) =>
      service.request('POST', `/v1/activities/${activity.id}/registrations`, {
        roles: ['organiser'],
        body: person(n),
      });
    const first = (await register(1)).body;
    await register(2);
    const third = (await register(3)).body;
    const fourth = (await register(4)).body;
    expect([third.status, fourth.status]).toEqual(['waitlisted', 'waitlisted']);

    const cancelled = await service.request('POST', `/v1/registrations/${first.id}/cancellation`, {
      roles: ['organiser'],
    });
    expect(cancelled.body.status).toBe('cancelled');

    const after = await db.query(`SELECT id, status FROM registrations WHERE id = ANY ($1)`, [
      [third.id, fourth.id],
    ]);
    expect(Object.fromEntries(after.rows.map((row) => [row.id, row.status]))).toEqual({
      [third.id]: 'accepted',
      [fourth.id]: 'waitlisted',
    });
    const promoted = await db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE subject = 'activities.registration.promoted.v1' AND envelope->'payload'->>'registrationId' = $1`,
      [third.id],
    );
    expect(promoted.rows[0].n).toBe(1);
  });

  it('lets a partner register only where it is a partner, and see only its own registrations', async () => {
    const open = await createActivity();
    const closed = await createActivity({ partnerOrganisationIds: [] });

    const mine = await service.request('POST', `/v1/activities/${open.id}/registrations`, {
      headers: partner,
      body: schoolClass(27, 'PD-1'),
    });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ status: 'accepted', headcount: 27, partnerOrganisationId: PRODEMOS });

    const refused = await service.request('POST', `/v1/activities/${closed.id}/registrations`, {
      headers: partner,
      body: schoolClass(20),
    });
    expect(refused.status).toBe(404);

    const duplicate = await service.request('POST', `/v1/activities/${open.id}/registrations`, {
      headers: partner,
      body: schoolClass(2, 'PD-1'),
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.detail).toContain(mine.body.id);

    await service.request('POST', `/v1/activities/${open.id}/registrations`, {
      roles: ['organiser'],
      body: person(1),
    });
    const seenByPartner = await service.request('GET', `/v1/activities/${open.id}/registrations`, {
      headers: partner,
    });
    expect(seenByPartner.body.items.map((item: { id: string }) => item.id)).toEqual([mine.body.id]);
    const seenByOther = await service.request('GET', `/v1/registrations/${mine.body.id}`, {
      headers: otherPartner,
    });
    expect(seenByOther.status).toBe(404);

    const audit = await db.query(
      `SELECT action, actor_organisation_id, registration_ids FROM personal_data_audit WHERE activity_id = $1`,
      [open.id],
    );
    expect(audit.rows).toEqual([
      { action: 'list-registrations', actor_organisation_id: PRODEMOS, registration_ids: [mine.body.id] },
    ]);
  });

  it('makes retries safe with Idempotency-Key: the same answer, 422 for another body', async () => {
    const activity = await createActivity();
    const key = { ...partner, 'idempotency-key': randomUUID() };
    const first = await service.request('POST', `/v1/activities/${activity.id}/registrations`, {
      headers: key,
      body: schoolClass(20, 'PD-idem'),
    });
    const repeat = await service.request('POST', `/v1/activities/${activity.id}/registrations`, {
      headers: key,
      body: schoolClass(20, 'PD-idem'),
    });

    expect(first.status).toBe(201);
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    const other = await service.request('POST', `/v1/activities/${activity.id}/registrations`, {
      headers: key,
      body: schoolClass(21, 'PD-idem'),
    });
    expect(other.status).toBe(422);
    const count = await db.query(`SELECT count(*)::int AS n FROM registrations WHERE activity_id = $1`, [
      activity.id,
    ]);
    expect(count.rows[0].n).toBe(1);

    // The first request with this key is still running on another instance: its row in flight,
    // its key's advisory lock held by that instance's session (here the test's own).
    const inFlight = randomUUID();
    const route = `/v1/activities/${activity.id}/registrations`;
    const body = schoolClass(20);
    const hash = createHash('sha256')
      .update(`POST ${route}\n${JSON.stringify(body)}`)
      .digest('hex');
    await db.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, state) VALUES ('staff:test-staff', $1, $2, 'in-flight')`,
      [inFlight, hash],
    );
    const lockId = claimLockId('staff:test-staff', inFlight);
    await db.query(`SELECT pg_advisory_lock($1::bigint)`, [lockId]);
    const busy = await service.request('POST', route, {
      headers: { ...partner, 'idempotency-key': inFlight },
      body,
    });
    expect(busy.status).toBe(409);
    expect(busy.body.detail).toContain('still being processed');

    // That instance dies before committing (its session, and with it the lock, ends): the
    // retry takes the claim over at once, and its answer is stored with its own claim, in the
    // transaction of its registration.
    await db.query(`SELECT pg_advisory_unlock($1::bigint)`, [lockId]);
    const retried = await service.request('POST', route, {
      headers: { ...partner, 'idempotency-key': inFlight },
      body,
    });
    expect(retried.status).toBe(201);
    const stored = await db.query(
      `SELECT state, response_status, response_body->>'id' AS id, claim FROM idempotency_keys WHERE key = $1`,
      [inFlight],
    );
    expect(stored.rows[0]).toMatchObject({ state: 'done', response_status: 201, id: retried.body.id });
    expect(stored.rows[0].claim).not.toBeNull();
  });

  it('answers a bulk request per item; strict mode with one bad item writes nothing', async () => {
    const activity = await createActivity({ capacity: 3, capacityUnit: 'groups' });
    const items = [
      { activityId: activity.id, ...schoolClass(25, 'B-1') },
      { activityId: activity.id, ...schoolClass(26, 'B-2') },
      { activityId: activity.id, ...schoolClass(27, 'B-1') },
      { activityId: activity.id, ...schoolClass(28, 'B-3') },
      { activityId: activity.id, ...schoolClass(29, 'B-4') },
      {
        activityId: activity.id,
        kind: 'group',
        contactName: 'x',
        contactEmail: 'not-an-address',
        externalReference: 'B-5',
      },
      { activityId: randomUUID(), ...schoolClass(20, 'B-6') },
    ];

    const strict = await service.request('POST', '/v1/registrations/bulk', {
      headers: partner,
      body: { strict: true, items },
    });
    expect(strict.status).toBe(400);
    expect(strict.body.invalidParams.map((param: { name: string }) => param.name)).toEqual(
      expect.arrayContaining(['items[5].headcount', 'items[5].contactEmail', 'items[5].schoolName']),
    );
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM registrations WHERE activity_id = $1`, [activity.id]))
        .rows[0].n,
    ).toBe(0);

    const lenient = await service.request('POST', '/v1/registrations/bulk', {
      headers: partner,
      body: { items },
    });
    expect(lenient.status).toBe(200);
    expect(lenient.body.summary).toEqual({ accepted: 3, waitlisted: 1, duplicate: 1, rejected: 2 });
    expect(lenient.body.items.map((item: { outcome: string }) => item.outcome)).toEqual([
      'accepted',
      'accepted',
      'duplicate',
      'accepted',
      'waitlisted',
      'rejected',
      'rejected',
    ]);
    expect(lenient.body.items[6].reason).toContain('does not exist');
    const events = await db.query(
      `SELECT subject, count(*)::int AS n FROM outbox WHERE envelope->'payload'->>'activityId' = $1
          AND subject LIKE 'activities.registration.%' GROUP BY subject ORDER BY subject`,
      [activity.id],
    );
    expect(events.rows).toEqual([
      { subject: 'activities.registration.accepted.v1', n: 3 },
      { subject: 'activities.registration.waitlisted.v1', n: 1 },
    ]);

    const again = await service.request('POST', '/v1/registrations/bulk', {
      headers: partner,
      body: { strict: true, items: items.slice(0, 2) },
    });
    expect(again.status).toBe(409);
    expect(again.body.items).toHaveLength(2);
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM registrations WHERE activity_id = $1`, [activity.id]))
        .rows[0].n,
    ).toBe(4);
  });

  it('closes out with check-ins, actual cost and lessons learned, emitting the events', async () => {
    const activity = await createActivity({ startsAt: inDays(1), endsAt: inDays(1, 21) });
    const registered = await service.request('POST', `/v1/activities/${activity.id}/registrations`, {
      roles: ['organiser'],
      body: schoolClass(24),
    });
    // It took place: moved to the past the way an organiser can, through the API.
    const moved = await service.request('POST', `/v1/activities/${activity.id}/reschedulings`, {
      roles: ['organiser'],
      body: {
        startsAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
        endsAt: new Date(Date.now() - 3_600_000).toISOString(),
        reason: 'Vond eerder plaats',
      },
    });
    expect(moved.status).toBe(200);
    expect(
      (
        await service.request(
          'POST',
          `/v1/activities/${activity.id}/registrations/${registered.body.id}/attendance`,
          { roles: ['organiser'] },
        )
      ).status,
    ).toBe(200);
    expect(
      (await service.request('POST', `/v1/activities/${activity.id}/held-confirmation`, { roles: ['organiser'] })).status,
    ).toBe(200);

    const closed = await service.request('POST', `/v1/activities/${activity.id}/closure`, {
      roles: ['organiser'],
      body: {
        actualCostCents: 142_500,
        lessons: { whatWorked: 'Rollenspel', whatToChange: 'Meer tijd', followUp: 'Voorjaar' },
      },
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', participants: 24, actualCostCents: 142_500 });

    const events = await db.query(
      `SELECT subject, envelope->'payload' AS payload FROM outbox WHERE envelope->'payload'->>'activityId' = $1 AND subject IN
         ('activities.activity.held.v1', 'activities.activity.closed.v1', 'activities.lessons-learned.recorded.v1') ORDER BY seq`,
      [activity.id],
    );
    expect(events.rows.map((row) => [row.subject, row.payload.participants])).toEqual([
      ['activities.activity.held.v1', 24],
      ['activities.activity.closed.v1', 24],
      ['activities.lessons-learned.recorded.v1', undefined],
    ]);
    expect(JSON.stringify(events.rows)).not.toContain('docent@school.example');
  });

  it('creates a series from an RRULE whose occurrences can be edited one by one', async () => {
    const { startsAt, endsAt, publish, ...facts } = activityBody();
    void [startsAt, endsAt, publish];
    const created = await service.request('POST', '/v1/series', {
      roles: ['organiser'],
      body: {
        ...facts,
        rrule: 'FREQ=WEEKLY;COUNT=4',
        firstStartsAt: '2027-03-16T19:30:00+01:00',
        durationMinutes: 90,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.occurrences.map((occurrence: { startsAt: string }) => occurrence.startsAt)).toEqual([
      '2027-03-16T19:30:00+01:00',
      '2027-03-23T19:30:00+01:00',
      '2027-03-30T19:30:00+02:00',
      '2027-04-06T19:30:00+02:00',
    ]);
    const second = created.body.occurrences[1].id;
    const edited = await service.request('PATCH', `/v1/activities/${second}`, {
      roles: ['organiser'],
      body: { venue: { municipality: 'Deventer' } },
    });
    expect(edited.status).toBe(200);
    const series = await service.request('GET', `/v1/series/${created.body.id}`, { roles: ['organiser'] });
    expect(
      series.body.occurrences.map(
        (occurrence: { venue: { municipality?: string } }) => occurrence.venue.municipality,
      ),
    ).toEqual(['Zwolle', 'Deventer', 'Zwolle', 'Zwolle']);

    const bad = await service.request('POST', '/v1/series', {
      roles: ['organiser'],
      body: {
        ...facts,
        rrule: 'FREQ=WEEKLY',
        firstStartsAt: '2027-03-16T19:30:00+01:00',
        durationMinutes: 90,
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.invalidParams[0].name).toBe('rrule');
  });

  it('lets a partner with an API key of its organisation register, and nobody else through that key', async () => {
    const admin = await IdentityAdmin.connect({ natsUrl: TEST_NATS, namespace: system.namespace, signingKey: TEST_IDENTITY_SIGNING_KEY });
    try {
      const { organisationId } = await admin.registerOrganisation('Gemeente Deventer');
      const { key } = await admin.issueKey(organisationId, ['partner'], 'Deventer CRM');
      const activity = await createActivity({ partnerOrganisationIds: [organisationId] });
      const withKey = { 'x-api-key': key };

      const registered = await waitFor(
        () =>
          service.request('POST', `/v1/activities/${activity.id}/registrations`, {
            headers: withKey,
            body: person(7),
          }),
        (response) => response.status !== 401,
        { what: 'the key to reach the activities service' },
      );
      expect(registered.status).toBe(201);
      expect(registered.body.partnerOrganisationId).toBe(organisationId);
      expect(
        (await service.request('POST', `/v1/activities/${activity.id}/publication`, { headers: withKey })).status,
      ).toBe(403);
    } finally {
      await admin.close();
    }
  });

  it('gives the registrant a link that cancels only with the right token, until the deadline', async () => {
    const tokens = new CancelTokens(TEST_JWT_SECRET);
    const activity = await createActivity({ capacity: 1 });
    const first = (
      await service.request('POST', `/v1/activities/${activity.id}/registrations`, {
        roles: ['organiser'],
        body: person(1),
      })
    ).body;
    const waiting = (
      await service.request('POST', `/v1/activities/${activity.id}/registrations`, {
        roles: ['organiser'],
        body: person(2),
      })
    ).body;
    const route = `/v1/registration-cancellations/${first.id}?token=${tokens.tokenFor(first.id)}`;

    const page = await service.request('GET', route);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(
      (
        await service.request(
          'GET',
          `/v1/registration-cancellations/${first.id}?token=${tokens.tokenFor(waiting.id)}`,
        )
      ).status,
    ).toBe(403);
    expect(
      (await db.query(`SELECT status FROM registrations WHERE id = $1`, [first.id])).rows[0].status,
    ).toBe('accepted');

    expect((await service.request('POST', route)).status).toBe(200);
    const after = await db.query(
      `SELECT id, status, cancelled_by FROM registrations WHERE id = ANY ($1) ORDER BY created_at`,
      [[first.id, waiting.id]],
    );
    expect(after.rows).toEqual([
      { id: first.id, status: 'cancelled', cancelled_by: 'registrant' },
      { id: waiting.id, status: 'accepted', cancelled_by: null },
    ]);

    const soon = await createActivity({
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 7_200_000).toISOString(),
    });
    const late = (
      await service.request('POST', `/v1/activities/${soon.id}/registrations`, {
        roles: ['organiser'],
        body: person(3),
      })
    ).body;
    const refused = await service.request(
      'POST',
      `/v1/registration-cancellations/${late.id}?token=${tokens.tokenFor(late.id)}`,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('24 hours before the start');
    expect(
      (await service.request('POST', `/v1/registrations/${late.id}/cancellation`, { roles: ['organiser'] })).body
        .status,
    ).toBe('cancelled');
  });

  it('moves the waiting list up when capacity grows, and cancels all registrations with the activity', async () => {
    const activity = await createActivity({ capacity: 1 });
    const register = (n: number) =>
      service.request('POST', `/v1/activities/${activity.id}/registrations`, {
        roles: ['organiser'],
        body: person(n),
      });
    await register(1);
    const second = (await register(2)).body;
    expect(second.status).toBe('waitlisted');

    const shrink = await service.request('PATCH', `/v1/activities/${activity.id}`, {
      roles: ['organiser'],
      body: { capacity: 2 },
    });
    expect(shrink.body.placesLeft).toBe(0);
    expect(
      (await db.query(`SELECT status FROM registrations WHERE id = $1`, [second.id])).rows[0].status,
    ).toBe('accepted');

    const cancelled = await service.request('POST', `/v1/activities/${activity.id}/cancellation`, {
      roles: ['organiser'],
      body: { reason: 'Zaal niet beschikbaar' },
    });
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      placesTaken: 0,
      cancelReason: 'Zaal niet beschikbaar',
    });
    const statuses = await db.query(
      `SELECT DISTINCT status, cancelled_by FROM registrations WHERE activity_id = $1`,
      [activity.id],
    );
    expect(statuses.rows).toEqual([{ status: 'cancelled', cancelled_by: 'activity-cancelled' }]);
    const events = await db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE subject = 'activities.registration.cancelled.v1' AND envelope->'payload'->>'activityId' = $1`,
      [activity.id],
    );
    expect(events.rows[0].n).toBe(2);
    expect(
      (await service.request('POST', `/v1/activities/${activity.id}/publication`, { roles: ['organiser'] }))
        .status,
    ).toBe(409);
  });
});
