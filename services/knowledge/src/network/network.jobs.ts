import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HandlesJob, Jobs, KNOWLEDGE_QUEUES } from '@deelwijs/platform';
import { NetworkComputation } from './network-computation.service';

export const NETWORK_QUEUE = KNOWLEDGE_QUEUES.network;
export const COMPUTE_PERIOD_JOB = 'compute-period';
export const COMPUTE_CURRENT_JOB = 'compute-current-periods';

/** Thin job handlers: the work is NetworkComputation's. */
@Injectable()
export class NetworkJobs implements OnApplicationBootstrap {
  constructor(
    private readonly computation: NetworkComputation,
    private readonly jobs: Jobs,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Upserted by every instance at boot: one scheduler, whatever the number of instances.
    await this.jobs
      .queue(NETWORK_QUEUE)
      .upsertJobScheduler('network-nightly', { pattern: '30 2 * * *', tz: 'Europe/Amsterdam' }, { name: COMPUTE_CURRENT_JOB, data: {} });
  }

  @HandlesJob(NETWORK_QUEUE, COMPUTE_PERIOD_JOB)
  computePeriod(data: { period: string }) {
    return this.computation.compute(data.period);
  }

  @HandlesJob(NETWORK_QUEUE, COMPUTE_CURRENT_JOB)
  async computeCurrent() {
    const results = [];
    for (const period of this.computation.currentPeriods()) {
      results.push(await this.computation.compute(period));
    }
    return results;
  }
}
