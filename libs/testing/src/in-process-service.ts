import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { JetStreamClient } from '@nats-io/jetstream';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import {
  createEnvelope,
  EventNamespace,
  parsePayload,
  requiresSignature,
  signEnvelope,
  signingKey,
  type EventContract,
  type EventEnvelope,
  type PayloadInputOf,
  type PayloadOf,
} from '@deelwijs/contracts';
import type { Role } from '@deelwijs/identity';
import { NatsClient } from '@deelwijs/messaging';
import { JsonLogger } from '@deelwijs/observability';
import { createServiceApp, loadConfig, type ServiceConfig, type ServiceDefinition } from '@deelwijs/platform';
import {
  createTestDatabase,
  deleteNamespaceQueues,
  deleteNamespaceStreams,
  TEST_IDENTITY_PUBLIC_KEY,
  TEST_IDENTITY_SIGNING_KEY,
  TEST_JWT_SECRET,
  TEST_NATS,
  TEST_REDIS,
  uniqueName,
} from './infrastructure';
import { staffToken } from './service-process';

export interface InjectedRequest {
  roles?: Role[];
  organisationId?: string;
  body?: unknown;
  raw?: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface InjectedResponse {
  status: number;
  headers: Record<string, unknown>;
  raw: Buffer;
  text: string;
  /** The parsed body when it is JSON, the text otherwise. */
  body: any;
  json: () => any;
}

export interface PublishOptions {
  /** A fresh id by default. */
  eventId?: string;
  /** The Nats-Msg-Id; the event id by default, as a relay sends it. Another one gets past JetStream's duplicate window. */
  msgId?: string;
  occurredAt?: Date;
  /** The producing service; `test` by default. */
  producer?: string;
}

/**
 * Publishes an event as its producing service does: the payload checked against its contract
 * (as the outbox writer checks it), in an envelope, onto the namespace's stream with
 * Nats-Msg-Id = event id (as the relay publishes it); an identity event signed with the test
 * run's administration key. For tests whose input is another
 * service's events.
 */
export async function publishEvent<C extends EventContract>(
  js: JetStreamClient,
  namespace: string,
  contract: C,
  payload: PayloadInputOf<C>,
  options: PublishOptions = {},
): Promise<EventEnvelope<PayloadOf<C>>> {
  const unsigned = createEnvelope(contract.subject, parsePayload(contract, payload), {
    producer: options.producer ?? 'test',
    eventId: options.eventId,
    occurredAt: options.occurredAt,
  });
  // Identity events are signed as the identity administration signs them, with the key the
  // services a test starts trust.
  const envelope = requiresSignature(contract) ? signEnvelope(unsigned, signingKey(TEST_IDENTITY_SIGNING_KEY)) : unsigned;
  await js.publish(new EventNamespace(namespace).subject(contract.subject), JSON.stringify(envelope), {
    msgID: options.msgId ?? envelope.eventId,
  });
  return envelope;
}

/**
 * A service (or some of its modules) in the test's own process, against the real PostgreSQL,
 * NATS and Redis, under its own database, event namespace and queues: for integration tests
 * that drive it over HTTP (Fastify inject) and read its tables. `close` removes all of it.
 */
export class InProcessService<C extends ServiceConfig> {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: C,
    readonly namespace: string,
    private readonly cleanup: () => Promise<void>,
  ) {}

  static async start<C extends ServiceConfig>(
    definition: ServiceDefinition<C>,
    label: string,
    env: Record<string, string> = {},
    /** Where the service's own log lines go (JSON, one per line, from `logLevel` up): nowhere by default. */
    logs: { destination?: Writable; logLevel?: string } = {},
  ): Promise<InProcessService<C>> {
    const namespace = uniqueName(label);
    const database = await createTestDatabase(label);
    try {
      const config = loadConfig(
        definition.configClass,
        {
          PORT: '1',
          DATABASE_URL: database.url,
          NATS_URL: TEST_NATS,
          REDIS_URL: TEST_REDIS,
          EVENTS_NAMESPACE: namespace,
          AUTH_JWT_SECRET: TEST_JWT_SECRET,
          IDENTITY_SIGNING_PUBLIC_KEY: TEST_IDENTITY_PUBLIC_KEY,
          OUTBOX_POLL_INTERVAL_MS: '100',
          ...env,
        },
        definition.defaults,
      );
      const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
      const logger = new JsonLogger({
        service: definition.name,
        level: logs.destination ? (logs.logLevel ?? 'info') : 'fatal',
        destination: logs.destination ?? quiet,
      });
      const app = await createServiceApp(definition, config, logger);
      await app.getHttpAdapter().getInstance().ready();
      return new InProcessService(app, config, namespace, async () => {
        await app.close();
        await deleteNamespaceStreams(namespace);
        await deleteNamespaceQueues(namespace);
        await database.drop();
      });
    } catch (error) {
      await database.drop();
      throw error;
    }
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  /** The payloads of the events this service wrote to its outbox under one subject, oldest first. */
  async outbox(subject: string): Promise<any[]> {
    const rows = await this.query<{ envelope: { payload: unknown } }>(`SELECT envelope FROM outbox WHERE subject = $1 ORDER BY seq`, [subject]);
    return rows.map((row) => row.envelope.payload);
  }

  async request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    options: InjectedRequest = {},
  ): Promise<InjectedResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.roles) {
      headers.authorization = `Bearer ${staffToken(options.roles, options.organisationId)}`;
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
    const isJson =
      String(response.headers['content-type'] ?? '').includes('json') && response.body.length > 0;
    return {
      status: response.statusCode,
      headers: response.headers,
      raw: response.rawPayload,
      text: response.body,
      body: isJson ? JSON.parse(response.body) : response.body,
      json: () => response.json(),
    };
  }

  /** Publishes another service's event into this service's namespace (see publishEvent), over its own NATS connection. */
  publish<C extends EventContract>(contract: C, payload: PayloadInputOf<C>, options: PublishOptions = {}): Promise<EventEnvelope<PayloadOf<C>>> {
    return publishEvent(this.app.get(NatsClient).js, this.namespace, contract, payload, options);
  }

  close(): Promise<void> {
    return this.cleanup();
  }
}
