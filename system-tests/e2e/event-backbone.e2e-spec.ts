import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { ServiceProcess, TEST_NATS, TestSystem, waitFor } from '@deelwijs/testing';
import { createEnvelope, DEAD_LETTER_STREAM, EventNamespace } from '@deelwijs/contracts';

/**
 * The four promises of the event backbone, shown on real processes: activities publishes
 * through its outbox, reporting and knowledge consume through durable JetStream consumers.
 */
describe('event backbone across real service processes', () => {
  const system = new TestSystem('backbone');
  const ns = new EventNamespace(system.namespace);
  const databases: Record<string, string> = {};
  let activities: ServiceProcess;
  let reporting: ServiceProcess;
  let knowledge: ServiceProcess;
  let nc: NatsConnection;

  beforeAll(async () => {
    for (const service of ['activities', 'reporting', 'knowledge']) {
      databases[service] = await system.database(service);
    }
    [activities, reporting, knowledge] = await Promise.all([
      system.start('activities', databases.activities),
      system.start('reporting', databases.reporting),
      system.start('knowledge', databases.knowledge),
    ]);
    nc = await connect({ servers: TEST_NATS });
  }, 90_000);

  afterAll(async () => {
    await nc?.close();
    await system.cleanUp();
  }, 60_000);

  function activity(prestatieCode: string, type = 'democracy-game') {
    return {
      type,
      title: { nl: `Democratiespel ${randomUUID().slice(0, 8)}` },
      prestatieCode,
      actionNumber: 1,
      startsAt: '2026-03-12T19:30:00+01:00',
      endsAt: '2026-03-12T21:30:00+01:00',
    };
  }

  async function create(prestatieCode: string, type?: string) {
    const response = await activities.request('POST', '/v1/activities', { roles: ['organiser'], body: activity(prestatieCode, type) });
    expect(response.status).toBe(201);
    return response.body as { id: string };
  }

  async function projected(prestatieCode: string): Promise<number> {
    const response = await reporting.request('GET', `/v1/projections/activities-per-type?prestatie=${prestatieCode}`, {
      roles: ['reporter'],
    });
    expect(response.status).toBe(200);
    return response.body.total as number;
  }

  async function streamMessages(): Promise<number> {
    const jsm = await jetstreamManager(nc);
    return (await jsm.streams.info(ns.stream('ACTIVITIES'))).state.messages;
  }

  async function query<T>(service: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: databases[service] });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  it('(a) an activity created over HTTP appears in reporting projection and in knowledge', async () => {
    const created = await create('7.2.3');
    await waitFor(() => projected('7.2.3'), (total) => total === 1, { what: 'reporting to count the activity' });
    const reference = await waitFor(
      () => knowledge.request('GET', `/v1/activity-references/${created.id}`, { roles: ['editor'] }),
      (response) => response.status === 200,
      { what: 'knowledge to know the activity' },
    );
    expect(reference.body).toMatchObject({ activityId: created.id, type: 'democracy-game', prestatieCode: '7.2.3' });
  });

  it('(b) 500 activities created while reporting is down are all counted, once, after it restarts', async () => {
    await reporting.stop();
    const created: string[] = [];
    const perTypeCreated: Record<string, number> = { debate: 1 };
    for (let batch = 0; batch < 25; batch++) {
      const type = batch % 2 ? 'lecture' : 'workshop';
      const ids = await Promise.all(Array.from({ length: 20 }, () => create('9.1.6', type)));
      created.push(...ids.map((item) => item.id));
      perTypeCreated[type] = (perTypeCreated[type] ?? 0) + ids.length;
    }
    expect(new Set(created).size).toBe(500);
    await reporting.start();
    await waitFor(() => projected('9.1.6'), (total) => total >= 500, { timeoutMs: 60_000, what: '500 projected activities' });
    // A barrier event: once it is applied, everything published before it has been delivered.
    await create('9.1.6', 'debate');
    await waitFor(() => projected('9.1.6'), (total) => total >= 501, { what: 'the barrier event' });
    expect(await projected('9.1.6')).toBe(501);
    const perType = await reporting.request('GET', '/v1/projections/activities-per-type?prestatie=9.1.6', { roles: ['reporter'] });
    expect(perType.body.items).toEqual(
      Object.entries(perTypeCreated)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([type, activities]) => ({ prestatieCode: '9.1.6', type, activities })),
    );
  }, 120_000);

  it.each(['crash-before-publish', 'crash-after-publish'])(
    '(c) activities SIGKILLed by %s: after restart the event is delivered and applied exactly once',
    async (fault) => {
      const prestatie = fault === 'crash-before-publish' ? '1.1.1' : '1.1.2';
      const before = await streamMessages();
      await activities.stop();
      await activities.start({ FAULT_INJECTION: fault });
      const title = `crash ${fault}`;
      // The request may or may not get its answer: the relay may kill the process first.
      await activities
        .request('POST', '/v1/activities', { roles: ['organiser'], body: { ...activity(prestatie), title: { nl: title } } })
        .catch(() => undefined);
      const exit = await activities.exited;
      expect(exit?.signal).toBe('SIGKILL');
      const stored = await query<{ id: string }>('activities', 'SELECT id FROM activities WHERE title_nl = $1', [title]);
      expect(stored).toHaveLength(1);
      const pending = await query<{ published_at: Date | null }>(
        'activities',
        `SELECT published_at FROM outbox WHERE envelope->'payload'->>'activityId' = $1`,
        [stored[0].id],
      );
      expect(pending).toEqual([{ published_at: null }]);

      await activities.start();
      await waitFor(() => projected(prestatie), (total) => total === 1, { what: 'the event after the crash' });
      await create(prestatie);
      await waitFor(() => projected(prestatie), (total) => total === 2, { what: 'the barrier event' });
      expect(await projected(prestatie)).toBe(2);
      // Two activities, two messages on the stream: the republish after a crash between publish
      // and mark was absorbed by JetStream's duplicate window.
      expect((await streamMessages()) - before).toBe(2);
      const applied = await query<{ count: string }>('reporting', `SELECT count(*) FROM inbox WHERE event_id = $1`, [
        (await query<{ event_id: string }>('activities', `SELECT event_id FROM outbox WHERE envelope->'payload'->>'activityId' = $1`, [stored[0].id]))[0].event_id,
      ]);
      expect(Number(applied[0].count)).toBe(1);
    },
    90_000,
  );

  it('(d) a malformed message lands on the dead-letter subject with its reason, and later events still apply', async () => {
    const js = jetstream(nc);
    const subject = ns.subject('activities.activity.scheduled.v1');
    await js.publish(subject, 'this is not json', { msgID: randomUUID() });
    const badPayload = createEnvelope('activities.activity.scheduled.v1', { activityId: 'not-a-uuid', type: '' }, { producer: 'test' });
    await js.publish(subject, JSON.stringify(badPayload), { msgID: badPayload.eventId });

    const jsm = await jetstreamManager(nc);
    const deadLetters = ns.stream(DEAD_LETTER_STREAM);
    const reportingSubject = ns.deadLetterSubject('reporting', 'activities.activity.scheduled.v1');
    const info = await waitFor(
      () => jsm.streams.info(deadLetters, { subjects_filter: reportingSubject }),
      (state) => (state.state.subjects?.[reportingSubject] ?? 0) >= 2,
      { what: 'two dead letters from reporting' },
    );
    expect(info.state.subjects?.[reportingSubject]).toBe(2);
    const first = await jsm.streams.getMessage(deadLetters, { seq: info.state.first_seq });
    const last = await jsm.streams.getMessage(deadLetters, { last_by_subj: reportingSubject });
    const reasons = [first, last]
      .filter((message) => message?.subject === reportingSubject)
      .map((message) => message!.header.get('Deelwijs-Dead-Letter-Reason'));
    expect(reasons.join('\n')).toMatch(/payload invalid for activities\.activity\.scheduled\.v1: activityId/);
    expect(last!.header.get('Deelwijs-Original-Subject')).toBe(subject);

    await create('4.4.4');
    await waitFor(() => projected('4.4.4'), (total) => total === 1, { what: 'a good event after the bad ones' });
  });
});
