import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createEnvelope, EventNamespace, type EventContract, type PayloadInputOf } from '@deelwijs/contracts';
import type { Role } from '@deelwijs/identity';
import { JsonLogger } from '@deelwijs/observability';
import { createServiceApp, loadConfig } from '@deelwijs/platform';
import { staffToken, TEST_JWT_SECRET, TEST_NATS, TEST_REDIS } from '@deelwijs/testing';
import { ReportingConfig } from './config/reporting.config';
import { reportingService } from './reporting.service-definition';

/** The reporting service in this process, on the real servers, quiet unless it fails. */
export async function startReporting(databaseUrl: string, namespace: string, env: Record<string, string> = {}): Promise<NestFastifyApplication> {
  const config = loadConfig(ReportingConfig, {
    PORT: '1',
    DATABASE_URL: databaseUrl,
    NATS_URL: TEST_NATS,
    REDIS_URL: TEST_REDIS,
    EVENTS_NAMESPACE: namespace,
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    CONSUMER_BACKOFF_MS: '50,100,200',
    DELIVERY_ALLOW_HTTP: 'true',
    DELIVERY_BACKOFF_MS: '50',
    DELIVERY_ATTEMPTS: '3',
    ...env,
  });
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  return createServiceApp(reportingService, config, new JsonLogger({ service: 'reporting', level: 'fatal', destination: quiet }));
}

/** An HTTP request through Fastify's injection, with a staff token for the roles. */
export async function call(
  app: NestFastifyApplication,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  options: { roles?: Role[]; body?: unknown; contentType?: string; accept?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.roles) {
    headers.authorization = `Bearer ${staffToken(options.roles)}`;
  }
  if (options.accept) {
    headers.accept = options.accept;
  }
  let payload: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await app.inject({ method, url, headers, payload });
  const type = String(response.headers['content-type'] ?? '');
  return {
    status: response.statusCode,
    headers: response.headers,
    text: response.body,
    raw: response.rawPayload,
    body: type.includes('json') && response.body ? (JSON.parse(response.body) as any) : undefined,
  };
}

/** Publishes an event the way a producer's outbox relay does (JetStream, Nats-Msg-Id = event id). */
export class EventPublisher {
  private readonly ns: EventNamespace;

  constructor(
    private readonly nc: NatsConnection,
    namespace: string,
  ) {
    this.ns = new EventNamespace(namespace);
  }

  async publish<C extends EventContract>(
    contract: C,
    payload: PayloadInputOf<C>,
    options: { eventId?: string; msgId?: string; occurredAt?: Date } = {},
  ): Promise<string> {
    const envelope = createEnvelope(contract.subject, payload, { producer: 'test', eventId: options.eventId ?? randomUUID(), occurredAt: options.occurredAt });
    await jetstream(this.nc).publish(this.ns.subject(contract.subject), JSON.stringify(envelope), { msgID: options.msgId ?? envelope.eventId });
    return envelope.eventId;
  }
}
