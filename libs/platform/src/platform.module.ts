import { Logger, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { EntitySchema, MixedList } from 'typeorm';
import { IdentityModule, IdentityTables1763800000100 } from '@deelwijs/identity';
import { ConsumerAttempts1764200000000, MessagingModule, MessagingTables1763800000000, type MessagingOptions } from '@deelwijs/messaging';
import { openMigratedDataSource, postgresOptions } from '@deelwijs/persistence';
import { DataSource } from 'typeorm';
import { NatsClient } from '@deelwijs/messaging';
import { natsCredentials, oidcVerifierOptions, type BaseServiceConfig, type ServiceConfig } from './config/service-config';
import { HEALTH_CHECKS, HealthController, type HealthChecks } from './health/health.controller';
import { RedisConnection } from './health/redis.provider';
import { HOUSEKEEPING_OPTIONS, HousekeepingJobs, type HousekeepingOptions } from './housekeeping/housekeeping.jobs';
import { JobRunner } from './jobs/job-runner';
import { JOB_QUEUE_PREFIX } from './jobs/queue-names';
import { FailedJobs } from './jobs/failed-jobs';
import { DeadLettersController } from './administration/dead-letters.controller';
import { FailedJobsController } from './administration/failed-jobs.controller';
import { Jobs, JOBS_OPTIONS, type JobQueueOptions } from './jobs/jobs';
import { OpenApiController, OpenApiDocument } from './http/openapi.controller';
import { ApiDocsController } from './http/api-docs.controller';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsRepository } from './metrics/metrics.repository';
import { MetricsSource, ProcessMetrics, ServiceMetrics } from './metrics/service-metrics';
import { TracingShutdown } from './metrics/tracing-shutdown';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { PersonalDataInterceptor } from './http/personal-data';
import { SERVICE_NAME } from './privacy/privacy-requests.controller';
import { RATE_LIMIT_OPTIONS, RateLimiter, RateLimitInterceptor, type RateLimitOptions } from './http/rate-limit';
import { ClaimLocks } from './idempotency/claim-locks';
import { IdempotencyKeyRepository } from './idempotency/idempotency-key.repository';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyService } from './idempotency/idempotency.service';
import { IdempotencyKeys1764100000000 } from './migrations/1764100000000-idempotency-keys';

export interface PlatformOptions {
  service: string;
  config: ServiceConfig;
  entities: MixedList<Function | string | EntitySchema>;
  /** The service's own migrations; the messaging and identity tables are added here. */
  migrations: Function[];
}

/** The wiring every service shares: database, events, identity, health, housekeeping, HTTP conventions. */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const { config, service } = options;
    return {
      module: PlatformModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            postgresOptions({
              url: config.DATABASE_URL,
              applicationName: service,
              entities: options.entities,
              migrations: allMigrations(options.migrations),
              poolSize: config.DATABASE_POOL_SIZE,
            }),
          // Migrated before any provider sees the data source: the outbox relay and consumers need their tables.
          dataSourceFactory: (dataSourceOptions) => openMigratedDataSource(dataSourceOptions!, new Logger('Migrations')),
        }),
        MessagingModule.forRootAsync({ useFactory: () => messagingOptions(service, config) }),
        IdentityModule.forRoot({ jwtSecret: config.AUTH_JWT_SECRET, oidc: oidcVerifierOptions(config) }),
        DiscoveryModule,
      ],
      controllers: [HealthController, OpenApiController, ApiDocsController, MetricsController, DeadLettersController, FailedJobsController],
      providers: [
        { provide: RedisConnection, useFactory: () => new RedisConnection(config.REDIS_URL) },
        {
          provide: HEALTH_CHECKS,
          inject: [DataSource, NatsClient, RedisConnection],
          useFactory: (dataSource: DataSource, nats: NatsClient, redis: RedisConnection): HealthChecks => ({
            database: () => dataSource.query('SELECT 1'),
            nats: async () => {
              if (!nats.isConnected()) {
                throw new Error('disconnected');
              }
              await nats.nc.flush();
            },
            redis: () => redis.client.ping(),
          }),
        },
        OpenApiDocument,
        { provide: SERVICE_NAME, useValue: service },
        {
          provide: JOBS_OPTIONS,
          useValue: { service, namespace: config.EVENTS_NAMESPACE, prefix: JOB_QUEUE_PREFIX } satisfies JobQueueOptions,
        },
        Jobs,
        JobRunner,
        FailedJobs,
        {
          provide: HOUSEKEEPING_OPTIONS,
          useValue: { retentionDays: config.MESSAGING_RETENTION_DAYS } satisfies HousekeepingOptions,
        },
        HousekeepingJobs,
        MetricsRepository,
        ServiceMetrics,
        { provide: MetricsSource, useExisting: ServiceMetrics },
        TracingShutdown,
        ...httpConventions(service, config),
        // After the rate limit's interceptor: a request refused there claims no key.
        ClaimLocks,
        IdempotencyKeyRepository,
        IdempotencyService,
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [RedisConnection, OpenApiDocument, Jobs, JobRunner, HousekeepingJobs, SERVICE_NAME, IdempotencyService, ServiceMetrics],
    };
  }

  /**
   * The same HTTP conventions (problem+json, rate limits, health, Redis) for a process without
   * a database or event consumers of its own: the portal. Its health checks are its own.
   */
  static forGateway(options: { service: string; config: BaseServiceConfig; healthChecks: Provider }): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: MetricsSource, useClass: ProcessMetrics },
        TracingShutdown,
        { provide: RedisConnection, useFactory: () => new RedisConnection(options.config.REDIS_URL) },
        options.healthChecks,
        ...httpConventions(options.service, options.config),
      ],
      exports: [RedisConnection, RateLimiter],
    };
  }
}

function httpConventions(service: string, config: BaseServiceConfig): Provider[] {
  return [
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    {
      provide: RATE_LIMIT_OPTIONS,
      useValue: {
        redisUrl: config.REDIS_URL,
        prefix: 'deelwijs',
        namespace: config.EVENTS_NAMESPACE,
        service,
        perMinute: config.RATE_LIMIT_PER_MINUTE,
        anonymousPerMinute: config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      } satisfies RateLimitOptions,
    },
    RateLimiter,
    { provide: APP_INTERCEPTOR, useClass: RateLimitInterceptor },
    { provide: APP_INTERCEPTOR, useClass: PersonalDataInterceptor },
  ];
}

export function allMigrations(own: Function[]): Function[] {
  return [MessagingTables1763800000000, IdentityTables1763800000100, IdempotencyKeys1764100000000, ConsumerAttempts1764200000000, ...own];
}

export function messagingOptions(service: string, config: ServiceConfig): MessagingOptions {
  return {
    service,
    natsServers: config.NATS_URL,
    natsCredentials: natsCredentials(config),
    identityVerificationKeys: config.IDENTITY_SIGNING_PUBLIC_KEY,
    namespace: config.EVENTS_NAMESPACE,
    streamReplicas: config.STREAM_REPLICAS,
    outbox: {
      pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
      batchSize: config.OUTBOX_BATCH_SIZE,
      fault: config.FAULT_INJECTION,
    },
    consumer: {
      maxDeliver: config.CONSUMER_MAX_DELIVER,
      ackWaitMs: config.CONSUMER_ACK_WAIT_MS,
      backoffMs: config.CONSUMER_BACKOFF_MS,
      concurrency: config.CONSUMER_CONCURRENCY,
      batchSize: config.CONSUMER_BATCH_SIZE,
    },
  };
}

