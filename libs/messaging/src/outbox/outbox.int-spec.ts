import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ActivityScheduledV1, createEnvelope, EventNamespace, type EventEnvelope } from '@deelwijs/contracts';
import { waitFor } from '@deelwijs/testing';
import { MessagingTestBed } from '../testing/messaging-test-bed';
import { CORRELATION_HEADER } from '../transport/headers';
import { OutboxHousekeeping } from './outbox.housekeeping';
import { OutboxRelay } from './outbox.relay';
import { OutboxWriter } from './outbox.writer';

const payload = (title: string) => ({
  activityId: randomUUID(),
  type: 'lecture',
  title,
  prestatieCode: '7.2.3',
  startsAt: '2026-01-01T10:00:00+01:00',
  endsAt: '2026-01-01T11:00:00+01:00',
});

// Moved from libs/platform (durable-events.int-spec.ts) with its assertions as they were.
describe('outbox relay wake-ups (the poll is a minute away)', () => {
  let bed: MessagingTestBed;
  let app: NestFastifyApplication;
  let dataSource: DataSource;
  let nc: NatsConnection;
  let ns: EventNamespace;
  let subscription: Subscription;
  const seen = new Set<string>();

  beforeAll(async () => {
    bed = await MessagingTestBed.create('wakeups');
    ns = bed.ns;
    app = await bed.start({ outbox: { pollIntervalMs: 60_000 } });
    dataSource = bed.dataSource(app);
    nc = (await bed.nats()).nc;
    subscription = nc.subscribe(ns.subject(ActivityScheduledV1.subject), {
      callback: (_error, message) => {
        seen.add(message.headers?.get('Nats-Msg-Id') ?? '');
      },
    });
  }, 30_000);

  afterAll(async () => {
    subscription?.unsubscribe();
    await bed?.close();
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
    const client = new Client({ connectionString: bed.databaseUrl });
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

describe('outbox writer and relay (real PostgreSQL, NATS)', () => {
  let bed: MessagingTestBed;

  beforeEach(async () => {
    bed = await MessagingTestBed.create('outbox');
  });

  afterEach(() => bed?.close());

  const outbox = (app: NestFastifyApplication) =>
    bed.dataSource(app).query(`SELECT event_id, published_at IS NOT NULL AS published FROM outbox ORDER BY seq`) as Promise<
      { event_id: string; published: boolean }[]
    >;

  /** The stored events of the ACTIVITIES stream as (Nats-Msg-Id, event id in the body) pairs. */
  async function storedEvents(): Promise<{ msgId: string; eventId: string }[]> {
    return (await bed.storedMessages(ActivityScheduledV1.stream)).map((message) => ({
      msgId: message.header.get('Nats-Msg-Id'),
      eventId: message.json<EventEnvelope>().eventId,
    }));
  }

  /** Waits until every row is marked published, then returns what the stream holds. */
  async function afterPublishing(app: NestFastifyApplication, count: number) {
    await waitFor(
      () => outbox(app),
      (rows) => rows.length === count && rows.every((row) => row.published),
      { what: `${count} rows marked published` },
    );
    return storedEvents();
  }

  /**
   * Commits events through an instance's real writer while its relay is stopped, as in a
   * process that is going down: the rows wait, unpublished, for whichever relay runs next.
   */
  async function leaveBehind(count: number, perTransaction = 50): Promise<string[]> {
    const writer = await bed.start({ service: 'writer' });
    await writer.get(OutboxRelay).onApplicationShutdown();
    const ids: string[] = [];
    for (let written = 0; written < count; written += perTransaction) {
      const envelopes = await bed
        .dataSource(writer)
        .transaction((manager) =>
          writer.get(OutboxWriter).appendMany(
            manager,
            ActivityScheduledV1,
            Array.from({ length: Math.min(perTransaction, count - written) }, () => payload('left behind')),
          ),
        );
      ids.push(...envelopes.map((envelope) => envelope.eventId));
    }
    await bed.stop(writer);
    return ids;
  }

  it('stores a committed event once, under its event id as Nats-Msg-Id, and marks it; a rolled-back one never', async () => {
    const app = await bed.start({ outbox: { pollIntervalMs: 60_000 } });
    const writer = app.get(OutboxWriter);
    const rolledBack = await bed
      .dataSource(app)
      .transaction(async (manager) => {
        await writer.append(manager, ActivityScheduledV1, payload('rolled back'));
        throw new Error('roll back');
      })
      .catch(() => 'rolled back');
    expect(rolledBack).toBe('rolled back');
    const committed = await bed
      .dataSource(app)
      .transaction((manager) => writer.append(manager, ActivityScheduledV1, payload('committed')));

    expect(await afterPublishing(app, 1)).toEqual([{ msgId: committed.eventId, eventId: committed.eventId }]);
    const [stored] = await bed.storedMessages(ActivityScheduledV1.stream);
    expect(stored.subject).toBe(bed.ns.subject(ActivityScheduledV1.subject));
    expect(stored.header.get(CORRELATION_HEADER)).toBe(committed.correlationId);
    expect(stored.json()).toEqual(committed);
  });

  it('stores every event of a bulk append once, each under its own id', async () => {
    const app = await bed.start({ outbox: { pollIntervalMs: 60_000 } });
    const envelopes = await bed
      .dataSource(app)
      .transaction((manager) =>
        app.get(OutboxWriter).appendMany(
          manager,
          ActivityScheduledV1,
          Array.from({ length: 500 }, (_, index) => payload(`bulk ${index}`)),
        ),
      );

    const stored = await afterPublishing(app, 500);
    expect(stored.map((event) => event.msgId).sort()).toEqual(envelopes.map((envelope) => envelope.eventId).sort());
    expect(stored.every((event) => event.msgId === event.eventId)).toBe(true);
  });

  it('refuses an event outside a transaction or with a payload its contract rejects, and records nothing', async () => {
    const app = await bed.start();
    const writer = app.get(OutboxWriter);
    await expect(writer.append(bed.dataSource(app).manager, ActivityScheduledV1, payload('no transaction'))).rejects.toThrow(
      'OutboxWriter.append(activities.activity.scheduled.v1) needs the entity manager of an open transaction',
    );
    await expect(
      bed
        .dataSource(app)
        .transaction((manager) =>
          writer.append(manager, ActivityScheduledV1, { ...payload('no end'), endsAt: 'tomorrow' }),
        ),
    ).rejects.toThrow(/endsAt/);
    expect(await outbox(app)).toEqual([]);
  });

  it('publishes at start what a writer that went down left behind, each event once', async () => {
    const ids = await leaveBehind(120);
    // Nothing announces these rows to the relay that starts now; its first drain finds them.
    const relay = await bed.start({ outbox: { pollIntervalMs: 60_000 } });

    const stored = await afterPublishing(relay, ids.length);
    expect(stored.map((event) => event.msgId).sort()).toEqual([...ids].sort());
    expect(stored.every((event) => event.msgId === event.eventId)).toBe(true);
  });

  it('finds committed rows that nobody announced on its next poll', async () => {
    const app = await bed.start({ outbox: { pollIntervalMs: 200 } });
    // As a writer whose process died between its commit and its relay's publish leaves them:
    // committed, unpublished, and no NOTIFY.
    const envelopes = Array.from({ length: 5 }, () => createEnvelope(ActivityScheduledV1.subject, payload('unannounced'), { producer: 'test' }));
    const client = new Client({ connectionString: bed.databaseUrl });
    await client.connect();
    try {
      await client.query(`INSERT INTO outbox (event_id, subject, envelope) SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[])`, [
        envelopes.map((envelope) => envelope.eventId),
        envelopes.map((envelope) => envelope.subject),
        envelopes.map((envelope) => JSON.stringify(envelope)),
      ]);
    } finally {
      await client.end();
    }

    const stored = await afterPublishing(app, envelopes.length);
    expect(stored.map((event) => event.msgId).sort()).toEqual(envelopes.map((envelope) => envelope.eventId).sort());
  });

  it('lets several relays drain side by side, each event stored and marked once', async () => {
    const relays = [await bed.start(), await bed.start(), await bed.start()];
    // Written while the three listen: every commit's NOTIFY wakes all of them at once.
    const ids = await leaveBehind(600, 20);

    const stored = await afterPublishing(relays[0], ids.length);
    expect(stored).toHaveLength(ids.length);
    expect(stored.map((event) => event.msgId).sort()).toEqual([...ids].sort());
  }, 30_000);

  it('prunes published rows and received events past the retention, and never an unpublished row', async () => {
    const app = await bed.start({ outbox: { pollIntervalMs: 60_000 } });
    const dataSource = bed.dataSource(app);
    const [old, recent] = await dataSource.transaction((manager) =>
      app.get(OutboxWriter).appendMany(manager, ActivityScheduledV1, [payload('old'), payload('recent')]),
    );
    await afterPublishing(app, 2);
    await dataSource.query(`UPDATE outbox SET published_at = now() - interval '40 days' WHERE event_id = $1`, [old.eventId]);
    const waiting = randomUUID();
    await dataSource.query(
      `INSERT INTO outbox (event_id, subject, envelope, created_at) VALUES ($1, $2, '{}', now() - interval '40 days')`,
      [waiting, ActivityScheduledV1.subject],
    );
    await dataSource.query(
      `INSERT INTO inbox (consumer, event_id, subject, received_at) VALUES
         ('probe--x', $1, 'x.y.v1', now() - interval '40 days'), ('probe--x', $2, 'x.y.v1', now())`,
      [randomUUID(), recent.eventId],
    );

    expect(await app.get(OutboxHousekeeping).prune(30)).toEqual({ outbox: 1, inbox: 1 });
    const left = (await dataSource.query(`SELECT event_id FROM outbox ORDER BY seq`)) as { event_id: string }[];
    expect(left.map((row) => row.event_id)).toEqual([recent.eventId, waiting]);
    expect(await dataSource.query(`SELECT event_id FROM inbox`)).toEqual([{ event_id: recent.eventId }]);
  });
});
