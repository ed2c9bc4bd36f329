import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { HandlesJob } from '@deelwijs/platform';
import { JOB_NAMES, QUEUES } from '../jobs/queues';
import { DeliveryService, type DeliverJobData } from './delivery.service';

/** The delivery queue's worker: hands each attempt to the DeliveryService. */
@Injectable()
export class DeliveryJobs {
  constructor(private readonly delivery: DeliveryService) {}

  @HandlesJob(QUEUES.delivery, JOB_NAMES.deliver)
  deliver(data: DeliverJobData, job: Job) {
    return this.delivery.deliver(data, { attempt: job.attemptsMade + 1, attempts: job.opts.attempts ?? 1 });
  }
}
