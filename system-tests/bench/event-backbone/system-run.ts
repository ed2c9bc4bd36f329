import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jetstream, type JsMsg } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { DEFAULT_ACTIVITY_TYPES } from '@deelwijs/contracts';
import { createTestDatabase, repositoryRoot, ServiceProcess, staffToken, TEST_NATS, waitFor } from '@deelwijs/testing';
import { CpuMeter, pidsNamed, type CpuReport } from './cpu';
import { KeepAliveClient, nowMs, progress, runOpenLoop, sleep, withProgress, type Cleanup } from '@deelwijs/testing/bench';
import type { BenchConfig } from './settings';

/** The kinds of activity a fresh activities database knows. */
const ACTIVITY_TYPES = DEFAULT_ACTIVITY_TYPES.map((type) => type.slug);
/**
 * Spread over 8 types x 4 prestaties, as real traffic is: every event increments one counter
 * row of reporting's projection, and sending them all to one row would measure lock waits on
 * that single row rather than the backbone.
 */
const PRESTATIES = ['7.2.3', '9.1.6', '4.4.4', '1.1.2'];
const WARMUP_PRESTATIE = '0.0.1';

/** The steps of an event's way, in order; together they make up its end-to-end latency. */
export const STAGES = {
  toCreateTransaction: 'send -> create transaction start (HTTP, auth, validation, pool)',
  toRelayPickup: 'create transaction start -> relay takes the row up (inserts, commit, hand-over or drain)',
  toStream: 'relay takes the row up -> stored in JetStream (publish)',
  toApply: 'stored in JetStream -> reporting transaction start (delivery, consumer queue, pool)',
  // Not part of the chain above: overlaps the relay's pickup, shown for the create path's own cost.
  createTransactionToAnswer: '(aside) create transaction start -> HTTP 201 received (inserts, commit, reply)',
} as const;
export type StageName = keyof typeof STAGES;

/** What the system run measured, per load-phase event and in total. */
export interface SystemResult {
  sent: number;
  created: number;
  errors: number;
  errorExamples: string[];
  applied: number;
  startedAt: number;
  lastAppliedAt: number;
  envelopeBytes: number;
  endToEndMs: number[];
  createMs: number[];
  dispatchLagMs: number[];
  stages: Record<StageName, number[]>;
  /** From the start to the end of the load phase. */
  cpuDuringLoad: CpuReport;
  /** From the start of the load phase until every event was applied: the cost of the events. */
  cpuUntilDrained: CpuReport;
}

interface CreateSample {
  intendedAt: number;
  answeredAt?: number;
  status?: number;
  activityId?: string;
}

/**
 * One connection per database for the whole run: the drain polls every 100 ms, and a new
 * connection per poll would cost the load generator, which shares the CPU with the system, more
 * than the query does.
 */
class Database {
  private constructor(private readonly client: Client) {}

  static async open(url: string): Promise<Database> {
    const client = new Client({ connectionString: url, application_name: 'bench' });
    await client.connect();
    return new Database(client);
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query(sql, params)).rows as T[];
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

function activityBody(index: number, prestatie?: string): string {
  return JSON.stringify({
    type: ACTIVITY_TYPES[index % ACTIVITY_TYPES.length],
    // Fixed width, so that envelopes differ in size only by the type's name.
    title: { nl: `Bench activity ${String(index).padStart(7, '0')}` },
    prestatieCode: prestatie ?? PRESTATIES[Math.floor(index / ACTIVITY_TYPES.length) % PRESTATIES.length],
    actionNumber: 1,
    startsAt: '2026-03-12T19:30:00+01:00',
    endsAt: '2026-03-12T21:30:00+01:00',
  });
}

/** Reads a stream from the start with an ordered consumer, up to `expected` messages or its end. */
async function readStream(
  stream: string,
  expected: number,
  timeoutMs: number,
  visit: (message: JsMsg) => void,
): Promise<void> {
  const nc = await connect({ servers: TEST_NATS, name: 'bench-stream-reader' });
  try {
    const messages = await (await jetstream(nc).consumers.get(stream)).consume();
    const timer = setTimeout(() => messages.stop(), timeoutMs);
    let seen = 0;
    try {
      for await (const message of messages) {
        visit(message);
        seen += 1;
        if (message.info.pending === 0 || seen >= expected) {
          break;
        }
      }
    } finally {
      clearTimeout(timer);
      messages.stop();
    }
  } finally {
    await nc.close();
  }
}

/** When each message was stored in the stream, by Nats-Msg-Id (the event id). */
async function storedTimes(stream: string, expected: number, timeoutMs: number): Promise<Map<string, number>> {
  const stored = new Map<string, number>();
  await readStream(stream, expected, timeoutMs, (message) => {
    const id = message.headers?.get('Nats-Msg-Id');
    if (id) {
      stored.set(id, Number(message.timestampNanos / 1_000n) / 1_000);
    }
  });
  return stored;
}

/**
 * The system under test: fresh databases, activities and reporting started from dist/ in the
 * run's own event namespace, and the load driven at them. Everything it creates is registered
 * with the run's clean-up as soon as it exists.
 */
export class SystemRun {
  private readonly services: ServiceProcess[] = [];
  private readonly headers = { authorization: `Bearer ${staffToken(['organiser'])}` };
  private activities!: ServiceProcess;
  private reporting!: ServiceProcess;
  private activitiesDb!: Database;
  private reportingDb!: Database;
  private databaseNames: string[] = [];
  private client!: KeepAliveClient;
  private warmupCreated = 0;
  private envelopeBytes = 0;

  constructor(
    private readonly config: BenchConfig,
    private readonly namespace: string,
    private readonly cleanup: Cleanup,
  ) {}

  async start(): Promise<void> {
    progress('creating databases');
    const databases = {
      activities: await createTestDatabase('bench_activities'),
      reporting: await createTestDatabase('bench_reporting'),
    };
    this.cleanup.add('drop databases', async () => {
      await Promise.all([databases.activities.drop(), databases.reporting.drop()]);
    });
    this.databaseNames = [databases.activities.url, databases.reporting.url].map((url) =>
      url.split('/').pop()!,
    );

    progress(`starting activities and reporting (namespace ${this.namespace})`);
    this.cleanup.add('stop services', () => this.stop());
    // allSettled: when one fails to start, the other must still be known to clean-up once it is up.
    const starts = await Promise.allSettled(
      (['activities', 'reporting'] as const).map(async (service) => {
        const started = await ServiceProcess.start({
          service,
          databaseUrl: databases[service].url,
          namespace: this.namespace,
          env: this.config.serviceEnv,
          nodeArgs: this.config.nodeArgs,
          readyTimeoutMs: 45_000,
        });
        this.services.push(started);
        return started;
      }),
    );
    const failed = starts.find((start): start is PromiseRejectedResult => start.status === 'rejected');
    if (failed) {
      throw failed.reason;
    }
    [this.activities, this.reporting] = starts.map(
      (start) => (start as PromiseFulfilledResult<ServiceProcess>).value,
    );

    this.activitiesDb = await Database.open(databases.activities.url);
    this.reportingDb = await Database.open(databases.reporting.url);
    this.cleanup.add('close database connections', async () => {
      await Promise.allSettled([this.activitiesDb.close(), this.reportingDb.close()]);
    });
    this.client = new KeepAliveClient(this.activities.url, this.config.connections);
    this.cleanup.add('close HTTP connections', async () => this.client.close());
  }

  /**
   * JIT, connection pools, the consumer's first pulls: the same open-loop load as the measured
   * phase, so that the measurement starts in the steady state of its rate (a closed-loop
   * warm-up leaves the pools sized for its own concurrency, and the first second of the load
   * then pays for new connections), then drained.
   */
  async warmUp(): Promise<void> {
    const { warmup, ratePerSecond } = this.config;
    progress(`warm-up: ${warmup} requests at ${ratePerSecond}/s`);
    const answers: Promise<void>[] = [];
    const failures: string[] = [];
    await runOpenLoop({
      ratePerSecond,
      durationMs: (warmup / ratePerSecond) * 1_000,
      fire: (index) =>
        answers.push(
          this.client.post('/v1/activities', activityBody(index, WARMUP_PRESTATIE), this.headers).then(
            (answer) => {
              if (answer.status === 201) {
                this.warmupCreated += 1;
              } else {
                failures.push(`HTTP ${answer.status}: ${answer.body.slice(0, 500)}`);
              }
            },
            (error: Error) => {
              failures.push(error.message);
            },
          ),
        ),
    });
    await Promise.all(answers);
    if (failures.length > 0) {
      throw new Error(`${failures.length} warm-up requests failed, for example ${failures[0]}`);
    }
    await waitFor(
      () => this.inboxCount(),
      (count) => count >= this.warmupCreated,
      { timeoutMs: this.config.drainTimeoutMs, what: 'reporting to apply the warm-up events' },
    );
    // The baseline sends messages of the size the relay published, read back from the stream.
    // Sizes differ by a few bytes with the activity type: the baseline uses the mean.
    let bytes = 0;
    let messages = 0;
    await readStream(`${this.namespace}_ACTIVITIES`, this.warmupCreated, 30_000, (message) => {
      bytes += message.data.length;
      messages += 1;
    });
    this.envelopeBytes = Math.round(bytes / Math.max(1, messages));
    progress(`warm-up done: ${this.warmupCreated} events applied; envelopes are ${this.envelopeBytes} bytes`);
  }

  /** The measured phase: open-loop load, then waiting for every answer and every applied event. */
  async measure(): Promise<SystemResult> {
    const { config } = this;
    const samples: CreateSample[] = [];
    const answers: Promise<void>[] = [];
    let answered = 0;
    let errors = 0;
    const errorExamples: string[] = [];
    const noteError = (text: string) => {
      errors += 1;
      if (errorExamples.length < 5) {
        errorExamples.push(text);
      }
    };
    const send = (index: number, intendedAt: number): Promise<void> => {
      const entry: CreateSample = { intendedAt };
      samples[index] = entry;
      return this.client.post('/v1/activities', activityBody(index), this.headers).then(
        (answer) => {
          entry.answeredAt = nowMs();
          entry.status = answer.status;
          answered += 1;
          if (answer.status !== 201) {
            noteError(`HTTP ${answer.status}: ${answer.body.slice(0, 200)}`);
            return;
          }
          try {
            entry.activityId = (JSON.parse(answer.body) as { id: string }).id;
          } catch {
            noteError(`HTTP 201 without a JSON body: ${answer.body.slice(0, 200)}`);
          }
        },
        (error: Error) => {
          answered += 1;
          noteError(error.message);
        },
      );
    };

    const runBackends = pidsNamed('postgres', this.databaseNames);
    const cpuMeter = new CpuMeter({
      activities: this.activities.pid === undefined ? [] : [this.activities.pid],
      reporting: this.reporting.pid === undefined ? [] : [this.reporting.pid],
      'postgres backends (this run)': runBackends,
      // The WAL writer, checkpointer and the like work for this run too; other databases' backends do not.
      'postgres (its other processes)': pidsNamed('postgres').filter((pid) => !runBackends.includes(pid)),
      'nats-server': pidsNamed('nats-server'),
      'bench (this process)': [process.pid],
    });
    progress(
      `load: ${config.ratePerSecond} requests/s for ${config.seconds} s, open loop, ${config.connections} connections`,
    );
    const load = await runOpenLoop({
      ratePerSecond: config.ratePerSecond,
      durationMs: config.seconds * 1_000,
      fire: (index, intendedAt) => answers.push(send(index, intendedAt)),
      onSecond: (elapsed, fired) =>
        progress(
          `load: ${elapsed}/${config.seconds} s, sent ${fired}, answered ${answered}, errors ${errors}, in flight ${fired - answered}`,
        ),
    });
    const cpuDuringLoad = cpuMeter.read();

    // A saturated service answers long after the last send: wait, bounded, then give up on the rest.
    const answeredAll = await withProgress(
      Promise.race([Promise.all(answers).then(() => true), sleep(config.drainTimeoutMs).then(() => false)]),
      () => `waiting for answers: ${answered}/${load.fired}`,
    );
    if (!answeredAll) {
      progress(
        `giving up on ${load.fired - answered} unanswered requests after ${config.drainTimeoutMs / 1_000} s`,
      );
      this.client.close();
      await Promise.all(answers);
    }
    const created = samples.filter((entry) => entry.status === 201).length;
    progress(`load done: ${load.fired} sent, ${created} created, ${errors} errors`);

    await this.drain(created);
    const cpuUntilDrained = cpuMeter.read();

    progress('collecting timestamps from both databases and the stream');
    const timings = await this.join(samples);
    return {
      sent: load.fired,
      created,
      errors,
      errorExamples,
      startedAt: load.startedAt,
      envelopeBytes: this.envelopeBytes,
      dispatchLagMs: load.dispatchLagMs,
      cpuDuringLoad,
      cpuUntilDrained,
      ...timings,
    };
  }

  /** SIGTERM to both services (bounded), keeping their output in dist/bench/; safe to call more than once. */
  async stop(): Promise<void> {
    await Promise.all(this.services.map((service) => service.stop()));
    const dir = path.join(repositoryRoot(), 'dist', 'bench');
    mkdirSync(dir, { recursive: true });
    for (const service of this.services) {
      writeFileSync(path.join(dir, `event-backbone.${service.name}.log`), service.logs);
    }
  }

  private async inboxCount(): Promise<number> {
    const [row] = await this.reportingDb.query<{ count: string }>('SELECT count(*) FROM inbox');
    return Number(row.count);
  }

  /** Waits (bounded) until reporting's inbox holds every created event; reports on what arrived either way. */
  private async drain(created: number): Promise<void> {
    let lastPrinted = 0;
    await waitFor(
      async () => {
        const count = await this.inboxCount();
        if (nowMs() - lastPrinted >= 1_000) {
          lastPrinted = nowMs();
          progress(`draining: reporting applied ${count - this.warmupCreated}/${created}`);
        }
        return count;
      },
      (count) => count >= this.warmupCreated + created,
      { timeoutMs: this.config.drainTimeoutMs, intervalMs: 100, what: 'reporting to apply every event' },
    ).catch((error: Error) => progress(`drain incomplete, reporting on what arrived: ${error.message}`));
  }

  /**
   * Joins, per created activity: its send and answer times (here), its outbox row (activity id
   * -> event id, created_at, published_at), the stream's stored time, and reporting's inbox row
   * (event id -> received_at).
   */
  private async join(
    samples: CreateSample[],
  ): Promise<Pick<SystemResult, 'applied' | 'lastAppliedAt' | 'endToEndMs' | 'createMs' | 'stages'>> {
    const epochMs = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;
    const outbox = await this.activitiesDb.query<{
      event_id: string;
      activity_id: string;
      created_ms: number;
      published_ms: number | null;
    }>(
      `SELECT event_id, envelope->'payload'->>'activityId' AS activity_id,
              ${epochMs('created_at')} AS created_ms, ${epochMs('published_at')} AS published_ms
         FROM outbox`,
    );
    const inbox = await this.reportingDb.query<{ event_id: string; received_ms: number }>(
      `SELECT event_id, ${epochMs('received_at')} AS received_ms FROM inbox`,
    );
    const stored = await storedTimes(`${this.namespace}_ACTIVITIES`, outbox.length, 30_000);
    const outboxByActivity = new Map(outbox.map((row) => [row.activity_id, row]));
    const receivedByEvent = new Map(inbox.map((row) => [row.event_id, row.received_ms]));

    const stages: Record<StageName, number[]> = {
      toCreateTransaction: [],
      toRelayPickup: [],
      toStream: [],
      toApply: [],
      createTransactionToAnswer: [],
    };
    const endToEndMs: number[] = [];
    const createMs: number[] = [];
    let lastAppliedAt = 0;
    for (const entry of samples) {
      if (entry.answeredAt !== undefined && entry.status === 201) {
        createMs.push(entry.answeredAt - entry.intendedAt);
      }
      const row = entry.activityId === undefined ? undefined : outboxByActivity.get(entry.activityId);
      const receivedAt = row === undefined ? undefined : receivedByEvent.get(row.event_id);
      if (row === undefined || receivedAt === undefined) {
        continue;
      }
      endToEndMs.push(receivedAt - entry.intendedAt);
      lastAppliedAt = Math.max(lastAppliedAt, receivedAt);
      const storedAt = stored.get(row.event_id);
      stages.toCreateTransaction.push(row.created_ms - entry.intendedAt);
      if (entry.answeredAt !== undefined) {
        stages.createTransactionToAnswer.push(entry.answeredAt - row.created_ms);
      }
      if (row.published_ms !== null) {
        stages.toRelayPickup.push(row.published_ms - row.created_ms);
      }
      if (row.published_ms !== null && storedAt !== undefined) {
        stages.toStream.push(storedAt - row.published_ms);
      }
      if (storedAt !== undefined) {
        stages.toApply.push(receivedAt - storedAt);
      }
    }
    return { applied: endToEndMs.length, lastAppliedAt, endToEndMs, createMs, stages };
  }
}
