import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import { ActivityScheduledV1, createEnvelope, DEAD_LETTER_STREAM, EventNamespace, type PayloadOf } from '@deelwijs/contracts';
import { repositoryRoot, waitFor } from '@deelwijs/testing';
import { MessagingTestBed } from '../testing/messaging-test-bed';
import { EventContext } from './event-context';
import { DEAD_LETTER_HEADERS } from './headers';
import { OnEvent } from './on-event.decorator';

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

function scheduledEnvelope(title: string, options: { eventId?: string } = {}) {
  return createEnvelope(
    ActivityScheduledV1.subject,
    {
      activityId: randomUUID(),
      type: 'lecture',
      title,
      prestatieCode: '7.2.3',
      startsAt: '2026-01-01T10:00:00+01:00',
      endsAt: '2026-01-01T11:00:00+01:00',
    },
    { producer: 'test', eventId: options.eventId },
  );
}

// Moved from libs/platform (durable-events.int-spec.ts) with its assertions as they were; the
// platform keeps a test of its own wiring (service-events.int-spec.ts).
describe('durable event handling in a Nest application (real PostgreSQL, NATS)', () => {
  let bed: MessagingTestBed;
  let ns: EventNamespace;
  let nc: NatsConnection;
  let dataSource: DataSource;

  beforeAll(async () => {
    bed = await MessagingTestBed.create('durable', [AppliedTable1763899999000]);
    ns = bed.ns;
    const app = await bed.start({
      handlers: [ProbeHandler],
      consumer: { maxDeliver: 3, backoffMs: [50, 100] },
      // Only wake-ups publish within a test's time: the poll would hide a missed one.
      outbox: { pollIntervalMs: 60_000 },
    });
    dataSource = bed.dataSource(app);
    nc = (await bed.nats()).nc;
  }, 30_000);

  afterAll(() => bed?.close());

  async function publish(title: string, options: { eventId?: string; msgId?: string } = {}) {
    const envelope = scheduledEnvelope(title, options);
    await jetstream(nc).publish(ns.subject(ActivityScheduledV1.subject), JSON.stringify(envelope), {
      msgID: options.msgId ?? envelope.eventId,
    });
    return { activityId: envelope.payload.activityId, eventId: envelope.eventId };
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
});

/** Every call of RecordingHandler, across the test's instances: which event, which delivery, when. */
const calls: { activityId: string; delivery: number; at: number }[] = [];
const callsOf = (activityId: string) => calls.filter((call) => call.activityId === activityId);

/** Records each call before doing what the title asks: fail, or outlast the ack wait. */
@Controller()
class RecordingHandler {
  @OnEvent(ActivityScheduledV1)
  async scheduled(@Payload() event: PayloadOf<typeof ActivityScheduledV1>, @Ctx() context: EventContext) {
    calls.push({ activityId: event.activityId, delivery: context.deliveryCount, at: performance.now() });
    await context.transaction.query(`INSERT INTO applied (activity_id, title, delivery) VALUES ($1, $2, $3)`, [
      event.activityId,
      event.title,
      context.deliveryCount,
    ]);
    if (event.title === 'fail-always') {
      throw new Error('boom: projection cannot apply this');
    }
    if (event.title === 'outlast-ack-wait') {
      await context.transaction.query(`SELECT pg_sleep(2.5)`);
    }
    if (event.title === 'stall-process') {
      // The whole process stops for 2.5 s (as in a long GC pause or a starved CPU): no timer
      // runs, so no in-progress signal tells NATS the message is still being worked on.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2_500);
    }
  }
}

describe('JetStream transport: retries, dead letters, redelivery and instances (real PostgreSQL, NATS)', () => {
  const DURABLE = 'probe--activities_activity_scheduled_v1';
  let bed: MessagingTestBed;

  beforeEach(async () => {
    bed = await MessagingTestBed.create('transport', [AppliedTable1763899999000]);
  });

  afterEach(() => bed?.close());

  /** Publishes bytes on the event's subject as any producer would; returns the stream sequence. */
  async function publishRaw(data: string, msgID: string = randomUUID()): Promise<number> {
    const { js } = await bed.nats();
    return (await js.publish(bed.ns.subject(ActivityScheduledV1.subject), data, { msgID })).seq;
  }

  async function publish(title: string) {
    const envelope = scheduledEnvelope(title);
    const data = JSON.stringify(envelope);
    const seq = await publishRaw(data, envelope.eventId);
    return { activityId: envelope.payload.activityId, eventId: envelope.eventId, data, seq };
  }

  const applied = (app: NestFastifyApplication, activityId: string) =>
    bed
      .dataSource(app)
      .query(`SELECT delivery FROM applied WHERE activity_id = $1`, [activityId]) as Promise<{ delivery: number }[]>;

  async function consumerInfo() {
    const { jsm } = await bed.nats();
    return jsm.consumers.info(bed.ns.stream(ActivityScheduledV1.stream), DURABLE);
  }

  /** Nothing left to deliver or to acknowledge: whatever the consumer got is settled. */
  const settled = () =>
    waitFor(consumerInfo, (info) => info.num_pending === 0 && info.num_ack_pending === 0, { what: 'the consumer to settle' });

  it('waits each back-off delay in turn before a redelivery, repeating the last one', async () => {
    await bed.start({ handlers: [RecordingHandler], consumer: { maxDeliver: 4, backoffMs: [300, 1_500] } });
    const { activityId } = await publish('fail-always');

    await waitFor(async () => callsOf(activityId).length, (count) => count === 4, { timeoutMs: 20_000, what: 'four deliveries' });
    const deliveries = callsOf(activityId);
    expect(deliveries.map((call) => call.delivery)).toEqual([1, 2, 3, 4]);
    const gaps = deliveries.slice(1).map((call, index) => call.at - deliveries[index].at);
    expect(gaps[0]).toBeGreaterThanOrEqual(300);
    expect(gaps[0]).toBeLessThan(1_500);
    expect(gaps[1]).toBeGreaterThanOrEqual(1_500);
    expect(gaps[2]).toBeGreaterThanOrEqual(1_500);
  }, 30_000);

  it('dead-letters an event after the last delivery with the reason and where it came from, and delivers it no more', async () => {
    const app = await bed.start({ handlers: [RecordingHandler], consumer: { maxDeliver: 3, backoffMs: [50] } });
    const original = await publish('fail-always');

    const deadLetters = await waitFor(
      () => bed.storedMessages(DEAD_LETTER_STREAM),
      (messages) => messages.length > 0,
      { what: 'the dead letter' },
    );
    expect(deadLetters).toHaveLength(1);
    const [deadLetter] = deadLetters;
    expect(deadLetter.subject).toBe(bed.ns.deadLetterSubject('probe', ActivityScheduledV1.subject));
    expect(deadLetter.header.get(DEAD_LETTER_HEADERS.reason)).toBe('handler failed 3 times: boom: projection cannot apply this');
    expect(deadLetter.header.get(DEAD_LETTER_HEADERS.consumer)).toBe(DURABLE);
    expect(deadLetter.header.get(DEAD_LETTER_HEADERS.originalSubject)).toBe(bed.ns.subject(ActivityScheduledV1.subject));
    expect(deadLetter.header.get(DEAD_LETTER_HEADERS.originalSequence)).toBe(String(original.seq));
    expect(deadLetter.header.get(DEAD_LETTER_HEADERS.deliveries)).toBe('3');
    // The original bytes, so that it can be replayed as it was.
    expect(deadLetter.string()).toBe(original.data);

    await settled();
    expect(callsOf(original.activityId).map((call) => call.delivery)).toEqual([1, 2, 3]);
    expect(await applied(app, original.activityId)).toEqual([]);
  }, 30_000);

  it('dead-letters a message it cannot read on its first delivery, without calling the handler, and carries on', async () => {
    const app = await bed.start({ handlers: [RecordingHandler] });
    const notJson = await publishRaw('{"eventId": ');
    const badPayload = scheduledEnvelope('no start');
    delete (badPayload.payload as Partial<typeof badPayload.payload>).startsAt;
    const invalid = await publishRaw(JSON.stringify(badPayload), badPayload.eventId);
    const elsewhere = { ...scheduledEnvelope('wrong subject'), subject: 'activities.activity.cancelled.v1' };
    const misrouted = await publishRaw(JSON.stringify(elsewhere), elsewhere.eventId);
    const good = await publish('fine');

    await waitFor(() => applied(app, good.activityId), (rows) => rows.length === 1, { what: 'the good event' });
    const deadLetters = await waitFor(
      () => bed.storedMessages(DEAD_LETTER_STREAM),
      (messages) => messages.length === 3,
      { what: 'three dead letters' },
    );
    const bySequence = new Map(
      deadLetters.map((message) => [
        Number(message.header.get(DEAD_LETTER_HEADERS.originalSequence)),
        {
          reason: message.header.get(DEAD_LETTER_HEADERS.reason),
          deliveries: message.header.get(DEAD_LETTER_HEADERS.deliveries),
        },
      ]),
    );
    expect(bySequence.get(notJson)).toEqual({ reason: 'message is not valid JSON', deliveries: '1' });
    expect(bySequence.get(invalid)?.deliveries).toBe('1');
    expect(bySequence.get(invalid)?.reason).toMatch(/^payload invalid for activities\.activity\.scheduled\.v1: .*startsAt/);
    expect(bySequence.get(misrouted)).toEqual({
      reason: 'envelope subject activities.activity.cancelled.v1 arrived on activities.activity.scheduled.v1',
      deliveries: '1',
    });
    await settled();
    expect(calls.filter((call) => [badPayload, elsewhere].some((bad) => bad.payload.activityId === call.activityId))).toEqual([]);
    expect(callsOf(good.activityId)).toHaveLength(1);
  }, 30_000);

  it('changes nothing when an event is redelivered after its work committed (the ack wait ran out meanwhile)', async () => {
    const app = await bed.start({ handlers: [RecordingHandler], consumer: { ackWaitMs: 1_000 } });
    const event = await publish('stall-process');

    // The handler stalls its process for 2.5 s; after 1 s JetStream hands the event out again.
    // consumer_seq counts every delivery (num_redelivered stays 0 on a consumer without max_deliver).
    await waitFor(consumerInfo, (info) => info.delivered.consumer_seq > 1, { timeoutMs: 5_000, intervalMs: 20, what: 'the redelivery' });
    await settled();
    expect(await applied(app, event.activityId)).toEqual([{ delivery: 1 }]);
    expect(callsOf(event.activityId).map((call) => call.delivery)).toEqual([1]);
    const inbox = await bed.dataSource(app).query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [event.eventId]);
    expect(inbox).toEqual([{ n: 1 }]);
  }, 30_000);

  it('keeps a message on a live instance whose handler outlasts the ack wait: in-progress signals, no redelivery', async () => {
    const app = await bed.start({ handlers: [RecordingHandler], consumer: { ackWaitMs: 1_000 } });
    const event = await publish('outlast-ack-wait');

    // The handler holds its transaction for 2.5 s, more than twice the ack wait.
    await waitFor(() => applied(app, event.activityId), (rows) => rows.length === 1, { what: 'the slow event applied' });
    const info = await settled();
    expect(info.num_redelivered).toBe(0);
    expect(info.delivered.consumer_seq).toBe(1);
    expect(callsOf(event.activityId).map((call) => call.delivery)).toEqual([1]);
  }, 30_000);

  it('dead-letters a message whose handler kills its process on every delivery, after maxDeliver attempts', async () => {
    const script = path.join(repositoryRoot(), 'dist', 'libs', 'messaging', 'src', 'testing', 'crash-on-delivery.js');
    if (!existsSync(script)) {
      throw new Error(`${script} does not exist; run npm run build first`);
    }
    const children: ChildProcess[] = [];
    // maxDeliver 2: the handler kills the process twice; then the event is dead-lettered.
    const startConsumer = async () => {
      const child = spawn(process.execPath, [script, bed.namespace, bed.databaseUrl, '1000', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await waitFor(async () => output, (text) => text.includes('ready') || child.exitCode !== null, { timeoutMs: 30_000, what: 'the consumer process' });
      expect(output).toContain('ready');
      return child;
    };
    try {
      const deaths: (NodeJS.Signals | null)[] = [];
      let child = await startConsumer();
      const original = await publish('crash');
      let deadLetters: Awaited<ReturnType<typeof bed.storedMessages>> = [];
      // A supervisor's loop: whenever the consumer dies, start it again, until the dead letter is there.
      while (deadLetters.length === 0) {
        await waitFor(
          async () => ({ died: child.exitCode !== null || child.signalCode !== null, stored: (await bed.storedMessages(DEAD_LETTER_STREAM)).length }),
          (state) => state.died || state.stored > 0,
          { timeoutMs: 20_000, what: 'the consumer to die or the dead letter' },
        );
        deadLetters = await bed.storedMessages(DEAD_LETTER_STREAM);
        if (deadLetters.length === 0) {
          deaths.push(child.signalCode);
          expect(deaths.length).toBeLessThanOrEqual(2);
          child = await startConsumer();
        }
      }
      // The handler ran twice (maxDeliver), killing its process each time; the third start was
      // refused. Counted by the transport: NATS's delivery count starts again at 1 after such a
      // death, and it may also hand a redelivery to the pull request of a process already gone.
      expect(deaths).toEqual(['SIGKILL', 'SIGKILL']);
      expect(deadLetters).toHaveLength(1);
      const [deadLetter] = deadLetters;
      expect(deadLetter.header.get(DEAD_LETTER_HEADERS.reason)).toMatch(/^handler started 2 times and never finished: its process died/);
      expect(deadLetter.header.get(DEAD_LETTER_HEADERS.originalSequence)).toBe(String(original.seq));
      expect(deadLetter.string()).toBe(original.data);
      await settled();
      // The third process is alive: it dead-lettered without calling the handler.
      expect(child.exitCode).toBeNull();
      expect(child.signalCode).toBeNull();
    } finally {
      for (const child of children) {
        child.kill('SIGKILL');
      }
    }
  }, 90_000);

  it('closes at once when stopped right after it started, while its consumers are still setting up their pulls', async () => {
    // startAllMicroservices returns before each consume() has its message stream: a close then
    // found nothing to stop and waited on the loop until the server ended the pull (minutes).
    for (let round = 0; round < 3; round++) {
      const app = await bed.start({ handlers: [RecordingHandler] });
      const started = performance.now();
      await bed.stop(app);
      expect(performance.now() - started).toBeLessThan(10_000);
    }
  }, 60_000);

  it('lets instances of a service share its durable consumer, each event applied once by one of them', async () => {
    const first = await bed.start({ handlers: [RecordingHandler] });
    await bed.start({ handlers: [RecordingHandler] });
    const events: Awaited<ReturnType<typeof publish>>[] = [];
    for (let index = 0; index < 60; index++) {
      events.push(await publish('fine'));
    }

    await settled();
    const rows = (await bed
      .dataSource(first)
      .query(`SELECT activity_id, count(*)::int AS n FROM applied GROUP BY activity_id`)) as { activity_id: string; n: number }[];
    expect(new Map(rows.map((row) => [row.activity_id, row.n]))).toEqual(new Map(events.map((event) => [event.activityId, 1])));
    const inbox = await bed.dataSource(first).query(`SELECT count(*)::int AS n FROM inbox WHERE consumer = $1`, [DURABLE]);
    expect(inbox).toEqual([{ n: events.length }]);
  }, 30_000);

  it('creates its durable consumer once; a later instance adopts it and brings its settings up to date', async () => {
    await bed.start({ handlers: [RecordingHandler], consumer: { maxDeliver: 3, ackWaitMs: 10_000 } });
    const created = await consumerInfo();
    expect(created.config).toMatchObject({
      durable_name: DURABLE,
      filter_subject: bed.ns.subject(ActivityScheduledV1.subject),
      ack_policy: 'explicit',
      deliver_policy: 'all',
      ack_wait: 10_000 * 1_000_000,
      // Unlimited: the transport counts attempts and dead-letters itself, so NATS never drops one.
      max_deliver: -1,
    });
    const event = await publish('fine');
    await settled();

    await bed.start({ handlers: [RecordingHandler], consumer: { maxDeliver: 6, ackWaitMs: 20_000 } });
    const adopted = await consumerInfo();
    expect(adopted.created).toBe(created.created);
    expect(adopted.config).toMatchObject({ ack_wait: 20_000 * 1_000_000, max_deliver: -1 });
    // The consumer's position is kept: the event already applied is not delivered again.
    expect(adopted.delivered.stream_seq).toBe(event.seq);
    const { jsm } = await bed.nats();
    const consumers = [];
    for await (const consumer of jsm.consumers.list(bed.ns.stream(ActivityScheduledV1.stream))) {
      consumers.push(consumer.name);
    }
    expect(consumers).toEqual([DURABLE]);
    expect(callsOf(event.activityId)).toHaveLength(1);
  }, 30_000);
});
