import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Gauge, register, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { DEAD_LETTER_STREAM, STREAMS } from '@deelwijs/contracts';
import { NatsClient } from '@deelwijs/messaging';
import { JobRunner } from '../jobs/job-runner';
import { Jobs, JOBS_OPTIONS, type JobQueueOptions } from '../jobs/jobs';
import { MetricsRepository } from './metrics.repository';

let defaultMetricsCollected = false;

/** The process's metrics: the HTTP histogram and mail failures (module-level) and Node's own, under their usual names (process_*, nodejs_*) for the usual dashboards. */
export function processRegistry(): Registry {
  if (!defaultMetricsCollected) {
    defaultMetricsCollected = true;
    collectDefaultMetrics();
  }
  return register;
}

const JOB_STATES = ['waiting', 'delayed', 'active', 'failed'] as const;

/** What /metrics serves: a service's own gauges and the process's, or (the portal) the process's alone. */
export abstract class MetricsSource {
  abstract text(): Promise<{ contentType: string; body: string }>;
}

/** The portal's: HTTP per route and the process; it has no outbox, consumers or queues. */
@Injectable()
export class ProcessMetrics extends MetricsSource {
  async text(): Promise<{ contentType: string; body: string }> {
    const registry = processRegistry();
    return { contentType: registry.contentType, body: await registry.metrics() };
  }
}

/**
 * The service's own state, read when Prometheus scrapes (a scrape costs a few queries, nothing
 * happens in between): outbox backlog and age, each durable consumer's pending, unacknowledged
 * and redelivered messages, the service's dead letters, and its queues' jobs by state. One
 * registry per application, so several services in one test process do not collide.
 */
@Injectable()
export class ServiceMetrics extends MetricsSource {
  private readonly registry = new Registry();
  private readonly outboxBacklog = this.gauge('deelwijs_outbox_backlog', 'Outbox rows not yet published');
  private readonly outboxAge = this.gauge('deelwijs_outbox_oldest_age_seconds', 'Age of the oldest unpublished outbox row (0 when none)');
  private readonly consumerPending = this.gauge('deelwijs_consumer_pending', 'Messages a durable consumer has not yet been given', ['consumer']);
  private readonly consumerAckPending = this.gauge('deelwijs_consumer_ack_pending', 'Messages given to a consumer and not yet acknowledged', ['consumer']);
  private readonly consumerRedelivered = this.gauge(
    'deelwijs_consumer_redelivered',
    'Messages of a consumer delivered more than once and not yet acknowledged',
    ['consumer'],
  );
  private readonly deadLetters = this.gauge('deelwijs_dead_letters', 'Messages this service dead-lettered (kept in the DEADLETTER stream)');
  private readonly queueJobs = this.gauge('deelwijs_queue_jobs', 'Jobs of a BullMQ queue by state (waiting, delayed, active, failed)', ['queue', 'state']);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: MetricsRepository,
    private readonly nats: NatsClient,
    private readonly jobs: Jobs,
    private readonly runner: JobRunner,
    @Inject(JOBS_OPTIONS) private readonly options: JobQueueOptions,
  ) {
    super();
  }

  /** What GET /metrics answers: this service's gauges, read now, and the process's metrics. */
  async text(): Promise<{ contentType: string; body: string }> {
    // A reading that fails (NATS or Redis away) leaves its gauges as they were rather than failing
    // the scrape: the other metrics, and readiness, still say what is going on.
    await Promise.allSettled([this.readOutbox(), this.readConsumers(), this.readDeadLetters(), this.readQueues()]);
    const merged = Registry.merge([processRegistry(), this.registry]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }

  private gauge<L extends string>(name: string, help: string, labelNames: L[] = []): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  private async readOutbox(): Promise<void> {
    const { backlog, oldestAgeSeconds } = await this.repository.outbox(this.dataSource.manager);
    this.outboxBacklog.set(backlog);
    this.outboxAge.set(oldestAgeSeconds);
  }

  private async readConsumers(): Promise<void> {
    const infos = [];
    for (const stream of Object.values(STREAMS)) {
      const page = await this.nats.jsm.consumers.list(this.nats.namespace.stream(stream)).next();
      infos.push(...page.filter((info) => info.name.startsWith(`${this.options.service}--`)));
    }
    for (const gauge of [this.consumerPending, this.consumerAckPending, this.consumerRedelivered]) {
      gauge.reset();
    }
    for (const info of infos) {
      this.consumerPending.set({ consumer: info.name }, info.num_pending);
      this.consumerAckPending.set({ consumer: info.name }, info.num_ack_pending);
      this.consumerRedelivered.set({ consumer: info.name }, info.num_redelivered);
    }
  }

  private async readDeadLetters(): Promise<void> {
    const subject = this.nats.namespace.deadLetterSubject(this.options.service, 'any').replace(/\.any$/, '.>');
    const info = await this.nats.jsm.streams.info(this.nats.namespace.stream(DEAD_LETTER_STREAM), { subjects_filter: subject });
    this.deadLetters.set(Object.values(info.state.subjects ?? {}).reduce((sum, count) => sum + count, 0));
  }

  private async readQueues(): Promise<void> {
    for (const queue of this.runner.queues) {
      const counts = await this.jobs.queue(queue).getJobCounts(...JOB_STATES);
      for (const state of JOB_STATES) {
        this.queueJobs.set({ queue, state }, counts[state] ?? 0);
      }
    }
  }
}
