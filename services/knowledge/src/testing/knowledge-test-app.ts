import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { createEnvelope, EventNamespace, type EventContract, type PayloadInputOf } from '@deelwijs/contracts';
import type { Role } from '@deelwijs/identity';
import { JsonLogger } from '@deelwijs/observability';
import { createServiceApp, loadConfig } from '@deelwijs/platform';
import {
  createTestDatabase,
  deleteNamespaceQueues,
  deleteNamespaceStreams,
  staffToken,
  TEST_JWT_SECRET,
  TEST_NATS,
  TEST_REDIS,
  uniqueName,
} from '@deelwijs/testing';
import { KnowledgeConfig } from '../config/knowledge.config';
import { knowledgeService } from '../knowledge.service-definition';

export interface Caller {
  roles?: Role[];
  organisationId?: string;
}

/**
 * The knowledge service in this process against the real PostgreSQL, NATS and Redis, under its
 * own database, event namespace, queues and attachment folder, for integration tests that drive
 * it over HTTP (Fastify inject) and events (JetStream).
 */
export class KnowledgeTestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly dataSource: DataSource,
    readonly namespace: string,
    private readonly nc: NatsConnection,
    private readonly cleanup: () => Promise<void>,
  ) {}

  static async start(label: string, env: Record<string, string> = {}): Promise<KnowledgeTestApp> {
    const namespace = uniqueName(label);
    const database = await createTestDatabase(label);
    const attachments = await mkdtemp(path.join(tmpdir(), 'deelwijs-attachments-'));
    const config = loadConfig(
      KnowledgeConfig,
      {
        PORT: '1',
        DATABASE_URL: database.url,
        NATS_URL: TEST_NATS,
        REDIS_URL: TEST_REDIS,
        EVENTS_NAMESPACE: namespace,
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        ATTACHMENTS_DIR: attachments,
        EVALUATION_AGGREGATE_DELAY_MS: '0',
        EVALUATION_MIN_RESPONSES: '2',
        CONSUMER_BACKOFF_MS: '50,100',
        ...env,
      },
      knowledgeService.defaults,
    );
    const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
    const app = await createServiceApp(knowledgeService, config, new JsonLogger({ service: 'knowledge', level: 'fatal', destination: quiet }));
    await app.getHttpAdapter().getInstance().ready();
    const nc = await connect({ servers: TEST_NATS });
    return new KnowledgeTestApp(app, app.get(DataSource), namespace, nc, async () => {
      await app.close();
      await nc.close();
      await deleteNamespaceStreams(namespace);
      await deleteNamespaceQueues(namespace);
      await database.drop();
      await rm(attachments, { recursive: true, force: true });
    });
  }

  async request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    options: { as?: Caller; body?: unknown; raw?: Buffer; contentType?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as?.roles) {
      headers.authorization = `Bearer ${staffToken(options.as.roles, options.as.organisationId)}`;
    }
    let payload: string | Buffer | undefined;
    if (options.raw) {
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
      payload = options.raw;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(options.body);
    }
    const response = await this.app.getHttpAdapter().getInstance().inject({ method, url, headers, payload });
    const type = String(response.headers['content-type'] ?? '');
    return {
      status: response.statusCode,
      headers: response.headers,
      raw: response.rawPayload,
      body: type.includes('json') && response.body ? (JSON.parse(response.body) as any) : (response.body as any),
    };
  }

  query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  /** Publishes an event as its producing service would, straight onto the namespace's stream. */
  async publish<C extends EventContract>(contract: C, payload: PayloadInputOf<C>, options: { occurredAt?: Date } = {}) {
    const envelope = createEnvelope(contract.subject, payload, { producer: 'test', occurredAt: options.occurredAt });
    await jetstream(this.nc).publish(new EventNamespace(this.namespace).subject(contract.subject), JSON.stringify(envelope), {
      msgID: envelope.eventId,
    });
    return envelope;
  }

  /** Events this service wrote to its outbox, oldest first. */
  async outbox(subject: string): Promise<any[]> {
    const rows = await this.query<{ envelope: { payload: unknown } }>(`SELECT envelope FROM outbox WHERE subject = $1 ORDER BY seq`, [subject]);
    return rows.map((row) => row.envelope.payload);
  }

  close(): Promise<void> {
    return this.cleanup();
  }
}
