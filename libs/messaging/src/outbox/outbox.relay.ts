import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { NatsClient } from '../nats-client';
import { SESSION_KEEPALIVE_SQL } from '@deelwijs/persistence';
import { OUTBOX_CHANNEL } from './outbox.channel';
import { CORRELATION_HEADER, TRACEPARENT_HEADER } from '../transport/headers';

/** An outbox row as the relay publishes it. */
export interface OutboxRow {
  seq: string;
  eventId: string;
  subject: string;
  /** The envelope as JSON text, published as it is. */
  envelope: string;
  correlationId?: string;
  /** W3C trace context of the work that wrote the event, also a message header for tools that read headers only. */
  traceparent?: string;
}

interface ClaimedRow {
  seq: string;
  event_id: string;
  subject: string;
  envelope: string;
  correlation_id: string | null;
  traceparent: string | null;
}

/**
 * Publishes committed outbox rows to JetStream, each with Nats-Msg-Id set to its event id, and
 * then marks them published. Two ways lead there:
 *
 * - Direct: OutboxWriter hands over the rows of a transaction once it has committed, and they
 *   are published from memory within a couple of milliseconds, together with the rows other
 *   transactions committed meanwhile; the marks follow in one UPDATE. No claim, so no round
 *   trip to PostgreSQL before the publish.
 * - Drain: claims a batch of unpublished rows with FOR UPDATE SKIP LOCKED, publishes it and
 *   marks it. This is how rows are found that no direct publish took care of: written by a
 *   process that crashed, failed to publish or was stopping, or by another process. It runs
 *   at start, on NOTIFY and on every poll.
 *
 * Either way a crash between publish and mark leads to a second publish with the same id,
 * which JetStream's duplicate window swallows; consumers' inboxes cover what lies beyond that
 * window. So does a drain in another instance that claims a row while this one publishes it
 * directly. Marks may be lost in a PostgreSQL crash for the same reason without harm, so they
 * do not wait for the WAL flush (synchronous_commit off).
 *
 * The relay has its own connection, outside the application's pool (a drain holds its row
 * locks across the publish); it also LISTENs on it. Drains and marks take turns on it.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private connection?: Client;
  private connecting?: Promise<Client>;
  /** The connection's queue: one transaction at a time. */
  private turn: Promise<unknown> = Promise.resolve();
  private pollTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private failures = 0;
  /** Rows notified during the running drain. */
  private readonly awaited = new Set<string>();
  private readonly recentlyPublished = new RecentSet(RECENTLY_PUBLISHED_KEPT);
  /** Published directly and not yet marked, or being published: a drain leaves them alone. */
  private readonly direct = new Set<string>();
  /** Published directly, waiting for the next mark, with the time of their publish. */
  private toMark: { seq: string; at: string }[] = [];
  private marking?: Promise<void>;
  private readonly publishing = new Set<Promise<void>>();
  /** Handed over and waiting for the gather window to close. */
  private gathered: OutboxRow[] = [];
  private gatherTimer?: NodeJS.Timeout;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly dataSource: DataSource,
    private readonly nats: NatsClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.client().catch((error: Error) =>
      this.logger.warn({ msg: 'outbox relay cannot connect yet; polling will retry', error: error.message }),
    );
    this.pollTimer = setInterval(() => this.wake(), this.options.outbox.pollIntervalMs);
    this.pollTimer.unref();
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    this.publishGathered();
    await Promise.allSettled([this.running, ...this.publishing]);
    await this.marking;
    await this.turn;
    await this.connection?.end().catch(() => undefined);
    this.connection = undefined;
  }

  /**
   * Whether rows committed now will be published directly: the relay is running, connected,
   * and its last attempt succeeded. Otherwise writers NOTIFY instead, which wakes any relay that
   * listens (other instances too); the poll is the fallback either way.
   */
  publishesOnCommit(): boolean {
    return !this.stopped && this.connection !== undefined && this.failures === 0;
  }

  /** Rows of a transaction that has just committed (see OutboxWriter). */
  publishCommitted(rows: OutboxRow[]): void {
    if (this.stopped) {
      // Leaves them to another instance, woken now rather than at its next poll.
      this.notify(rows);
      return;
    }
    for (const row of rows) {
      this.direct.add(row.seq);
    }
    this.gathered.push(...rows);
    this.gatherTimer ??= setTimeout(() => this.publishGathered(), PUBLISH_GATHER_MS);
  }

  /**
   * Rows committed within a couple of milliseconds go out together: one write to NATS for all
   * of them, and they reach consumers together, which then apply them in one transaction.
   * Every hop costs a wake-up of another process; at a few hundred events a second that
   * saved about 5% of the CPU per event, for a millisecond of latency on average.
   */
  private publishGathered(): void {
    clearTimeout(this.gatherTimer);
    this.gatherTimer = undefined;
    if (this.gathered.length === 0) {
      return;
    }
    const rows = this.gathered;
    this.gathered = [];
    const work = this.publishDirectly(rows).finally(() => this.publishing.delete(work));
    this.publishing.add(work);
  }

  /**
   * Starts a drain, or asks the running one to go round once more. `seq`: the wake-up is for
   * that row only, so the extra round is skipped if it has been published meanwhile.
   */
  wake(seq?: string): void {
    if (this.stopped) {
      return;
    }
    if (this.running) {
      if (seq === undefined) {
        this.again = true;
      } else {
        this.awaited.add(seq);
      }
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .finally(() => {
        this.running = undefined;
        for (const awaited of this.awaited) {
          if (this.recentlyPublished.has(awaited)) {
            this.awaited.delete(awaited);
          }
        }
        if (this.again || this.awaited.size > 0) {
          this.again = false;
          this.awaited.clear();
          this.wake();
        }
      });
  }

  /** Publishes until nothing committed is left; resolves early on failure (the poll retries). */
  async drain(): Promise<number> {
    let published = 0;
    try {
      const client = await this.client();
      for (;;) {
        const count = await this.inTurn(() => this.drainBatch(client));
        published += count;
        if (count < this.options.outbox.batchSize) {
          break;
        }
      }
      this.succeeded();
    } catch (error) {
      this.failed(error);
    }
    return published;
  }

  private async publishDirectly(rows: OutboxRow[]): Promise<void> {
    try {
      this.injectFault('crash-before-publish');
      const at = isoTimestamp(performance.timeOrigin + performance.now());
      await Promise.all(rows.map((row) => this.publish(row)));
      this.injectFault('crash-after-publish');
      for (const row of rows) {
        this.recentlyPublished.add(row.seq);
        this.toMark.push({ seq: row.seq, at });
      }
      this.markSoon();
      this.succeeded();
    } catch (error) {
      for (const row of rows) {
        this.direct.delete(row.seq);
      }
      this.failed(error);
      // Still in the outbox, unpublished: another instance may be able to publish them now.
      this.notify(rows);
    }
  }

  /**
   * Marks what was published directly, a little later: one UPDATE for every row published
   * meanwhile instead of one each. Until then a drain leaves the rows alone; a crash loses the
   * marks, which costs a duplicate publish (see above) and nothing else.
   */
  private markSoon(): void {
    this.marking ??= (async () => {
      if (!this.stopped) {
        await new Promise((resolve) => setTimeout(resolve, MARK_DELAY_MS));
      }
      while (this.toMark.length > 0) {
        const batch = this.toMark;
        this.toMark = [];
        try {
          const client = await this.client();
          // seq (digits) and the ISO time are inlined, which keeps the whole transaction in
          // one simple-protocol round trip.
          const values = batch.map((row) => `(${assertDigits(row.seq)}::bigint, '${row.at}'::timestamptz)`).join(', ');
          await this.inTurn(() =>
            client.query(
              `BEGIN; SET LOCAL synchronous_commit = off;
               UPDATE outbox SET published_at = marked.at FROM (VALUES ${values}) AS marked (seq, at)
                WHERE outbox.seq = marked.seq AND outbox.published_at IS NULL;
               COMMIT`,
            ),
          );
        } catch (error) {
          // Unmarked, the rows are published again by a drain, under the same Nats-Msg-Id.
          this.failed(error);
        } finally {
          for (const row of batch) {
            this.direct.delete(row.seq);
          }
        }
      }
    })().finally(() => {
      this.marking = undefined;
    });
  }

  private async drainBatch(client: Client): Promise<number> {
    // Rows being published directly are left out (there are few: their marks follow within
    // a round trip); past a thousand, a duplicate publish is cheaper than the longer query.
    const skip =
      this.direct.size > 0 && this.direct.size <= 1_000 ? `AND seq NOT IN (${[...this.direct].map(assertDigits).join(',')})` : '';
    try {
      const results = (await client.query(
        `BEGIN; SET LOCAL synchronous_commit = off;
         SELECT seq, event_id, subject, envelope::text AS envelope, envelope->>'correlationId' AS correlation_id,
                envelope->>'traceparent' AS traceparent
           FROM outbox WHERE published_at IS NULL ${skip} ORDER BY seq LIMIT ${this.options.outbox.batchSize}
            FOR UPDATE SKIP LOCKED`,
      )) as unknown as { rows: ClaimedRow[] }[];
      const rows = results[2].rows;
      if (rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      this.injectFault('crash-before-publish');
      await Promise.all(
        rows.map((row) =>
          this.publish({
            seq: row.seq,
            eventId: row.event_id,
            subject: row.subject,
            envelope: row.envelope,
            correlationId: row.correlation_id ?? undefined,
            traceparent: row.traceparent ?? undefined,
          }),
        ),
      );
      this.injectFault('crash-after-publish');
      // Before the commit: the rows' notifications may arrive in the same read as its answer.
      for (const row of rows) {
        this.recentlyPublished.add(row.seq);
      }
      // published_at = now(), the start of this transaction: when the relay picked the rows.
      const seqs = rows.map((row) => assertDigits(row.seq)).join(',');
      await client.query(`UPDATE outbox SET published_at = now() WHERE seq IN (${seqs}); COMMIT`);
      return rows.length;
    } catch (error) {
      await this.rollback(client);
      throw error;
    }
  }

  /** Releases the claim; a connection that cannot even do that is dropped and made anew. */
  private async rollback(client: Client): Promise<void> {
    try {
      await client.query('ROLLBACK');
    } catch {
      this.discard(client);
    }
  }

  private async publish(row: OutboxRow): Promise<void> {
    const h = natsHeaders();
    if (row.correlationId) {
      h.set(CORRELATION_HEADER, row.correlationId);
    }
    if (row.traceparent) {
      h.set(TRACEPARENT_HEADER, row.traceparent);
    }
    await this.nats.js.publish(this.nats.namespace.subject(row.subject), row.envelope, {
      msgID: row.eventId,
      headers: h,
      timeout: 5_000,
    });
  }

  /** Wakes whichever relay listens, for rows this one leaves behind. Best effort: the poll remains. */
  private notify(rows: OutboxRow[]): void {
    for (const row of rows) {
      this.dataSource.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, row.seq]).catch(() => undefined);
    }
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work);
    this.turn = result.catch(() => undefined);
    return result;
  }

  private succeeded(): void {
    this.failures = 0;
  }

  private failed(error: unknown): void {
    this.failures += 1;
    // Logged once per outage, not per poll.
    if (this.failures === 1) {
      this.logger.warn({ msg: 'outbox relay cannot publish; will retry', error: (error as Error).message });
    }
  }

  private injectFault(point: MessagingOptions['outbox']['fault']): void {
    if (this.options.outbox.fault === point) {
      this.logger.warn({ msg: 'fault injection: SIGKILL', point });
      process.kill(process.pid, 'SIGKILL');
    }
  }

  /**
   * The relay's connection, which also LISTENs: NOTIFY is only a wake-up call. While the
   * connection is down, the poll (which reconnects through drain) carries on until it is back.
   */
  private client(): Promise<Client> {
    if (this.connection) {
      return Promise.resolve(this.connection);
    }
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<Client> {
    const options = this.dataSource.options as { url?: string };
    const client = new Client({
      connectionString: options.url,
      application_name: `${this.options.service}-outbox-relay`,
      connectionTimeoutMillis: 5_000,
    });
    client.on('notification', (notification) => {
      // Notifications reach this connection only between the relay's own transactions, so
      // under load many name rows it has just published: those need no further drain.
      if (!notification.payload) {
        this.wake();
      } else if (!this.recentlyPublished.has(notification.payload)) {
        this.wake(notification.payload);
      }
    });
    client.on('error', () => this.discard(client));
    try {
      await client.connect();
      // A drain's rows are claimed FOR UPDATE SKIP LOCKED in a transaction on this session:
      // if this process dies, PostgreSQL ends the session and the rows are free for the next
      // drain of any instance at once; the keepalives do the same for a vanished host.
      await client.query(`${SESSION_KEEPALIVE_SQL}; LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      this.discard(client);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      throw new Error('outbox relay stopped');
    }
    this.connection = client;
    return client;
  }

  private discard(client: Client): void {
    if (this.connection === client) {
      this.connection = undefined;
    }
    client.end().catch(() => undefined);
  }
}

/** How long rows handed over at commit gather before they are published together. */
const PUBLISH_GATHER_MS = 2;

/** How long direct publishes gather before they are marked together. */
const MARK_DELAY_MS = 20;

/** Enough for the notifications still on their way while the relay publishes at full speed. */
const RECENTLY_PUBLISHED_KEPT = 20_000;

/** A set that forgets its oldest entries beyond a fixed size. */
class RecentSet {
  private readonly entries = new Set<string>();

  constructor(private readonly size: number) {}

  add(value: string): void {
    this.entries.add(value);
    if (this.entries.size > this.size) {
      this.entries.delete(this.entries.values().next().value!);
    }
  }

  has(value: string): boolean {
    return this.entries.has(value);
  }
}

function assertDigits(value: string): string {
  if (!/^[0-9]+$/.test(value)) {
    throw new Error(`outbox seq "${value}" is not an integer`);
  }
  return value;
}

/** ISO 8601 in UTC with microseconds, as PostgreSQL keeps timestamps (toISOString stops at ms). */
function isoTimestamp(epochMs: number): string {
  const iso = new Date(Math.floor(epochMs)).toISOString();
  const micros = Math.floor((epochMs % 1) * 1_000)
    .toString()
    .padStart(3, '0');
  return `${iso.slice(0, 23)}${micros}Z`;
}
