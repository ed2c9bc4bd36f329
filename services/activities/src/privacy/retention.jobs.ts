import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ACTIVITIES_QUEUES, HandlesJob, Jobs } from '@deelwijs/platform';
import { ActivitiesConfig } from '../config/activities.config';
import { PrivacyService } from './privacy.service';

export const PRIVACY_QUEUE = ACTIVITIES_QUEUES.privacy;
export const ANONYMISE_EXPIRED_JOB = 'anonymise-expired-registrants';

/**
 * Anonymises registrants RETENTION_DAYS after their activity, once a day. Every instance
 * upserts the same job scheduler at boot (one schedule, not one per instance), and the
 * instances' workers share the queue, so each run happens once.
 */
@Injectable()
export class RetentionJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger(RetentionJobs.name);

  constructor(
    private readonly jobs: Jobs,
    private readonly privacy: PrivacyService,
    private readonly config: ActivitiesConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs
      .queue(PRIVACY_QUEUE)
      .upsertJobScheduler(
        ANONYMISE_EXPIRED_JOB,
        { pattern: '41 2 * * *', tz: 'Europe/Amsterdam' },
        { name: ANONYMISE_EXPIRED_JOB },
      );
  }

  @HandlesJob(PRIVACY_QUEUE, ANONYMISE_EXPIRED_JOB)
  async anonymiseExpired(): Promise<{ anonymised: number }> {
    const anonymised = await this.privacy.anonymiseExpired(this.config.RETENTION_DAYS);
    this.logger.log({
      msg: 'expired registrants anonymised',
      anonymised,
      retentionDays: this.config.RETENTION_DAYS,
    });
    return { anonymised };
  }
}
