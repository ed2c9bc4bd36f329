import { Controller, Injectable, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import { ActivityScheduledV1, createEnvelope, EventNamespace, STREAMS, type PayloadOf } from '@deelwijs/contracts';
import { signStaffToken } from '@deelwijs/identity';
import { EventContext, OnEvent } from '@deelwijs/messaging';
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
import { createServiceApp, type ServiceDefinition } from '../bootstrap';
import { loadConfig, ServiceConfig } from '../config/service-config';
import { HandlesJob } from '../jobs/job-handler.decorator';
import { Jobs } from '../jobs/jobs';

class ProbeTables1763899999100 implements MigrationInterface {
  name = 'ProbeTables1763899999100';
  async up(runner: QueryRunner) {
    await runner.query(`CREATE TABLE applied (activity_id uuid NOT NULL)`);
    await runner.query(`CREATE TABLE broken (what text PRIMARY KEY)`);
    await runner.query(`CREATE TABLE ran (job_id text NOT NULL)`);
  }
  async down(runner: QueryRunner) {
    await runner.query(`DROP TABLE applied, broken, ran`);
  }
}

/** Fails while the table `broken` names it, like a projection before its bug is fixed. */
@Controller()
class ProbeHandler {
  @OnEvent(ActivityScheduledV1)
  async scheduled(@Payload() event: PayloadOf<typeof ActivityScheduledV1>, @Ctx() context: EventContext) {
    const broken: unknown[] = await context.transaction.query(`SELECT 1 FROM broken WHERE what = 'events'`);
    if (broken.length > 0) {
      throw new Error('projection cannot apply this yet');
    }
    await context.transaction.query(`INSERT INTO applied (activity_id) VALUES ($1)`, [event.activityId]);
  }
}

@Injectable()
class ProbeJobs {
  constructor(private readonly dataSource: DataSource) {}

  @HandlesJob('probes', 'probe')
  async probe(_data: unknown, job: { id?: string }) {
    const broken: unknown[] = await this.dataSource.query(`SELECT 1 FROM broken WHERE what = 'jobs'`);
    if (broken.length > 0) {
      throw new Error('the mail server said no');
    }
    await this.dataSource.query(`INSERT INTO ran (job_id) VALUES ($1)`, [job.id]);
  }
}

@Module({ controllers: [ProbeHandler], providers: [ProbeJobs] })
class ProbeModule {}

describe('dead letters and failed jobs, for administrators (real PostgreSQL, NATS, Redis)', () => {
  const namespace = uniqueName('administration');
  const ns = new EventNamespace(namespace);
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: NestFastifyApplication;
  let nc: NatsConnection;
  let dataSource: DataSource;
  const admin = { authorization: `Bearer ${signStaffToken(TEST_JWT_SECRET, { subject: 'beheer', roles: ['admin'] })}` };
  const organiser = { authorization: `Bearer ${signStaffToken(TEST_JWT_SECRET, { subject: 'org', roles: ['organiser', 'privacy-officer'] })}` };

  const definition: ServiceDefinition = {
    name: 'probe',
    title: 'probe',
    description: 'probe',
    configClass: ServiceConfig,
    defaults: {},
    entities: [],
    migrations: [ProbeTables1763899999100],
    modules: () => [ProbeModule],
  };

  beforeAll(async () => {
    database = await createTestDatabase('administration');
    const config = loadConfig(ServiceConfig, {
      PORT: '1',
      DATABASE_URL: database.url,
      NATS_URL: TEST_NATS,
      REDIS_URL: TEST_REDIS,
      EVENTS_NAMESPACE: namespace,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      IDENTITY_SIGNING_PUBLIC_KEY: TEST_IDENTITY_PUBLIC_KEY,
      CONSUMER_MAX_DELIVER: '2',
      CONSUMER_BACKOFF_MS: '50',
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

  const applied = async (activityId: string) =>
    ((await dataSource.query(`SELECT count(*)::int AS n FROM applied WHERE activity_id = $1`, [activityId])) as { n: number }[])[0].n;
  const deadLetters = async () => {
    const answer = await app.inject({ method: 'GET', url: '/v1/dead-letters', headers: admin });
    expect(answer.statusCode).toBe(200);
    return answer.json<{ service: string; items: Array<Record<string, unknown> & { sequence: number }> }>();
  };

  it('lists a dead-lettered event with its reason and envelope, and a replay has the consumer apply it once', async () => {
    await dataSource.query(`INSERT INTO broken (what) VALUES ('events')`);
    const activityId = randomUUID();
    const envelope = createEnvelope(
      ActivityScheduledV1.subject,
      { activityId, type: 'lecture', title: 't', prestatieCode: '7.2.3', startsAt: '2026-01-01T10:00:00+01:00', endsAt: '2026-01-01T11:00:00+01:00' },
      { producer: 'activities' },
    );
    await jetstream(nc).publish(ns.subject(ActivityScheduledV1.subject), JSON.stringify(envelope), { msgID: envelope.eventId });

    const listed = await waitFor(deadLetters, (list) => list.items.length === 1, { what: 'the dead letter in the list' });
    const [letter] = listed.items;
    expect(listed.service).toBe('probe');
    expect(letter).toEqual({
      sequence: expect.any(Number),
      subject: ActivityScheduledV1.subject,
      consumer: 'probe--activities_activity_scheduled_v1',
      reason: 'handler failed 2 times: projection cannot apply this yet',
      deadLetteredAt: expect.any(String),
      deliveries: 2,
      eventId: envelope.eventId,
      occurredAt: envelope.occurredAt,
      producer: 'activities',
    });
    expect(JSON.stringify(letter)).not.toContain(activityId);

    // The fix is deployed; the administrator replays it.
    await dataSource.query(`DELETE FROM broken`);
    const replay = await app.inject({ method: 'POST', url: `/v1/dead-letters/${letter.sequence}/replays`, headers: admin });
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toMatchObject({ sequence: letter.sequence, eventId: envelope.eventId });
    await waitFor(() => applied(activityId), (count) => count === 1, { what: 'the replayed event to be applied' });
    expect((await deadLetters()).items).toEqual([]);

    // A second replay finds no dead letter; republishing the event itself changes nothing (inbox).
    const again = await app.inject({ method: 'POST', url: `/v1/dead-letters/${letter.sequence}/replays`, headers: admin });
    expect(again.statusCode).toBe(404);
    expect(again.headers['content-type']).toContain('application/problem+json');
    // The same event once more (as a replay racing another would publish it): the inbox keeps it out.
    await jetstream(nc).publish(ns.subject(ActivityScheduledV1.subject), JSON.stringify(envelope), { msgID: `again:${envelope.eventId}` });
    const jsm = await jetstreamManager(nc);
    await waitFor(
      () => jsm.consumers.info(ns.stream(STREAMS.ACTIVITIES), 'probe--activities_activity_scheduled_v1'),
      (info) => info.num_pending === 0 && info.num_ack_pending === 0,
      { what: 'the consumer to have settled the republished event' },
    );
    expect(await applied(activityId)).toBe(1);
  });

  it('lists a job that failed for good with its reason, and a retry runs it once more', async () => {
    await dataSource.query(`INSERT INTO broken (what) VALUES ('jobs')`);
    const jobs = app.get(Jobs);
    await jobs.add('probes', 'probe', { id: 'x' }, { jobId: 'probe-1', attempts: 2, backoff: { type: 'fixed', delay: 10 } });
    const list = async () => (await app.inject({ method: 'GET', url: '/v1/failed-jobs', headers: admin })).json<{ items: Array<Record<string, unknown>> }>();
    const failed = await waitFor(list, (answer) => answer.items.length === 1, { what: 'the failed job in the list' });
    expect(failed.items[0]).toEqual({
      queue: 'probes',
      id: 'probe-1',
      name: 'probe',
      reason: 'the mail server said no',
      attemptsMade: 2,
      attempts: 2,
      failedAt: expect.any(String),
      createdAt: expect.any(String),
    });

    await dataSource.query(`DELETE FROM broken`);
    const retry = await app.inject({ method: 'POST', url: '/v1/queues/probes/failed-jobs/probe-1/retries', headers: admin });
    expect(retry.statusCode).toBe(202);
    await waitFor(
      () => dataSource.query(`SELECT job_id FROM ran`) as Promise<unknown[]>,
      (rows) => rows.length === 1,
      { what: 'the retried job to run' },
    );
    expect((await list()).items).toEqual([]);
    const again = await app.inject({ method: 'POST', url: '/v1/queues/probes/failed-jobs/probe-1/retries', headers: admin });
    expect(again.statusCode).toBe(404);
    expect(await dataSource.query(`SELECT job_id FROM ran`)).toEqual([{ job_id: 'probe-1' }]);
  });

  it('answers 403 to anyone but an administrator, 401 without a token, and names a bad field', async () => {
    for (const [method, url] of [
      ['GET', '/v1/dead-letters'],
      ['POST', '/v1/dead-letters/1/replays'],
      ['GET', '/v1/failed-jobs'],
      ['POST', '/v1/queues/probes/failed-jobs/probe-1/retries'],
    ] as const) {
      expect([url, (await app.inject({ method, url, headers: organiser })).statusCode]).toEqual([url, 403]);
      expect([url, (await app.inject({ method, url })).statusCode]).toEqual([url, 401]);
    }
    const bad = await app.inject({ method: 'POST', url: '/v1/dead-letters/first/replays', headers: admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ invalidParams: [expect.objectContaining({ name: 'sequence' })] });
    const tooMany = await app.inject({ method: 'GET', url: '/v1/failed-jobs?limit=5000', headers: admin });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({ invalidParams: [expect.objectContaining({ name: 'limit' })] });
  });
});
