import { SetMetadata } from '@nestjs/common';

export const JOB_HANDLER = Symbol('JOB_HANDLER');

export interface JobHandlerMetadata {
  /** The queue's short name within the service, such as "reminders". */
  queue: string;
  /** The job name the method handles, such as "send-reminder". */
  name: string;
}

/**
 * Marks a provider method as the one handler of a job: `handle(data, job)`. At boot the
 * JobRunner starts one worker per queue and refuses to start when a job name has two handlers.
 * Keep handlers thin: they call a service, which holds the rules.
 */
export const HandlesJob = (queue: string, name: string): MethodDecorator =>
  SetMetadata(JOB_HANDLER, { queue, name } satisfies JobHandlerMetadata);
