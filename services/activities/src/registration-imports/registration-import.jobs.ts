import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { HandlesJob, JobRunner, Jobs } from '@deelwijs/platform';
import { ActivitiesConfig } from '../config/activities.config';
import {
  EXPIRE_IMPORTS_JOB,
  REGISTRATION_IMPORTS_QUEUE,
  RUN_IMPORT_JOB,
  type RunImportJob,
} from './registration-import-ids';
import { ImportErased, RegistrationImportsService } from './registration-imports.service';

/** The import queue's handlers: thin, the service holds the rules. */
@Injectable()
export class RegistrationImportJobs implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly imports: RegistrationImportsService,
    private readonly jobs: Jobs,
    private readonly runner: JobRunner,
    private readonly config: ActivitiesConfig,
  ) {}

  onModuleInit(): void {
    // Before the runner starts its workers at bootstrap.
    this.runner.setLockDuration(REGISTRATION_IMPORTS_QUEUE, this.config.REGISTRATION_IMPORT_JOB_LOCK_MS);
  }

  async onApplicationBootstrap(): Promise<void> {
    // One schedule for all instances (the same scheduler id), as retention of registrants.
    await this.jobs
      .queue(REGISTRATION_IMPORTS_QUEUE)
      .upsertJobScheduler(
        EXPIRE_IMPORTS_JOB,
        { pattern: '47 2 * * *', tz: 'Europe/Amsterdam' },
        { name: EXPIRE_IMPORTS_JOB },
      );
  }

  @HandlesJob(REGISTRATION_IMPORTS_QUEUE, RUN_IMPORT_JOB)
  async run(data: RunImportJob, job: Job): Promise<{ rowsDone: number }> {
    try {
      return await this.imports.run(data.importId);
    } catch (error) {
      if (error instanceof ImportErased) {
        throw new UnrecoverableError(error.message);
      }
      // The last attempt: the import fails and its file goes; earlier ones are retried from the last chunk done.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await this.imports.fail(
          data.importId,
          'the import stopped on an internal error; send the file again to go on',
        );
      }
      throw error;
    }
  }

  @HandlesJob(REGISTRATION_IMPORTS_QUEUE, EXPIRE_IMPORTS_JOB)
  async expire(): Promise<{ expired: number }> {
    return { expired: await this.imports.expireFinished(this.config.RETENTION_DAYS) };
  }
}
