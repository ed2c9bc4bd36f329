import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createEnvelope, EventNamespace, type EventContract, type PayloadInputOf } from '@deelwijs/contracts';
import type { Role } from '@deelwijs/identity';
import { InProcessService, TEST_NATS } from '@deelwijs/testing';
import type { KnowledgeConfig } from '../config/knowledge.config';
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
    private readonly service: InProcessService<KnowledgeConfig>,
    private readonly nc: NatsConnection,
    private readonly attachments: string,
  ) {}

  static async start(label: string, env: Record<string, string> = {}): Promise<KnowledgeTestApp> {
    const attachments = await mkdtemp(path.join(tmpdir(), 'deelwijs-attachments-'));
    const service = await InProcessService.start(knowledgeService, label, {
      ATTACHMENTS_DIR: attachments,
      EVALUATION_AGGREGATE_DELAY_MS: '0',
      EVALUATION_MIN_RESPONSES: '2',
      CONSUMER_BACKOFF_MS: '50,100',
      ...env,
    });
    return new KnowledgeTestApp(service, await connect({ servers: TEST_NATS }), attachments);
  }

  get app(): NestFastifyApplication {
    return this.service.app;
  }

  get dataSource(): DataSource {
    return this.service.dataSource;
  }

  get namespace(): string {
    return this.service.namespace;
  }

  request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    options: {
      as?: Caller;
      body?: unknown;
      raw?: Buffer;
      contentType?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    return this.service.request(method, url, {
      ...options,
      roles: options.as?.roles,
      organisationId: options.as?.organisationId,
    });
  }

  query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  /** Publishes an event as its producing service would, straight onto the namespace's stream. */
  async publish<C extends EventContract>(
    contract: C,
    payload: PayloadInputOf<C>,
    options: { occurredAt?: Date } = {},
  ) {
    const envelope = createEnvelope(contract.subject, payload, {
      producer: 'test',
      occurredAt: options.occurredAt,
    });
    await jetstream(this.nc).publish(
      new EventNamespace(this.namespace).subject(contract.subject),
      JSON.stringify(envelope),
      {
        msgID: envelope.eventId,
      },
    );
    return envelope;
  }

  /** Events this service wrote to its outbox, oldest first. */
  async outbox(subject: string): Promise<any[]> {
    const rows = await this.query<{ envelope: { payload: unknown } }>(
      `SELECT envelope FROM outbox WHERE subject = $1 ORDER BY seq`,
      [subject],
    );
    return rows.map((row) => row.envelope.payload);
  }

  async close(): Promise<void> {
    await this.service.close();
    await this.nc.close();
    await rm(this.attachments, { recursive: true, force: true });
  }
}
