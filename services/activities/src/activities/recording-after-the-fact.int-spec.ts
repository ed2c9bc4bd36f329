import { randomUUID } from 'node:crypto';
import { expectStatus, InProcessActivities } from '../testing/in-process-activities';

const HOUR = 3_600_000;

/**
 * Recording after the fact (issue 11): a class that walks in, a paper list entered the next day,
 * the outcomes of a week of activities in one request, and a move into the past that needs a
 * reason and is audited. The same lifecycle, rules and events as recording on the day.
 */
describe('recording after the fact (real PostgreSQL)', () => {
  let service: InProcessActivities;
  const partner = randomUUID();

  beforeAll(async () => {
    service = await InProcessActivities.start('after-fact');
  }, 60_000);
  afterAll(() => service?.close(), 30_000);

  const organiser = { roles: ['organiser' as const] };

  /** A published activity that started an hour ago (or `startedHoursAgo`), scheduled as it happened. */
  function startedActivity(body: Record<string, unknown> = {}, startedHoursAgo = 1) {
    const startsAt = new Date(Date.now() - startedHoursAgo * HOUR);
    return service.createActivity({
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
      partnerOrganisationIds: [partner],
      ...body,
    });
  }

  const post = (url: string, body?: unknown) => service.request('POST', url, { ...organiser, body });
  const statusOf = async (id: string) =>
    expectStatus(await service.request('GET', `/v1/activities/${id}`, organiser), 200, 'GET activity').status;

  it('lets the organiser register and check in walk-ins after the start, and a paper list once held; partners not', async () => {
    const activity = await startedActivity({ capacity: 2 });

    const walkIn = await service.register(activity.id, { kind: 'group', headcount: 1, schoolName: 'Het Baken' });
    expect(walkIn.status).toBe('accepted');
    expectStatus(await post(`/v1/activities/${activity.id}/registrations/${walkIn.id}/attendance`), 200, 'check-in');

    const byPartner = await service.request('POST', `/v1/activities/${activity.id}/registrations`, {
      roles: ['partner'],
      organisationId: partner,
      body: { kind: 'individual', contactName: 'Te laat', contactEmail: 'laat@example.org' },
    });
    expect(byPartner.status).toBe(409);
    expect(byPartner.body.detail).toContain('has started; registration is closed');

    expectStatus(await post(`/v1/activities/${activity.id}/held-confirmation`), 200, 'held');
    // The next day: the paper list holds one more, and one who came without room (same capacity rule).
    const late = await service.register(activity.id);
    expect(late.status).toBe('accepted');
    expectStatus(await post(`/v1/activities/${activity.id}/registrations/${late.id}/attendance`), 200, 'late check-in');
    const overflow = await service.register(activity.id);
    expect(overflow).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    const closed = expectStatus(
      await post(`/v1/activities/${activity.id}/closure`, { actualCostCents: 12_500 }),
      200,
      'close',
    );
    expect(closed).toMatchObject({ status: 'closed', participants: 2, groups: null, actualCostCents: 12_500 });
    const ofThis = (events: Array<{ activityId: string }>) => events.filter((event) => event.activityId === activity.id);
    expect(ofThis(await service.outbox('activities.registration.accepted.v1'))).toHaveLength(2);
    expect(ofThis(await service.outbox('activities.registration.waitlisted.v1'))).toHaveLength(1);
    expect(ofThis(await service.outbox('activities.activity.closed.v1'))).toEqual([
      expect.objectContaining({ participants: 2, groups: 1, actualCostCents: 12_500 }),
    ]);

    // Closed is final: no more registrations.
    const afterClose = await service.request('POST', `/v1/activities/${activity.id}/registrations`, {
      ...organiser,
      body: { kind: 'individual', contactName: 'Na afloop', contactEmail: 'na@example.org' },
    });
    expect(afterClose.status).toBe(409);
  });

  it('records the outcomes of many activities in one request, each item on its own, with a result per item', async () => {
    const published = await startedActivity();
    const held = await startedActivity({}, 30);
    expectStatus(await post(`/v1/activities/${held.id}/held-confirmation`), 200, 'held');
    const notHeld = await startedActivity({}, 26);
    const future = await service.createActivity();
    const noCost = await startedActivity();
    const missing = randomUUID();

    const response = await post('/v1/activities/outcomes', {
      items: [
        { activityId: published.id, held: true, participants: 31, groups: 2, actualCostCents: 45_000 },
        { activityId: held.id, held: true, actualCostCents: 0 },
        { activityId: notHeld.id, held: false, reason: 'Spreker ziek' },
        { activityId: future.id, held: true, participants: 10, actualCostCents: 100 },
        { activityId: noCost.id, held: true, participants: 10 },
        { activityId: noCost.id, held: true, participants: -1, actualCostCents: 100 },
        { activityId: missing, held: true, actualCostCents: 100 },
        'not an outcome',
      ],
    });

    expect(response.status).toBe(200);
    const { summary, items } = response.body;
    expect(summary).toEqual({ closed: 2, cancelled: 1, unchanged: 0, rejected: 5 });
    expect(items.map((item: { index: number; outcome: string }) => [item.index, item.outcome])).toEqual([
      [0, 'closed'],
      [1, 'closed'],
      [2, 'cancelled'],
      [3, 'rejected'],
      [4, 'rejected'],
      [5, 'rejected'],
      [6, 'rejected'],
      [7, 'rejected'],
    ]);
    expect(items[0].activity).toMatchObject({ status: 'closed', participants: 31, groups: 2, actualCostCents: 45_000 });
    expect(items[2].activity).toMatchObject({ status: 'cancelled', cancelReason: 'Spreker ziek' });
    expect(items[3].problem).toMatchObject({ status: 409 });
    expect(items[3].problem.detail).toContain('cannot be held before it starts');
    expect(items[4].problem).toMatchObject({
      status: 422,
      invalidParams: [{ name: 'items[4].actualCostCents', reason: expect.stringContaining('actual cost') }],
    });
    expect(items[5].problem).toMatchObject({ status: 400 });
    expect(items[5].problem.invalidParams.map((param: { name: string }) => param.name)).toEqual([
      'items[5].participants',
    ]);
    expect(items[6].problem).toMatchObject({ status: 404 });
    expect(items[7].problem.invalidParams).toEqual([{ name: 'items[7]', reason: 'must be an object' }]);

    // The same events as the single calls: held (with the stated figures) then closed.
    const heldEvents = (await service.outbox('activities.activity.held.v1')).filter(
      (event) => event.activityId === published.id,
    );
    expect(heldEvents).toEqual([expect.objectContaining({ participants: 31, groups: 2 })]);
    const closedEvents = (await service.outbox('activities.activity.closed.v1')).filter((event) =>
      [published.id, held.id].includes(event.activityId),
    );
    expect(closedEvents).toEqual([
      expect.objectContaining({ activityId: published.id, participants: 31, groups: 2, actualCostCents: 45_000 }),
      expect.objectContaining({ activityId: held.id, participants: 0, groups: 0, actualCostCents: 0 }),
    ]);
    // Refused items changed nothing.
    expect([await statusOf(future.id), await statusOf(noCost.id)]).toEqual(['published', 'published']);

    // A retry of the same outcomes is safe: recorded ones are unchanged, no second event.
    const retry = await post('/v1/activities/outcomes', {
      items: [
        { activityId: published.id, held: true, participants: 31, groups: 2, actualCostCents: 45_000 },
        { activityId: notHeld.id, held: false },
        { activityId: published.id, held: true, participants: 30, groups: 2, actualCostCents: 45_000 },
      ],
    });
    expect(retry.body.items.map((item: { outcome: string }) => item.outcome)).toEqual([
      'unchanged',
      'unchanged',
      'rejected',
    ]);
    expect(retry.body.items[2].problem.status).toBe(409);
    expect(
      (await service.outbox('activities.activity.closed.v1')).filter((event) => event.activityId === published.id),
    ).toHaveLength(1);
  });

  it('refuses a malformed outcomes request as a whole, naming the field', async () => {
    for (const body of [{}, { items: [] }, { items: [{}], extra: 1 }]) {
      const response = await post('/v1/activities/outcomes', body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.invalidParams.length).toBeGreaterThan(0);
    }
    const tooMany = await post('/v1/activities/outcomes', {
      items: Array.from({ length: 501 }, () => ({ activityId: randomUUID(), held: false })),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.invalidParams).toEqual([{ name: 'items', reason: expect.stringContaining('at most 500') }]);
    expect((await service.request('POST', '/v1/activities/outcomes', { roles: ['partner'], body: { items: [] } })).status).toBe(
      403,
    );
  });

  it('moves an activity into the past only with a reason, and audits who did it and why', async () => {
    const activity = await service.createActivity();
    const past = new Date(Date.now() - 48 * HOUR);
    const into = { startsAt: past.toISOString(), endsAt: new Date(past.getTime() + 2 * HOUR).toISOString() };
    const moves = async () =>
      (await service.outbox('activities.activity.rescheduled.v1')).filter((event) => event.activityId === activity.id);

    for (const reason of [undefined, '   ']) {
      const refused = await post(`/v1/activities/${activity.id}/reschedulings`, { ...into, reason });
      expect(refused.status).toBe(422);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.invalidParams).toEqual([{ name: 'reason', reason: expect.stringContaining('into the past') }]);
    }
    expect(
      expectStatus(await service.request('GET', `/v1/activities/${activity.id}`, organiser), 200, 'GET').startsAt,
    ).toBe(activity.startsAt);
    expect(await moves()).toEqual([]);

    // A move later in the future needs no reason and is no rewrite of history: not audited.
    const later = new Date(Date.now() + 9 * 24 * HOUR);
    expectStatus(
      await post(`/v1/activities/${activity.id}/reschedulings`, {
        startsAt: later.toISOString(),
        endsAt: new Date(later.getTime() + HOUR).toISOString(),
      }),
      200,
      'move later',
    );
    const moved = await service.request('POST', `/v1/activities/${activity.id}/reschedulings`, {
      roles: ['organiser'],
      organisationId: partner,
      body: { ...into, reason: 'Gastles vond eerder plaats; achteraf vastgelegd' },
    });
    expect(moved.status).toBe(200);
    expect(await moves()).toHaveLength(2);

    const audit = expectStatus(
      await service.request('GET', `/v1/activities/${activity.id}/audit`, organiser),
      200,
      'audit',
    );
    expect(audit.items).toEqual([
      {
        at: expect.any(String),
        action: 'moved-into-the-past',
        actorKind: 'staff',
        actorId: expect.any(String),
        actorOrganisationId: partner,
        reason: 'Gastles vond eerder plaats; achteraf vastgelegd',
        details: {
          previousStartsAt: expect.any(String),
          previousEndsAt: expect.any(String),
          startsAt: moved.body.startsAt,
          endsAt: moved.body.endsAt,
        },
      },
    ]);
    expect(new Date(audit.items[0].details.previousStartsAt).getTime()).toBe(later.getTime());
    expect((await service.request('GET', `/v1/activities/${randomUUID()}/audit`, organiser)).status).toBe(404);
  });
});
