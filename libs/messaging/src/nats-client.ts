import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  DiscardPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DEAD_LETTER_STREAM, EventNamespace, STREAMS } from '@deelwijs/contracts';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';

const SECOND_NS = 1_000_000_000;

/**
 * The service's one connection to NATS. It reconnects for ever: a NATS restart is an outage
 * to wait out, not a reason to die. At start it creates or updates every stream, so that
 * whichever service boots first, the streams it publishes to and consumes from exist.
 */
@Injectable()
export class NatsClient implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(NatsClient.name);
  private connection?: NatsConnection;
  private jsClient?: JetStreamClient;
  private manager?: JetStreamManager;
  readonly namespace: EventNamespace;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {
    this.namespace = new EventNamespace(options.namespace);
  }

  async onModuleInit(): Promise<void> {
    this.connection = await connect({
      servers: this.options.natsServers.split(','),
      name: this.options.service,
      ...(this.options.natsCredentials ? { user: this.options.natsCredentials.user, pass: this.options.natsCredentials.password } : {}),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      waitOnFirstConnect: false,
      // Otherwise every request (each JetStream publish) makes two Errors up front, stack traces
      // and all, for a failure that hardly ever comes: a few percent of a busy service's CPU.
      noAsyncTraces: true,
    });
    void this.watchStatus(this.connection);
    this.manager = await jetstreamManager(this.connection);
    this.jsClient = jetstream(this.connection);
    await provisionStreams(this.manager, this.namespace, this.options.streamReplicas);
  }

  get nc(): NatsConnection {
    if (!this.connection) {
      throw new Error('NATS is not connected yet');
    }
    return this.connection;
  }

  get js(): JetStreamClient {
    if (!this.jsClient) {
      throw new Error('NATS is not connected yet');
    }
    return this.jsClient;
  }

  get jsm(): JetStreamManager {
    if (!this.manager) {
      throw new Error('NATS is not connected yet');
    }
    return this.manager;
  }

  isConnected(): boolean {
    return !!this.connection && !this.connection.isClosed() && this.connection.info !== undefined && !this.reconnecting;
  }

  private reconnecting = false;

  async onApplicationShutdown(): Promise<void> {
    if (this.connection && !this.connection.isClosed()) {
      await this.connection.drain().catch(() => this.connection?.close());
    }
  }

  private async watchStatus(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnecting') {
        this.reconnecting = true;
        if (status.type === 'disconnect') {
          this.logger.warn({ msg: 'NATS disconnected; reconnecting', server: status.server });
        }
      } else if (status.type === 'reconnect') {
        this.reconnecting = false;
        this.logger.log({ msg: 'NATS reconnected', server: status.server });
      }
    }
  }
}

export function streamConfig(namespace: EventNamespace, name: string, replicas: number): Partial<StreamConfig> & { name: string } {
  return {
    name: namespace.stream(name),
    subjects: namespace.streamSubjects(name),
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    // Events are the history projections are rebuilt from: kept until an operator decides otherwise.
    max_age: 0,
    max_msgs: -1,
    max_bytes: -1,
    // Publishes with the same Nats-Msg-Id inside this window are stored once (the outbox relay's retry).
    duplicate_window: 120 * SECOND_NS,
    num_replicas: replicas,
  };
}

/** Creates each stream or brings its mutable settings up to date; safe to run from every instance. */
export async function provisionStreams(jsm: JetStreamManager, namespace: EventNamespace, replicas: number): Promise<void> {
  for (const name of [...Object.values(STREAMS), DEAD_LETTER_STREAM]) {
    const wanted = streamConfig(namespace, name, replicas);
    try {
      const info = await jsm.streams.info(wanted.name);
      const current = info.config;
      const same =
        JSON.stringify(current.subjects) === JSON.stringify(wanted.subjects) &&
        current.duplicate_window === wanted.duplicate_window &&
        current.num_replicas === wanted.num_replicas;
      if (!same) {
        await jsm.streams.update(wanted.name, { ...current, ...wanted });
      }
    } catch (error) {
      if (!isNotFound(error)) {
        throw error;
      }
      try {
        await jsm.streams.add(wanted);
      } catch (addError) {
        // Another instance won the race; its stream has the same settings.
        if (!/already in use|already exists/i.test(String((addError as Error).message))) {
          throw addError;
        }
      }
    }
  }
}

export function isNotFound(error: unknown): boolean {
  const message = String((error as Error)?.message ?? error);
  return /not found/i.test(message);
}
