import { Body, Controller, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Writable } from 'node:stream';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { Roles } from '@deelwijs/identity';
import { JsonLogger } from '@deelwijs/observability';
import {
  createTestDatabase,
  deleteNamespaceQueues,
  deleteNamespaceStreams,
  staffToken,
  TEST_IDENTITY_PUBLIC_KEY,
  TEST_JWT_SECRET,
  TEST_NATS,
  TEST_REDIS,
  uniqueName,
  waitFor,
} from '@deelwijs/testing';
import { createServiceApp, type ServiceDefinition } from '../bootstrap';
import { loadConfig, ServiceConfig } from '../config/service-config';
import { IdempotencyService } from './idempotency.service';

class NotesTable1763899999000 implements MigrationInterface {
  name = 'NotesTable1763899999000';
  async up(runner: QueryRunner) {
    await runner.query(`CREATE TABLE notes (id serial PRIMARY KEY, text text NOT NULL)`);
  }
  async down(runner: QueryRunner) {
    await runner.query(`DROP TABLE notes`);
  }
}

/** A write whose text says how it fails: after its commit, or (the first time) inside its transaction. */
@Controller('v1/notes')
class NotesController {
  private failedOnce = false;

  constructor(private readonly dataSource: DataSource) {}

  @Post()
  @Roles('admin')
  async create(@Body() body: { text: string }) {
    const note = await this.dataSource.transaction(async (db) => {
      const [row] = (await db.query(`INSERT INTO notes (text) VALUES ($1) RETURNING id, text`, [body.text])) as {
        id: number;
        text: string;
      }[];
      if (body.text === 'fails once before its commit' && !this.failedOnce) {
        this.failedOnce = true;
        throw new Error('the database went away');
      }
      return row;
    });
    if (body.text === 'fails after its commit') {
      // As if the instance died between the commit and storing the answer.
      throw new Error('the answer is lost');
    }
    return note;
  }
}

describe('Idempotency-Key: what a failure leaves behind (real PostgreSQL)', () => {
  const namespace = uniqueName('idem_platform');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: NestFastifyApplication;

  const definition: ServiceDefinition = {
    name: 'probe',
    title: 'probe',
    description: 'probe',
    configClass: ServiceConfig,
    defaults: {},
    entities: [],
    migrations: [NotesTable1763899999000],
    modules: () => [{ module: class NotesModule {}, controllers: [NotesController] }],
  };

  beforeAll(async () => {
    database = await createTestDatabase('idem_platform');
    const config = loadConfig(ServiceConfig, {
      PORT: '1',
      DATABASE_URL: database.url,
      NATS_URL: TEST_NATS,
      REDIS_URL: TEST_REDIS,
      EVENTS_NAMESPACE: namespace,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      IDENTITY_SIGNING_PUBLIC_KEY: TEST_IDENTITY_PUBLIC_KEY,
    });
    const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
    app = await createServiceApp(definition, config, new JsonLogger({ service: 'probe', level: 'fatal', destination: quiet }));
    await app.getHttpAdapter().getInstance().ready();
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await deleteNamespaceStreams(namespace);
    await deleteNamespaceQueues(namespace);
    await database?.drop();
  });

  const post = (text: string, key: string) =>
    app.getHttpAdapter().getInstance().inject({
      method: 'POST',
      url: '/v1/notes',
      headers: { authorization: `Bearer ${staffToken(['admin'])}`, 'idempotency-key': key, 'content-type': 'application/json' },
      payload: JSON.stringify({ text }),
    });
  const notes = (text: string) => app.get(DataSource).query(`SELECT id FROM notes WHERE text = $1`, [text]) as Promise<unknown[]>;

  it('runs a request again whose first attempt failed before committing anything', async () => {
    const failed = await post('fails once before its commit', 'before-commit');
    expect(failed.statusCode).toBe(500);
    const retried = await post('fails once before its commit', 'before-commit');
    expect(retried.statusCode).toBe(201);
    expect(await notes('fails once before its commit')).toEqual([{ id: retried.json().id }]);
  });

  it('never runs a request again whose work committed without its answer, and says so', async () => {
    expect((await post('fails after its commit', 'after-commit')).statusCode).toBe(500);
    const retried = await post('fails after its commit', 'after-commit');
    expect(retried.statusCode).toBe(409);
    expect(retried.headers['content-type']).toContain('application/problem+json');
    expect(retried.json().detail).toContain('took effect');
    expect(await notes('fails after its commit')).toHaveLength(1);
  });

  it('refuses a key that is not 1 to 255 visible ASCII characters, naming the header', async () => {
    const refused = await post('a note', 'with space');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().invalidParams).toEqual([{ name: 'Idempotency-Key', reason: 'must be 1 to 255 visible ASCII characters' }]);
    expect(await notes('a note')).toEqual([]);
  });

  it('forgets keys after a day (the daily housekeeping prune)', async () => {
    expect((await post('an old note', 'old')).statusCode).toBe(201);
    expect((await post('a new note', 'new')).statusCode).toBe(201);
    const db = app.get(DataSource);
    // A day and an hour later, for the first key.
    await db.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old'`);

    expect(await app.get(IdempotencyService).prune()).toBe(1);
    expect(await db.query(`SELECT key FROM idempotency_keys WHERE key IN ('old', 'new')`)).toEqual([{ key: 'new' }]);
  });

  it('lets a retry take over a claim whose session is gone, and keeps one effect when the first attempt still runs', async () => {
    const db = app.get(DataSource);
    const holder = db.createQueryRunner();
    await holder.connect();
    try {
      await holder.startTransaction();
      await holder.query(`LOCK TABLE notes IN SHARE MODE`);
      const first = post('written once', 'taken-over');
      const claimOf = async () =>
        ((await db.query(`SELECT claim FROM idempotency_keys WHERE key = 'taken-over'`)) as { claim: string }[])[0]?.claim;
      const firstClaim = await waitFor(claimOf, (claim) => claim !== undefined, { what: 'the first claim' });
      // The first attempt's session ends (as when its connection breaks) while the attempt runs on.
      await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'probe-idempotency' AND datname = current_database()`);
      await waitFor(
        () => db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'probe-idempotency' AND datname = current_database()`) as Promise<{ n: number }[]>,
        (rows) => rows[0].n === 0,
        { what: 'the session to end' },
      );
      const second = post('written once', 'taken-over');
      await waitFor(claimOf, (claim) => claim !== firstClaim, { what: 'the retry to take the claim over' });
      await holder.commitTransaction();

      const answers = (await Promise.all([first, second])).map((answer) => answer.statusCode);
      expect(answers).toEqual([409, 201]);
      expect(await notes('written once')).toHaveLength(1);
    } finally {
      if (holder.isTransactionActive) {
        await holder.rollbackTransaction();
      }
      await holder.release();
    }
  });

  it('forgets the stored answers that hold an e-mail address (erasure by address)', async () => {
    expect((await post('written by Anna@Example.org', 'anna')).statusCode).toBe(201);
    expect((await post('written by someone else', 'someone')).statusCode).toBe(201);
    expect(await app.get(IdempotencyService).forgetAnswersMentioning('anna@example.org')).toBe(1);
    const kept = await app.get(DataSource).query(`SELECT key FROM idempotency_keys WHERE key IN ('anna', 'someone')`);
    expect(kept).toEqual([{ key: 'someone' }]);
  });
});
