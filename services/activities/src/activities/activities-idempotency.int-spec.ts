import { probeIdempotency } from '@deelwijs/testing';
import { InProcessActivities } from '../testing/in-process-activities';

jest.setTimeout(60_000);

/** An activity created with an Idempotency-Key, retried as a client would after a timeout. */
describe('Idempotency-Key on activities (real PostgreSQL, NATS, Redis)', () => {
  let service: InProcessActivities;

  beforeAll(async () => {
    service = await InProcessActivities.start('aidem');
  }, 60_000);
  afterAll(() => service?.close(), 30_000);

  const activity = (title: string) => {
    const startsAt = new Date(Date.now() + 10 * 86_400_000);
    startsAt.setUTCHours(18, 0, 0, 0);
    return {
      type: 'lecture',
      title: { nl: title },
      prestatieCode: '7.2.3',
      venue: { name: 'Provinciehuis', municipality: 'Zwolle' },
      organiserEmail: 'organisator@overijssel.example',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
      publish: true,
    };
  };

  it('creates one activity (and one event) for a request and its repeats; 409 while in flight; 422 for another body', async () => {
    const readBack = async () => ({
      activities: await service.query(`SELECT id FROM activities WHERE title_nl LIKE 'Herhaalde %'`),
      scheduled: await service.query(`SELECT count(*)::int AS n FROM outbox WHERE subject = 'activities.activity.scheduled.v1'`),
    });
    const result = await probeIdempotency(service, {
      method: 'POST',
      url: '/v1/activities',
      request: { roles: ['organiser'], body: activity('Herhaalde lezing') },
      otherRequest: { roles: ['organiser'], body: activity('Herhaalde andere lezing') },
      writes: 'activities',
      readBack,
    });

    expect(result.whileInFlight.status).toBe(409);
    expect(result.whileInFlight.body.detail).toContain('still being processed');
    expect(result.first.status).toBe(201);
    expect(result.afterFirst).toEqual({ activities: [{ id: result.first.body.id }], scheduled: [{ n: 1 }] });
    expect(result.repeat.status).toBe(201);
    expect(result.repeat.headers['idempotent-replayed']).toBe('true');
    expect(result.repeat.body).toEqual(result.first.body);
    expect(result.afterRepeat).toEqual(result.afterFirst);
    expect(result.otherBody.status).toBe(422);
    expect(result.afterOtherBody).toEqual(result.afterFirst);
  });
});
