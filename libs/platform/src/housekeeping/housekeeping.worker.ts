import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { OutboxHousekeeping } from '@deelwijs/messaging';
import { RedisConnection } from '../health/redis.provider';

export const HOUSEKEEPING_OPTIONS = Symbol('HOUSEKEEPING_OPTIONS');

export interface HousekeepingOptions {
  /** Queue names are a public contract: `<namespace>-<service>-housekeeping` under the prefix "deelwijs". */
  queueName: string;
  prefix: string;
  retentionDays: number;
}

const PRUNE_MESSAGING = 'prune-messaging';

/**
 * Prunes old outbox and inbox rows once a day. The job scheduler is upserted at boot by every
 * instance (same id, so one schedule), and the instances' workers share the queue, so each
 * run happens once.
 */
@Injectable()
export class HousekeepingWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HousekeepingWorker.name);
  private queue?: Queue;
  private worker?: Worker;
  private workerConnection?: Redis;

  constructor(
    @Inject(HOUSEKEEPING_OPTIONS) private readonly options: HousekeepingOptions,
    private readonly redis: RedisConnection,
    private readonly messaging: OutboxHousekeeping,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const connection = this.redis.client;
    // A worker blocks its connection while it waits for jobs, so it gets one of its own.
    this.workerConnection = connection.duplicate({ maxRetriesPerRequest: null });
    this.queue = new Queue(this.options.queueName, { connection, prefix: this.options.prefix });
    await this.queue.upsertJobScheduler(
      PRUNE_MESSAGING,
      { pattern: '17 3 * * *', tz: 'Europe/Amsterdam' },
      { name: PRUNE_MESSAGING, opts: { removeOnComplete: { count: 30 }, removeOnFail: { count: 100 } } },
    );
    this.worker = new Worker(
      this.options.queueName,
      async (job) => {
        if (job.name !== PRUNE_MESSAGING) {
          throw new Error(`No handler for housekeeping job "${job.name}"`);
        }
        const pruned = await this.messaging.prune(this.options.retentionDays);
        this.logger.log({ msg: 'messaging tables pruned', ...pruned });
        return pruned;
      },
      { connection: this.workerConnection, prefix: this.options.prefix, concurrency: 1 },
    );
    this.worker.on('error', (error) => this.logger.warn({ msg: 'housekeeping worker error', error: error.message }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    await this.workerConnection?.quit().catch(() => this.workerConnection?.disconnect());
  }

  /** Runs the prune now (an operator's command, and the tests). */
  async pruneNow(): Promise<unknown> {
    const job = await this.queue!.add(PRUNE_MESSAGING, {}, { removeOnComplete: true });
    return job.id;
  }
}
