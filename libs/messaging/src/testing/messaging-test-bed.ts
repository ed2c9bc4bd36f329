import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type StoredMsg,
} from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { EventNamespace } from '@deelwijs/contracts';
import { openMigratedDataSource, postgresOptions } from '@deelwijs/persistence';
import {
  createTestDatabase,
  deleteNamespaceStreams,
  TEST_IDENTITY_PUBLIC_KEY,
  TEST_NATS,
  uniqueName,
} from '@deelwijs/testing';
import { MessagingModule } from '../messaging.module';
import { DEFAULT_CONSUMER_OPTIONS, type MessagingOptions } from '../messaging.options';
import { MessagingTables1763800000000 } from '../migrations/1763800000000-messaging-tables';
import { ConsumerAttempts1764200000000 } from '../migrations/1764200000000-consumer-attempts';

export interface MessagingAppOptions {
  /** The service's name: producer of its events and the first part of its durable consumers' names. */
  service?: string;
  /** Controllers with @OnEvent handlers. */
  handlers?: Type[];
  outbox?: Partial<MessagingOptions['outbox']>;
  consumer?: Partial<MessagingOptions['consumer']>;
  /** The instance's NATS user, on a server that asks for one (onServer). */
  natsCredentials?: MessagingOptions['natsCredentials'];
}

@Module({})
class MessagingTestRootModule {}

/**
 * One database and one event namespace of a test's own, on the machine's real PostgreSQL and
 * NATS, with nothing of a service but what libs/messaging needs: a Nest application with the
 * messaging tables, MessagingModule and the JetStream transport, wired as the platform wires
 * them (a lib cannot use the platform, which is built on it). `start` may be called more than
 * once: several instances of one service side by side. `close` removes everything.
 */
export class MessagingTestBed {
  readonly ns: EventNamespace;
  private readonly apps: NestFastifyApplication[] = [];
  private connection?: NatsConnection;

  private constructor(
    readonly namespace: string,
    readonly databaseUrl: string,
    private readonly migrations: Function[],
    /** Undefined for a bed attached to another's database and namespace: that one removes them. */
    private readonly dropDatabase?: () => Promise<void>,
    private readonly natsUrl: string = TEST_NATS,
  ) {
    this.ns = new EventNamespace(namespace);
  }

  /** `migrations`: the test's own tables (for its handlers), after the messaging tables. */
  static async create(label: string, migrations: Function[] = []): Promise<MessagingTestBed> {
    const database = await createTestDatabase(label);
    return new MessagingTestBed(uniqueName(label), database.url, migrations, database.drop);
  }

  /**
   * A bed on a NATS server of the test's own (a private one, with users and permissions) and
   * without a namespace: the production subjects its permissions are written for. Its streams
   * go with that server.
   */
  static async onServer(label: string, natsUrl: string, migrations: Function[] = []): Promise<MessagingTestBed> {
    const database = await createTestDatabase(label);
    return new MessagingTestBed('', database.url, migrations, database.drop, natsUrl);
  }

  /**
   * Another process's view of a bed (a child process the test kills): its instances share the
   * creator's database and namespace, and its close leaves them to the creator.
   */
  static attach(namespace: string, databaseUrl: string, migrations: Function[] = []): MessagingTestBed {
    return new MessagingTestBed(namespace, databaseUrl, migrations);
  }

  /** Starts an instance: migrates, provisions the streams, starts the relay and the consumers. */
  async start(options: MessagingAppOptions = {}): Promise<NestFastifyApplication> {
    const service = options.service ?? 'probe';
    const messaging: MessagingOptions = {
      service,
      natsServers: this.natsUrl,
      natsCredentials: options.natsCredentials,
      identityVerificationKeys: TEST_IDENTITY_PUBLIC_KEY,
      namespace: this.namespace,
      streamReplicas: 1,
      // The platform's defaults (ServiceConfig), unless the test says otherwise.
      outbox: { pollIntervalMs: 1_000, batchSize: 200, ...options.outbox },
      consumer: { ...DEFAULT_CONSUMER_OPTIONS, ...options.consumer },
    };
    const root: DynamicModule = {
      module: MessagingTestRootModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            postgresOptions({
              url: this.databaseUrl,
              applicationName: service,
              entities: [],
              migrations: [MessagingTables1763800000000, ConsumerAttempts1764200000000, ...this.migrations],
            }),
          dataSourceFactory: (dataSourceOptions) => openMigratedDataSource(dataSourceOptions!),
        }),
        MessagingModule.forRootAsync({ useFactory: () => messaging }),
      ],
      controllers: options.handlers ?? [],
    };
    const app = await NestFactory.create<NestFastifyApplication>(root, new FastifyAdapter(), {
      logger: false,
      abortOnError: false,
    });
    MessagingModule.connectTransport(app);
    await app.init();
    await app.startAllMicroservices();
    this.apps.push(app);
    return app;
  }

  /** The test's own NATS connection, beside the instances' (to publish and to look into streams). */
  async nats(credentials?: { user: string; password: string }): Promise<{ nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager }> {
    this.connection ??= await connect({ servers: this.natsUrl, ...(credentials ? { user: credentials.user, pass: credentials.password } : {}) });
    return {
      nc: this.connection,
      js: jetstream(this.connection),
      jsm: await jetstreamManager(this.connection),
    };
  }

  /** Every message a stream of this namespace holds, oldest first. */
  async storedMessages(stream: string): Promise<StoredMsg[]> {
    const { jsm } = await this.nats();
    const { state } = await jsm.streams.info(this.ns.stream(stream));
    const messages: StoredMsg[] = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(this.ns.stream(stream), { seq });
      if (message) {
        messages.push(message);
      }
    }
    return messages;
  }

  /** Stops one instance as a graceful shutdown would. */
  async stop(app: NestFastifyApplication): Promise<void> {
    const index = this.apps.indexOf(app);
    if (index >= 0) {
      this.apps.splice(index, 1);
      await app.close();
    }
  }

  dataSource(app: NestFastifyApplication): DataSource {
    return app.get(DataSource);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.apps.splice(0).map((app) => app.close()));
    await this.connection?.close();
    if (this.dropDatabase) {
      if (this.namespace) {
        await deleteNamespaceStreams(this.namespace);
      }
      await this.dropDatabase();
    }
  }
}
