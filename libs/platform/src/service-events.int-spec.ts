import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
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
  TEST_IDENTITY_PUBLIC_KEY,
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

/** A handler that fails for events titled 'fail-always'. */
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
  }
}

@Module({ controllers: [ProbeHandler] })
class ProbeModule {}

describe('events in a service app built by createServiceApp (real PostgreSQL, NATS, Redis)', () => {
  const namespace = uniqueName('service_events');
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
    database = await createTestDatabase('service_events');
    const config = loadConfig(ServiceConfig, {
      PORT: '1',
      DATABASE_URL: database.url,
      NATS_URL: TEST_NATS,
      REDIS_URL: TEST_REDIS,
      EVENTS_NAMESPACE: namespace,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      IDENTITY_SIGNING_PUBLIC_KEY: TEST_IDENTITY_PUBLIC_KEY,
      CONSUMER_MAX_DELIVER: '3',
      CONSUMER_BACKOFF_MS: '50,100',
      // Only the relay's wake-ups publish within a test's time: the poll would hide a missed one.
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

  async function publish(title: string) {
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
      { producer: 'test' },
    );
    await jetstream(nc).publish(ns.subject(ActivityScheduledV1.subject), JSON.stringify(envelope), {
      msgID: envelope.eventId,
    });
    return { activityId, eventId: envelope.eventId };
  }

  const applied = (activityId: string) =>
    dataSource.query(`SELECT delivery FROM applied WHERE activity_id = $1`, [activityId]) as Promise<{ delivery: number }[]>;

  // What libs/messaging's own tests cannot show: a service app as the platform builds it
  // (migrations, MessagingModule, the transport with the app's global pipes and filters).
  it("applies its events in its handlers' transactions, and dead-letters a failing one with its reason", async () => {
    const good = await publish('fine');
    const { activityId } = await publish('fail-always');
    await waitFor(() => applied(good.activityId), (rows) => rows.length === 1, { what: 'the good event' });
    const inbox = await dataSource.query(`SELECT consumer FROM inbox WHERE event_id = $1`, [good.eventId]);
    expect(inbox).toEqual([{ consumer: 'probe--activities_activity_scheduled_v1' }]);

    const jsm = await jetstreamManager(nc);
    const subject = ns.deadLetterSubject('probe', ActivityScheduledV1.subject);
    const deadLetter = await waitFor(
      () => jsm.streams.getMessage(ns.stream(DEAD_LETTER_STREAM), { last_by_subj: subject }),
      (message) => message !== null,
      { what: 'the dead letter' },
    );
    expect(deadLetter!.header.get('Deelwijs-Dead-Letter-Reason')).toBe('handler failed 3 times: boom: projection cannot apply this');
    expect(deadLetter!.json<{ payload: { activityId: string } }>().payload.activityId).toBe(activityId);
    expect(await applied(activityId)).toEqual([]);
  });

  it('publishes what its OutboxWriter records as soon as the transaction commits', async () => {
    const received = new Set<string>();
    const subscription = nc.subscribe(ns.subject(ActivityScheduledV1.subject), {
      callback: (_error, message) => {
        received.add(message.headers?.get('Nats-Msg-Id') ?? '');
      },
    });
    try {
      const writer = app.get(OutboxWriter);
      const committed = await dataSource.transaction((manager) =>
        writer.append(manager, ActivityScheduledV1, {
          activityId: randomUUID(),
          type: 'lecture',
          title: 'committed',
          prestatieCode: '7.2.3',
          startsAt: '2026-01-01T10:00:00+01:00',
          endsAt: '2026-01-01T11:00:00+01:00',
        }),
      );
      await waitFor(async () => received.has(committed.eventId), (has) => has, { timeoutMs: 5_000, what: 'the committed event' });
    } finally {
      subscription.unsubscribe();
    }
  });

  it('answers /metrics: requests per route, outbox, consumers, dead letters and queues', async () => {
    // The dead letter of the first test is there (this file's tests run in order).
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const answer = await app.inject({ method: 'GET', url: '/metrics' });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toContain('text/plain');
    const text = answer.body;
    expect(text).toMatch(/^deelwijs_http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} [1-9]/m);
    expect(text).toMatch(/^deelwijs_outbox_backlog 0$/m);
    expect(text).toMatch(/^deelwijs_outbox_oldest_age_seconds 0$/m);
    expect(text).toMatch(/^deelwijs_consumer_pending\{consumer="probe--activities_activity_scheduled_v1"\} 0$/m);
    expect(text).toMatch(/^deelwijs_consumer_ack_pending\{consumer="probe--activities_activity_scheduled_v1"\} 0$/m);
    expect(text).toMatch(/^deelwijs_dead_letters 1$/m);
    expect(text).toMatch(/^deelwijs_queue_jobs\{queue="housekeeping",state="failed"\} 0$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it('serves Swagger UI at /v1/docs with its files from the process, over /v1/openapi.json', async () => {
    const page = await app.inject({ method: 'GET', url: '/v1/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const files = [...page.body.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((match) => `/v1/${match[1]}`);
    expect(files).toEqual(expect.arrayContaining(['/v1/docs/swagger-ui.css', '/v1/docs/swagger-ui-bundle.js', '/v1/docs/init.js']));
    for (const file of files) {
      const asset = await app.inject({ method: 'GET', url: file });
      expect({ file, status: asset.statusCode, empty: asset.rawPayload.length === 0 }).toEqual({ file, status: 200, empty: false });
    }
    expect((await app.inject({ method: 'GET', url: '/v1/docs/init.js' })).body).toContain("url: './openapi.json'");
    const missing = await app.inject({ method: 'GET', url: '/v1/docs/package.json' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });
});

