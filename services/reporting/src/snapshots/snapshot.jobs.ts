import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { HandlesJob } from '@deelwijs/platform';
import { JOB_NAMES, QUEUES } from '../jobs/queues';
import { SnapshotsService, type RecomputeJobData, type SnapshotJobData } from './snapshots.service';

/** The snapshot queues' workers: each hands its job to the SnapshotsService. */
@Injectable()
export class SnapshotJobs {
  constructor(private readonly snapshots: SnapshotsService) {}

  @HandlesJob(QUEUES.snapshots, JOB_NAMES.takeSnapshot)
  takeSnapshot(data: SnapshotJobData) {
    return this.snapshots.takeSnapshot(data);
  }

  @HandlesJob(QUEUES.recompute, JOB_NAMES.recompute)
  recompute(data: RecomputeJobData, job: Job) {
    return this.snapshots.recompute(data, (percent) => job.updateProgress(percent));
  }
}
