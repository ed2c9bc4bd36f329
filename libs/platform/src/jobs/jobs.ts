import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import { RedisConnection } from '../health/redis.provider';
import { jobQueueName } from './queue-names';

export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

export interface JobQueueOptions {
  /** The service's name: queues are `<namespace>-<service>-<queue>`, under the Redis prefix. */
  service: string;
  namespace: string;
  prefix: string;
}

/**
 * Completed jobs are kept a day (for "what ran"), failed ones a week (for "what broke");
 * without limits Redis fills up (twenty, issue 26219).
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
};

/**
 * The service's BullMQ queues by short name. Queue names are a public contract (renaming one
 * strands its waiting jobs): `<namespace or "main">-<service>-<queue>`.
 */
@Injectable()
export class Jobs implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();

  constructor(
    @Inject(JOBS_OPTIONS) private readonly options: JobQueueOptions,
    private readonly redis: RedisConnection,
  ) {}

  queueName(queue: string): string {
    return jobQueueName(this.options.namespace, this.options.service, queue);
  }

  get prefix(): string {
    return this.options.prefix;
  }

  queue(queue: string): Queue {
    let existing = this.queues.get(queue);
    if (!existing) {
      existing = new Queue(this.queueName(queue), {
        connection: this.redis.client,
        prefix: this.options.prefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      this.queues.set(queue, existing);
    }
    return existing;
  }

  /**
   * Adds a job; with `jobId` set, adding the same id again while the job exists is a no-op,
   * which makes scheduling from event handlers idempotent.
   */
  async add<T>(queue: string, name: string, data: T, options: JobsOptions = {}): Promise<string | undefined> {
    const job = await this.queue(queue).add(name, data, options);
    return job.id;
  }

  /** Removes a waiting or delayed job; a job already running is left to finish. */
  async remove(queue: string, jobId: string): Promise<boolean> {
    const job = await this.queue(queue).getJob(jobId);
    if (!job) {
      return false;
    }
    if (await job.isActive()) {
      return false;
    }
    await job.remove();
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
