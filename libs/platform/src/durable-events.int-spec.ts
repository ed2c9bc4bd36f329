import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import { ActivityScheduledV1, createEnvelope, DEAD_LETTER_STREAM, EventNamespace, type PayloadOf } from '@deelwijs/contracts';
import { EventContext, OnEvent, OutboxWriter } from '@deelwijs/messaging';
import { JsonLogger } from '@deelwijs/observability';
import {
  createTestDatabase,
  deleteNamespaceQueues,
  deleteNamespaceStreams,
  TEST_JWT_SECRET,
  TEST_NATS,
  TEST_REDIS,
  uniqueName,
  waitFor,
} from '@deelwijs/testing';
import { createServiceApp, type ServiceDefinition } from './bootstrap';
import { loadConfig, ServiceConfig } from './config/service-config';

class AppliedTable1763899999000 implements MigrationInterface {
  name = 'AppliedTable1763899999000';
  async up(runner: QueryRunner) {
    await runner.query(`CREATE TABLE applied (activity_id uuid NOT NULL, title text NOT NULL, delivery int NOT NULL)`);
  }
  async down(runner: QueryRunner) {
    await runner.query(`DROP TABLE applied`);
  }
}

/** A handler whose behaviour the test steers through the event's title. */
@Controller()
class ProbeHandler {
  @OnEvent(ActivityScheduledV1)
  async scheduled(@Payload() event: PayloadOf<typeof ActivityScheduledV1>, @Ctx() context: EventContext) {
    // Written first, so a failure below shows whether the transaction really rolls back.
    await context.transaction.query(`INSERT INTO applied (activity_id, title, delivery) VALUES ($1, $2, $3)`, [
      event.activityId,
      event.title,
      context.deliveryCount,
    ]);
    if (event.title === 'fail-always') {
      throw new Error('boom: projection cannot apply this');
    }
    if (event.title === 'fail-twice' && context.deliveryCount < 3) {
      throw new Error(`transient failure on delivery ${context.deliveryCount}`);
    }
    if (event.title === 'slow') {
      // Holds the consumer's one transaction, so that what arrives meanwhile queues up.
      await context.transaction.query(`SELECT pg_sleep(0.3)`);
    }
  }
}

@Module({ controllers: [ProbeHandler] })
class ProbeModule {}

describe('durable event handling in a Nest application (real PostgreSQL, NATS, Redis)', () => {
  const namespace = uniqueName('durable');
  const ns = new EventNamespace(namespace);
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: NestFastifyApplication;
  let nc: NatsConnection;
  let dataSource: DataSource;

  const definition: ServiceDefinition = {
    name: 'probe',
    title: 'probe',
    description: 'probe',
    configClass: ServiceConfig,
    defaults: {},
    entities: [],
    migrations: [AppliedTable1763899999000],
    modules: () => [ProbeModule],
  };

  beforeAll(async () => {
    database = await createTestDatabase('durable');
    const config = loadConfig(ServiceConfig, {
      PORT: '1',
      DATABASE_URL: database.url,
      NATS_URL: TEST_NATS,
      REDIS_URL: TEST_REDIS,
      EVENTS_NAMESPACE: namespace,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      CONSUMER_MAX_DELIVER: '3',
      CONSUMER_BACKOFF_MS: '50,100',
      // Only wake-ups publish within a test's time: the poll would hide a missed one.
      OUTBOX_POLL_INTERVAL_MS: '60000',
    });
    const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
    app = await createServiceApp(definition, config, new JsonLogger({ service: 'probe', level: 'fatal', destination: quiet }));
    dataSource = app.get(DataSource);
    nc = await connect({ servers: TEST_NATS });
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await nc?.close();
    await deleteNamespaceStreams(namespace);
    await deleteNamespaceQueues(namespace);
    await database?.drop();
  });

  async function publish(title: string, options: { eventId?: string; msgId?: string } = {}) {
    const activityId = randomUUID();
    const envelope = createEnvelope(
      ActivityScheduledV1.subject,
      {
        activityId,
        type: 'lecture',
        title,
        prestatieCode: '7.2.3',
        startsAt: '2026-01-01T10:00:00+01:00',
        endsAt: '2026-01-01T11:00:00+01:00',
      },
      { producer: 'test', eventId: options.eventId },
    );
    await jetstream(nc).publish(ns.subject(ActivityScheduledV1.subject), JSON.stringify(envelope), {
      msgID: options.msgId ?? envelope.eventId,
    });
    return { activityId, eventId: envelope.eventId };
  }

  const applied = (activityId: string) =>
    dataSource.query(`SELECT delivery FROM applied WHERE activity_id = $1`, [activityId]) as Promise<{ delivery: number }[]>;

  it('retries a failing handler with back-off and applies it once when it recovers', async () => {
    const { activityId, eventId } = await publish('fail-twice');
    const rows = await waitFor(() => applied(activityId), (result) => result.length > 0, { what: 'the third delivery' });
    // The two failed attempts rolled back their insert together with the inbox row.
    expect(rows).toEqual([{ delivery: 3 }]);
    const inbox = await dataSource.query(`SELECT consumer FROM inbox WHERE event_id = $1`, [eventId]);
    expect(inbox).toEqual([{ consumer: 'probe--activities_activity_scheduled_v1' }]);
  });

  it('sends an event that keeps failing to dead letter with the reason, and carries on', async () => {
    const { activityId } = await publish('fail-always');
    const jsm = await jetstreamManager(nc);
    const subject = ns.deadLetterSubject('probe', ActivityScheduledV1.subject);
    const deadLetter = await waitFor(
      () => jsm.streams.getMessage(ns.stream(DEAD_LETTER_STREAM), { last_by_subj: subject }),
      (message) => message !== null,
      { what: 'the dead letter' },
    );
    expect(deadLetter!.header.get('Deelwijs-Dead-Letter-Reason')).toBe('handler failed 3 times: boom: projection cannot apply this');
    expect(deadLetter!.header.get('Deelwijs-Deliveries')).toBe('3');
    expect(deadLetter!.json<{ payload: { activityId: string } }>().payload.activityId).toBe(activityId);
    expect(await applied(activityId)).toEqual([]);

    const next = await publish('fine');
    await waitFor(() => applied(next.activityId), (rows) => rows.length === 1, { what: 'a later good event' });
  });

  it('applies an event once even when the broker delivers it twice (republished past the duplicate window)', async () => {
    const eventId = randomUUID();
    const first = await publish('fine', { eventId, msgId: `${eventId}-a` });
    // Same event id, another Nats-Msg-Id: JetStream stores it twice, as after a relay crash
    // older than the duplicate window. Only the inbox stands between it and a double count.
    await publish('fine', { eventId, msgId: `${eventId}-b` });
    const barrier = await publish('fine');
    await waitFor(() => applied(barrier.activityId), (rows) => rows.length === 1, { what: 'the barrier event' });
    const byEvent = await dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [eventId]);
    expect(byEvent).toEqual([{ n: 1 }]);
    expect(await applied(first.activityId)).toHaveLength(1);
  });

  it('applies events that queue up behind a transaction together, each once, and a failing one among them on its own', async () => {
    const slow = await publish('slow');
    // While the slow event holds the consumer's transaction, these all arrive and wait.
    const fine = await Promise.all(Array.from({ length: 20 }, () => publish('fine')));
    const flaky = await publish('fail-twice');
    const twice = randomUUID();
    const duplicate = await publish('fine', { eventId: twice, msgId: `${twice}-a` });
    await publish('fine', { eventId: twice, msgId: `${twice}-b` });

    const all = [slow, ...fine, flaky, duplicate];
    await waitFor(
      async () => (await Promise.all(all.map((event) => applied(event.activityId)))).every((rows) => rows.length > 0),
      (done) => done,
      { what: 'every event of the burst' },
    );
    for (const event of [slow, ...fine, duplicate]) {
      expect(await applied(event.activityId)).toEqual([{ delivery: 1 }]);
    }
    // The failing event rolled back the batch it came in; alone, it failed twice more and then applied.
    expect(await applied(flaky.activityId)).toEqual([{ delivery: 3 }]);
    const received = await dataSource.query(
      `SELECT count(DISTINCT received_at)::int AS transactions, count(*)::int AS events FROM inbox WHERE event_id = ANY($1)`,
      [all.map((event) => event.eventId)],
    );
    expect(received[0].events).toBe(all.length);
    expect(received[0].transactions).toBeLessThan(all.length - 1);
  });

  describe('outbox relay wake-ups (the poll is a minute away)', () => {
    let subscription: Subscription;
    const seen = new Set<string>();

    beforeAll(() => {
      subscription = nc.subscribe(ns.subject(ActivityScheduledV1.subject), {
        callback: (_error, message) => {
          seen.add(message.headers?.get('Nats-Msg-Id') ?? '');
        },
      });
    });

    afterAll(() => subscription.unsubscribe());

    const payload = (title: string) => ({
      activityId: randomUUID(),
      type: 'lecture',
      title,
      prestatieCode: '7.2.3',
      startsAt: '2026-01-01T10:00:00+01:00',
      endsAt: '2026-01-01T11:00:00+01:00',
    });

    it('publishes a row as soon as the transaction that wrote it commits, and never one that rolled back', async () => {
      const writer = app.get(OutboxWriter);
      const rolledBack = await dataSource
        .transaction(async (manager) => {
          const envelope = await writer.append(manager, ActivityScheduledV1, payload('rolled back'));
          throw Object.assign(new Error('roll back'), { envelope });
        })
        .catch((error: { envelope: { eventId: string } }) => error.envelope);
      const committed = await dataSource.transaction((manager) => writer.append(manager, ActivityScheduledV1, payload('committed')));

      await waitFor(async () => seen.has(committed.eventId), (has) => has, { timeoutMs: 5_000, what: 'the committed event' });
      expect(seen.has(rolledBack.eventId)).toBe(false);
      const rows = await dataSource.query(`SELECT event_id, published_at IS NOT NULL AS published FROM outbox WHERE event_id = ANY($1)`, [
        [committed.eventId, rolledBack.eventId],
      ]);
      expect(rows).toEqual([{ event_id: committed.eventId, published: true }]);
    });

    it('wakes on NOTIFY for a row another process committed', async () => {
      const envelope = createEnvelope(ActivityScheduledV1.subject, payload('from elsewhere'), { producer: 'test' });
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query('BEGIN');
        const [row] = (
          await client.query(`INSERT INTO outbox (event_id, subject, envelope) VALUES ($1, $2, $3) RETURNING seq`, [
            envelope.eventId,
            envelope.subject,
            JSON.stringify(envelope),
          ])
        ).rows as { seq: string }[];
        await client.query(`SELECT pg_notify('deelwijs_outbox', $1)`, [row.seq]);
        await client.query('COMMIT');
      } finally {
        await client.end();
      }
      await waitFor(async () => seen.has(envelope.eventId), (has) => has, { timeoutMs: 5_000, what: 'the notified event' });
    });
  });
});
