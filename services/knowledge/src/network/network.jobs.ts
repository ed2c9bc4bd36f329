import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HandlesJob, Jobs } from '@deelwijs/platform';
import { COMPUTE_CURRENT_JOB, COMPUTE_PERIOD_JOB, NETWORK_QUEUE, NetworkService } from './network.service';

/** Thin job handlers: the work is NetworkService's. */
@Injectable()
export class NetworkJobs implements OnApplicationBootstrap {
  constructor(
    private readonly network: NetworkService,
    private readonly jobs: Jobs,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Upserted by every instance at boot: one scheduler, whatever the number of instances.
    await this.jobs
      .queue(NETWORK_QUEUE)
      .upsertJobScheduler('network-nightly', { pattern: '30 2 * * *', tz: 'Europe/Amsterdam' }, { name: COMPUTE_CURRENT_JOB, data: {} });
  }

  /**
   * Asks for a period's network to be (re)computed. While one is waiting, asking again adds
   * nothing; while one runs, one more is kept to follow it, so events after its start count.
   */
  request(period: string): Promise<string | undefined> {
    return this.jobs.add(NETWORK_QUEUE, COMPUTE_PERIOD_JOB, { period }, { deduplication: { id: `network-${period}`, keepLastIfActive: true } });
  }

  @HandlesJob(NETWORK_QUEUE, COMPUTE_PERIOD_JOB)
  computePeriod(data: { period: string }) {
    return this.network.compute(data.period);
  }

  @HandlesJob(NETWORK_QUEUE, COMPUTE_CURRENT_JOB)
  async computeCurrent() {
    const results = [];
    for (const period of this.network.currentPeriods()) {
      results.push(await this.network.compute(period));
    }
    return results;
  }
}
