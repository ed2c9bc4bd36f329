import { randomUUID } from 'node:crypto';
import { ProgrammePublishedV1, ProgrammeWithdrawnV1, type PayloadInputOf } from '@deelwijs/contracts';
import { waitFor } from '@deelwijs/testing';
import { expectStatus, InProcessActivities } from '../testing/in-process-activities';

const YEAR = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric' }).format(new Date()));
const IN_YEAR = { startsAt: `${YEAR}-06-15T10:00:00+02:00`, endsAt: `${YEAR}-06-15T12:00:00+02:00` };

function programme(
  programmeCode: string,
  overrides: Partial<PayloadInputOf<typeof ProgrammePublishedV1>> = {},
): PayloadInputOf<typeof ProgrammePublishedV1> {
  return {
    programmeCode,
    version: 1,
    period: { start: `${YEAR}-01-01`, end: `${YEAR}-12-31` },
    isDefaultForPeriod: false,
    prestaties: [
      {
        code: '7.2.3',
        title: { nl: 'Kennisontwikkeling en -deling' },
        actions: [1, 2, 3, 4, 5, 6].map((number) => ({ number, text: { nl: `Actie ${number}` } })),
      },
      { code: '9.1.6', title: { nl: 'Delen en leren' }, actions: [] },
    ],
    ...overrides,
  };
}

/**
 * Programme scope (issue 11) in the activities service: the programmes come from reporting's
 * events into a local read model; an activity names a programme (or gets the default one of its
 * period), a prestatie and an action of it, or is refused with 422 naming the field.
 */
describe('the programme of an activity (real PostgreSQL and NATS)', () => {
  let service: InProcessActivities;
  const main = `ov-${YEAR}`;
  const revised = `ov-${YEAR}-herzien`;

  beforeAll(async () => {
    service = await InProcessActivities.start('programmes');
  }, 60_000);
  afterAll(() => service?.close(), 30_000);

  const organiser = { roles: ['organiser' as const] };
  const create = (body: Record<string, unknown>) =>
    service.request('POST', '/v1/activities', {
      ...organiser,
      body: {
        type: 'lecture',
        title: { nl: 'Lezing democratie' },
        prestatieCode: '7.2.3',
        ...IN_YEAR,
        publish: true,
        ...body,
      },
    });
  const activityCount = async () =>
    (await service.query<{ n: number }>(`SELECT count(*)::int AS n FROM activities`))[0].n;
  /** Waits until the read model holds these versions: the events are applied by the service's consumer. */
  const known = (versions: Record<string, number>) =>
    waitFor(
      () => service.query<{ programme_code: string; version: number }>(`SELECT programme_code, version FROM programmes`),
      (rows) =>
        Object.entries(versions).every(([code, version]) =>
          rows.some((row) => row.programme_code === code && row.version === version),
        ),
      { what: `programmes ${JSON.stringify(versions)} in the read model` },
    );

  it('accepts work before any programme is known, the programme left null (the default of its period)', async () => {
    const before = expectStatus(await create({}), 201, 'create before programmes');
    expect(before.programmeCode).toBeNull();
    const scheduled = (await service.outbox('activities.activity.scheduled.v1')).find(
      (event) => event.activityId === before.id,
    );
    expect(scheduled).not.toHaveProperty('programmeCode');
  });

  it('places work in the default programme of its period, or the named one, and refuses what the programme does not hold', async () => {
    await service.publishEvent(ProgrammePublishedV1, programme(main, { isDefaultForPeriod: true }));
    await service.publishEvent(
      ProgrammePublishedV1,
      programme(revised, {
        prestaties: [{ code: '7.2.3', title: { nl: 'Kennisontwikkeling' }, actions: [{ number: 1, text: { nl: 'Een' } }] }],
      }),
    );
    await known({ [main]: 1, [revised]: 1 });

    const byDefault = expectStatus(await create({ actionNumber: 6 }), 201, 'default programme');
    expect(byDefault).toMatchObject({ programmeCode: main, prestatieCode: '7.2.3', actionNumber: 6 });
    const named = expectStatus(await create({ programmeCode: revised, actionNumber: 1 }), 201, 'named programme');
    expect(named.programmeCode).toBe(revised);
    const scheduled = (await service.outbox('activities.activity.scheduled.v1')).filter((event) =>
      [byDefault.id, named.id].includes(event.activityId),
    );
    expect(scheduled.map((event) => event.programmeCode)).toEqual([main, revised]);

    const count = await activityCount();
    const refusals = [
      [{ programmeCode: 'ov-2031' }, 'programmeCode', 'programme ov-2031 is not known'],
      [{ programmeCode: revised, prestatieCode: '9.1.6' }, 'prestatieCode', `prestatie 9.1.6 is not part of programme ${revised}`],
      [{ programmeCode: revised, actionNumber: 4 }, 'actionNumber', `prestatie 7.2.3 of programme ${revised} has no action 4 (its actions: 1)`],
      [{ actionNumber: 7 }, 'actionNumber', `prestatie 7.2.3 of programme ${main} has no action 7 (its actions: 1, 2, 3, 4, 5, 6)`],
    ] as const;
    for (const [body, field, reason] of refusals) {
      const refused = await create(body);
      expect([field, refused.status]).toEqual([field, 422]);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.invalidParams).toEqual([{ name: field, reason }]);
    }
    expect(await activityCount()).toBe(count);
    // A day no default programme covers: nothing to check against, the programme stays null.
    expect(
      expectStatus(
        await create({ startsAt: '2031-06-15T10:00:00+02:00', endsAt: '2031-06-15T12:00:00+02:00' }),
        201,
        'outside every programme',
      ).programmeCode,
    ).toBeNull();

    // A change is checked as a whole: the action against the programme the activity is in.
    const revise = (body: Record<string, unknown>) =>
      service.request('PATCH', `/v1/activities/${named.id}`, { ...organiser, body });
    expect((await revise({ actionNumber: 4 })).body.invalidParams).toEqual([
      { name: 'actionNumber', reason: `prestatie 7.2.3 of programme ${revised} has no action 4 (its actions: 1)` },
    ]);
    const moved = expectStatus(await revise({ programmeCode: main, actionNumber: 4 }), 200, 'revise');
    expect(moved).toMatchObject({ programmeCode: main, actionNumber: 4 });
    const revisedEvents = (await service.outbox('activities.activity.revised.v1')).filter(
      (event) => event.activityId === named.id,
    );
    expect(revisedEvents).toEqual([expect.objectContaining({ programmeCode: main, actionNumber: 4 })]);
  });

  it('keeps the newest version whatever the order, and refuses a withdrawn programme', async () => {
    const changed = programme(revised, {
      version: 2,
      prestaties: [
        {
          code: '7.2.3',
          title: { nl: 'Kennisontwikkeling' },
          actions: [1, 4].map((number) => ({ number, text: { nl: `Actie ${number}` } })),
        },
      ],
    });
    await service.publishEvent(ProgrammePublishedV1, changed);
    // The older version again, after the newer one: it changes nothing.
    await service.publishEvent(ProgrammePublishedV1, programme(revised, { version: 1 }), { eventId: randomUUID() });
    const sentinel = `ov-${YEAR}-later`;
    await service.publishEvent(ProgrammePublishedV1, programme(sentinel));
    await known({ [revised]: 2, [sentinel]: 1 });
    expect(expectStatus(await create({ programmeCode: revised, actionNumber: 4 }), 201, 'v2 action').actionNumber).toBe(4);

    await service.publishEvent(ProgrammeWithdrawnV1, { programmeCode: revised, version: 3 });
    await known({ [revised]: 3 });
    const refused = await create({ programmeCode: revised, actionNumber: 1 });
    expect(refused.status).toBe(422);
    expect(refused.body.invalidParams).toEqual([
      { name: 'programmeCode', reason: `programme ${revised} was withdrawn; it takes no new work` },
    ]);
  });

  it('moves an activity whose programme was taken by default into the default programme of its new period', async () => {
    const next = `ov-${YEAR + 1}`;
    await service.publishEvent(
      ProgrammePublishedV1,
      programme(next, { isDefaultForPeriod: true, period: { start: `${YEAR + 1}-01-01`, end: `${YEAR + 1}-12-31` } }),
    );
    await known({ [next]: 1 });
    const byDefault = expectStatus(await create({ actionNumber: 2 }), 201, 'by default');
    const named = expectStatus(await create({ programmeCode: main, actionNumber: 2 }), 201, 'named');
    const nextYear = { startsAt: `${YEAR + 1}-03-10T10:00:00+01:00`, endsAt: `${YEAR + 1}-03-10T12:00:00+01:00` };
    const move = (id: string, body: Record<string, string>) =>
      service.request('POST', `/v1/activities/${id}/reschedulings`, { ...organiser, body });

    expect(expectStatus(await move(byDefault.id, nextYear), 200, 'move by default').programmeCode).toBe(next);
    expect(expectStatus(await move(named.id, nextYear), 200, 'move named').programmeCode).toBe(main);
    const revisedEvents = (await service.outbox('activities.activity.revised.v1')).filter((event) =>
      [byDefault.id, named.id].includes(event.activityId),
    );
    // The rescheduled event names no programme; the revised facts tell reporting the new one.
    expect(revisedEvents).toEqual([expect.objectContaining({ activityId: byDefault.id, programmeCode: next })]);

    // A period no default programme covers leaves it null; back in a covered one, it takes that default.
    const uncovered = { startsAt: `${YEAR + 3}-03-10T10:00:00+01:00`, endsAt: `${YEAR + 3}-03-10T12:00:00+01:00` };
    expect(expectStatus(await move(byDefault.id, uncovered), 200, 'move uncovered').programmeCode).toBeNull();
    expect(
      expectStatus(await move(byDefault.id, { ...IN_YEAR, reason: 'Vond toch in juni plaats' }), 200, 'move back').programmeCode,
    ).toBe(main);

    // A move into a period whose default programme lacks the action is refused, naming the field.
    const revisedNext = programme(next, {
      version: 2,
      isDefaultForPeriod: true,
      period: { start: `${YEAR + 1}-01-01`, end: `${YEAR + 1}-12-31` },
      prestaties: [{ code: '7.2.3', title: { nl: 'Kennis' }, actions: [{ number: 1, text: { nl: 'Een' } }] }],
    });
    await service.publishEvent(ProgrammePublishedV1, revisedNext);
    await known({ [next]: 2 });
    const refused = await move(byDefault.id, nextYear);
    expect(refused.status).toBe(422);
    expect(refused.body.invalidParams).toEqual([
      { name: 'actionNumber', reason: `prestatie 7.2.3 of programme ${next} has no action 2 (its actions: 1)` },
    ]);
    expect(
      expectStatus(await service.request('GET', `/v1/activities/${byDefault.id}`, organiser), 200, 'GET').startsAt,
    ).toBe(IN_YEAR.startsAt);
  });

  it('carries the programme and action in the closed and lessons-learned events, and in a series', async () => {
    const startsAt = new Date(Date.now() - 3_600_000);
    const activity = expectStatus(
      await create({
        actionNumber: 6,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 1_800_000).toISOString(),
      }),
      201,
      'create started',
    );
    const outcome = await service.request('POST', '/v1/activities/outcomes', {
      ...organiser,
      body: {
        items: [
          {
            activityId: activity.id,
            held: true,
            participants: 40,
            actualCostCents: 20_000,
            lessons: { whatWorked: 'Veel vragen', whatToChange: 'Meer tijd', followUp: 'Vervolg' },
          },
        ],
      },
    });
    expect(outcome.body.items[0].outcome).toBe('closed');
    const closed = (await service.outbox('activities.activity.closed.v1')).find((event) => event.activityId === activity.id);
    expect(closed).toMatchObject({ programmeCode: activity.programmeCode, prestatieCode: '7.2.3', actionNumber: 6 });
    const lessons = (await service.outbox('activities.lessons-learned.recorded.v1')).find(
      (event) => event.activityId === activity.id,
    );
    expect(lessons).toMatchObject({ programmeCode: activity.programmeCode, actionNumber: 6 });

    const seriesBody = {
      type: 'guest-lesson',
      title: { nl: 'Gastles' },
      programmeCode: main,
      prestatieCode: '7.2.3',
      actionNumber: 1,
      rrule: 'FREQ=WEEKLY;COUNT=3',
      firstStartsAt: IN_YEAR.startsAt,
      durationMinutes: 60,
    };
    const series = await service.request('POST', '/v1/series', { ...organiser, body: seriesBody });
    expect(series.status).toBe(201);
    expect(series.body.programmeCode).toBe(main);
    expect(series.body.occurrences.map((occurrence: { programmeCode: string }) => occurrence.programmeCode)).toEqual([
      main,
      main,
      main,
    ]);
    const refusedSeries = await service.request('POST', '/v1/series', {
      ...organiser,
      body: { ...seriesBody, actionNumber: 9 },
    });
    expect(refusedSeries.status).toBe(422);
    expect(refusedSeries.body.invalidParams).toEqual([
      { name: 'actionNumber', reason: expect.stringContaining('has no action 9') },
    ]);
    expect(
      (await service.query<{ n: number }>(`SELECT count(*)::int AS n FROM activity_series`))[0].n,
    ).toBe(1);
  });
});
