import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OutboxHousekeeping } from '@deelwijs/messaging';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { HandlesJob } from '../jobs/job-handler.decorator';
import { Jobs } from '../jobs/jobs';
import { HOUSEKEEPING_QUEUE } from '../jobs/queue-names';

export const HOUSEKEEPING_OPTIONS = Symbol('HOUSEKEEPING_OPTIONS');

export interface HousekeepingOptions {
  retentionDays: number;
}

const QUEUE = HOUSEKEEPING_QUEUE;
const PRUNE_MESSAGING = 'prune-messaging';

/**
 * Prunes old outbox and inbox rows, and Idempotency-Keys older than a day, once a day. The job scheduler is upserted at boot by every
 * instance (same id, so one schedule), and the instances' workers share the queue, so each
 * run happens once.
 */
@Injectable()
export class HousekeepingJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger(HousekeepingJobs.name);

  constructor(
    @Inject(HOUSEKEEPING_OPTIONS) private readonly options: HousekeepingOptions,
    private readonly jobs: Jobs,
    private readonly messaging: OutboxHousekeeping,
    private readonly idempotency: IdempotencyService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs
      .queue(QUEUE)
      .upsertJobScheduler(PRUNE_MESSAGING, { pattern: '17 3 * * *', tz: 'Europe/Amsterdam' }, { name: PRUNE_MESSAGING });
  }

  @HandlesJob(QUEUE, PRUNE_MESSAGING)
  async pruneMessaging(): Promise<unknown> {
    const pruned = { ...(await this.messaging.prune(this.options.retentionDays)), idempotencyKeys: await this.idempotency.prune() };
    this.logger.log({ msg: 'messaging tables pruned', ...pruned });
    return pruned;
  }

  /** Runs the prune now (an operator's command, and the tests). */
  async pruneNow(): Promise<string | undefined> {
    return this.jobs.add(QUEUE, PRUNE_MESSAGING, {}, { removeOnComplete: true });
  }
}
