import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobRunner } from './job-runner';
import { Jobs } from './jobs';

/** A job that failed for good, as an administrator sees it: never its data (ids only, by rule, but still not shown). */
export interface FailedJob {
  queue: string;
  id: string;
  name: string;
  reason: string;
  attemptsMade: number;
  attempts: number;
  failedAt?: string;
  createdAt: string;
}

export class FailedJobNotFoundError extends Error {}

/**
 * The failed jobs of the queues this service works on, and their retry. BullMQ keeps a failed
 * job a week (DEFAULT_JOB_OPTIONS); a retry moves it back to waiting with its attempts reset,
 * so it runs once more under its own id, and every job is safe to run twice (JobRunner).
 */
@Injectable()
export class FailedJobs {
  constructor(
    private readonly jobs: Jobs,
    private readonly runner: JobRunner,
  ) {}

  /** Newest first, at most `limit` per queue. */
  async list(limit: number): Promise<FailedJob[]> {
    const lists = await Promise.all(
      this.runner.queues.map(async (queue) => (await this.jobs.queue(queue).getFailed(0, limit - 1)).map((job) => view(queue, job))),
    );
    return lists.flat().sort((a, b) => (b.failedAt ?? b.createdAt).localeCompare(a.failedAt ?? a.createdAt));
  }

  async retry(queue: string, id: string): Promise<FailedJob> {
    const job = this.runner.queues.includes(queue) ? await this.jobs.queue(queue).getJob(id) : undefined;
    if (!job || !(await job.isFailed())) {
      throw new FailedJobNotFoundError(`no failed job ${id} on queue ${queue}`);
    }
    const failed = view(queue, job);
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return failed;
  }
}

function view(queue: string, job: Job): FailedJob {
  return {
    queue,
    id: job.id ?? '',
    name: job.name,
    reason: job.failedReason ?? '',
    attemptsMade: job.attemptsMade,
    attempts: job.opts.attempts ?? 1,
    ...(job.finishedOn ? { failedAt: new Date(job.finishedOn).toISOString() } : {}),
    createdAt: new Date(job.timestamp).toISOString(),
  };
}
