import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { Correlation } from '@deelwijs/observability';
import { RedisConnection } from '../health/redis.provider';
import { JOB_HANDLER, type JobHandlerMetadata } from './job-handler.decorator';
import { Jobs } from './jobs';
import { RetryLaterError } from './retry-later.error';

type Handler = (data: unknown, job: Job) => Promise<unknown>;

/**
 * How long a running job's lock lasts without renewal. The worker renews it every half of
 * this while the job runs, so a live worker keeps it; a dead worker's lock runs out 2.5 to 5 s
 * after its death. BullMQ's default (30 s) would leave a crashed job untouched for half a
 * minute. The price of a short lock: a job whose own code blocks the event loop for more than
 * about 2.5 s loses its lock and is run a second time, so every job must be safe to run twice
 * (ours are, as a crash mid-job runs them again anyway), and a queue whose jobs compute for
 * seconds on end sets a longer lock with setLockDuration.
 */
export const DEFAULT_JOB_LOCK_MS = 5_000;
/**
 * How often each worker looks for jobs whose lock ran out (and puts them back in the queue):
 * with the lock above, a dead worker's job is taken over by a live worker (or by the restarted
 * one, which checks at start) within about 7 s. Each check is one small Lua script in Redis.
 */
export const STALLED_CHECK_INTERVAL_MS = 2_000;

/**
 * Finds every @HandlesJob method at boot and runs one BullMQ worker per queue that dispatches
 * by job name. A job whose name has no handler fails (and stays visible among failed jobs)
 * rather than vanishing; two handlers for one name stop the boot.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  private readonly workers: Worker[] = [];
  private readonly connections: Redis[] = [];
  private readonly concurrency = new Map<string, number>();
  private readonly lockDurations = new Map<string, number>();
  /** The queues this instance works on (short names), known once it has started. */
  readonly queues: string[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly jobs: Jobs,
    private readonly redis: RedisConnection,
  ) {}

  /** How many jobs of a queue one instance runs at once (default 1); set before boot. */
  setConcurrency(queue: string, concurrency: number): void {
    this.concurrency.set(queue, concurrency);
  }

  /**
   * How long a job of a queue stays locked without renewal (DEFAULT_JOB_LOCK_MS unless set). A
   * job whose worker died is taken up again once its lock has expired, at the next stalled
   * check (every STALLED_CHECK_INTERVAL_MS). Set before boot.
   */
  setLockDuration(queue: string, lockDurationMs: number): void {
    this.lockDurations.set(queue, lockDurationMs);
  }

  handlers(): Map<string, Map<string, Handler>> {
    const byQueue = new Map<string, Map<string, Handler>>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) {
        continue;
      }
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[methodName] as Handler;
        const metadata = this.reflector.get<JobHandlerMetadata | undefined>(JOB_HANDLER, method);
        if (!metadata) {
          continue;
        }
        const names = byQueue.get(metadata.queue) ?? new Map<string, Handler>();
        if (names.has(metadata.name)) {
          throw new Error(`Job "${metadata.name}" on queue "${metadata.queue}" has two handlers`);
        }
        names.set(metadata.name, method.bind(instance));
        byQueue.set(metadata.queue, names);
      }
    }
    return byQueue;
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const [queue, handlers] of this.handlers()) {
      this.queues.push(queue);
      // A worker blocks its connection while it waits, so each gets one of its own.
      const connection = this.redis.client.duplicate({ maxRetriesPerRequest: null });
      this.connections.push(connection);
      const worker = new Worker(
        this.jobs.queueName(queue),
        async (job, token) => {
          const handler = handlers.get(job.name);
          if (!handler) {
            throw new Error(`No handler for job "${job.name}" on queue "${queue}"`);
          }
          try {
            return await Correlation.run(`job:${queue}:${job.id}`, () => handler(job.data, job));
          } catch (error) {
            if (error instanceof RetryLaterError && token) {
              // Back to delayed, attempts untouched: BullMQ's way for "not now" (DelayedError).
              await job.moveToDelayed(Date.now() + error.retryInMs, token);
              throw new DelayedError();
            }
            throw error;
          }
        },
        {
          connection,
          prefix: this.jobs.prefix,
          concurrency: this.concurrency.get(queue) ?? 1,
          lockDuration: this.lockDurations.get(queue) ?? DEFAULT_JOB_LOCK_MS,
          stalledInterval: STALLED_CHECK_INTERVAL_MS,
        },
      );
      worker.on('failed', (job, error) => {
        const attempts = job?.opts.attempts ?? 1;
        const fields = { queue, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, attempts, error: error.message };
        if (job && job.attemptsMade < attempts) {
          this.logger.warn({ msg: 'job failed; it is tried again', ...fields });
        } else {
          // Nothing dropped without an error line: the job stays among the failed jobs.
          this.logger.error({ msg: `job failed for good after ${job?.attemptsMade ?? 0} attempts; kept among the failed jobs`, ...fields });
        }
      });
      worker.on('error', (error) => this.logger.warn({ msg: 'job worker error', queue, error: error.message }));
      this.workers.push(worker);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all(this.connections.map((connection) => connection.quit().catch(() => connection.disconnect())));
  }
}
