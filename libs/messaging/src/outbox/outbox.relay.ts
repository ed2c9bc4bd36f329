import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from '@deelwijs/contracts';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { NatsClient } from '../nats-client';
import { OUTBOX_CHANNEL } from './outbox.writer';
import { CORRELATION_HEADER } from '../transport/headers';

interface PendingRow {
  seq: string;
  event_id: string;
  subject: string;
  envelope: EventEnvelope;
}

/**
 * Publishes committed outbox rows to JetStream, each with Nats-Msg-Id set to its event id.
 *
 * Several instances may relay at once: each claims a batch with FOR UPDATE SKIP LOCKED, so a
 * row is published by one of them at a time. A crash after the publish and before the row is
 * marked leads to a second publish with the same id, which JetStream's duplicate window
 * swallows; consumers' inboxes cover what lies beyond that window.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener?: Client;
  private pollTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private failures = 0;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly dataSource: DataSource,
    private readonly nats: NatsClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.pollTimer = setInterval(() => this.wake(), this.options.outbox.pollIntervalMs);
    this.pollTimer.unref();
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
  }

  /** Starts a drain, or asks the running one to go round once more. */
  wake(): void {
    if (this.stopped) {
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().then(() => undefined).finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Publishes until nothing committed is left; resolves early on failure (the poll retries). */
  async drain(): Promise<number> {
    let published = 0;
    try {
      for (;;) {
        const count = await this.publishBatch();
        published += count;
        if (count < this.options.outbox.batchSize) {
          break;
        }
      }
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      // Logged once per outage, not per poll.
      if (this.failures === 1) {
        this.logger.warn({ msg: 'outbox relay cannot publish; will retry', error: (error as Error).message });
      }
    }
    return published;
  }

  private async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: PendingRow[] = await manager.query(
        `SELECT seq, event_id, subject, envelope FROM outbox
          WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.outbox.batchSize],
      );
      if (rows.length === 0) {
        return 0;
      }
      this.injectFault('crash-before-publish');
      await Promise.all(rows.map((row) => this.publish(row)));
      this.injectFault('crash-after-publish');
      await manager.query(`UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
        rows.map((row) => row.seq),
      ]);
      return rows.length;
    });
  }

  private async publish(row: PendingRow): Promise<void> {
    const h = natsHeaders();
    h.set(CORRELATION_HEADER, row.envelope.correlationId);
    await this.nats.js.publish(this.nats.namespace.subject(row.subject), JSON.stringify(row.envelope), {
      msgID: row.event_id,
      headers: h,
      timeout: 5_000,
    });
  }

  private injectFault(point: MessagingOptions['outbox']['fault']): void {
    if (this.options.outbox.fault === point) {
      this.logger.warn({ msg: 'fault injection: SIGKILL', point });
      process.kill(process.pid, 'SIGKILL');
    }
  }

  /** LISTEN is only a wake-up call: if the connection drops, polling carries on until it is back. */
  private async listen(): Promise<void> {
    if (this.stopped) {
      return;
    }
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url, application_name: `${this.options.service}-outbox-listener` });
    client.on('notification', () => this.wake());
    client.on('error', () => {
      client.end().catch(() => undefined);
      if (this.listener === client) {
        this.listener = undefined;
        setTimeout(() => void this.listen(), 1_000).unref();
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      this.logger.warn({ msg: 'outbox listener cannot connect; polling only for now', error: (error as Error).message });
      await client.end().catch(() => undefined);
      setTimeout(() => void this.listen(), 1_000).unref();
    }
  }
}
