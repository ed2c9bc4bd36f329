import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Jobs } from '@deelwijs/platform';
import { ActivitiesConfig } from '../config/activities.config';
import {
  mailId,
  NOTIFICATIONS_QUEUE,
  REGISTRANT_REMINDERS_JOB,
  SEND_MAIL_JOB,
  type MailJob,
} from './notification-ids';
import { jobIdsAt, planReminders, type ReminderSettings } from './reminder-plan';
import { RemindersRepository } from './reminders.repository';

/** The reminder settings in seconds: the hours of the config, or the tests' seconds override. */
export function reminderSettings(config: ActivitiesConfig): ReminderSettings {
  return {
    offsetsSeconds:
      config.REMINDER_OFFSETS_SECONDS ?? config.REMINDER_OFFSETS_HOURS.map((hours) => hours * 3600),
    attendanceAfterSeconds:
      config.ATTENDANCE_REMINDER_AFTER_SECONDS ?? config.ATTENDANCE_REMINDER_AFTER_HOURS * 3600,
  };
}

/**
 * Keeps an activity's delayed jobs in line with the activity as it is in the database. Called
 * from the handlers of the service's own events, inside their transaction but writing to
 * Redis, which that transaction does not cover: every call is idempotent (deterministic job
 * ids, adding an existing id is a no-op), so a redelivered event or a retried batch changes
 * nothing. Jobs hold ids; what is due is decided again when a job runs.
 */
@Injectable()
export class ReminderScheduler {
  private readonly settings: ReminderSettings;

  constructor(
    private readonly jobs: Jobs,
    private readonly reminders: RemindersRepository,
    config: ActivitiesConfig,
  ) {
    this.settings = reminderSettings(config);
  }

  /** Plans the reminders the activity should have now: at publication, on every registration, after a move. */
  async syncActivity(manager: EntityManager, activityId: string, now = new Date()): Promise<void> {
    const activity = await this.reminders.activityTimes(manager, activityId);
    if (!activity) {
      return;
    }
    const plan = planReminders(
      {
        id: activity.id,
        status: activity.status,
        startsAt: activity.starts_at,
        endsAt: activity.ends_at,
        organiserEmail: activity.organiser_email,
      },
      this.settings,
      now,
    );
    const queue = this.jobs.queue(NOTIFICATIONS_QUEUE);
    await queue.addBulk([
      ...plan.registrantReminders.map((job) => ({
        name: REGISTRANT_REMINDERS_JOB,
        data: job.data,
        opts: { jobId: job.jobId, delay: job.delayMs },
      })),
      ...(plan.attendance
        ? [
            {
              name: SEND_MAIL_JOB,
              data: plan.attendance.data,
              opts: { jobId: plan.attendance.jobId, delay: plan.attendance.delayMs },
            },
          ]
        : []),
    ]);
  }

  /**
   * The activity moved: its jobs for the old time go (their ids hold the time), the new ones
   * are planned. A job for the old time that is already running finds the new time and sends nothing.
   */
  async moveActivity(
    manager: EntityManager,
    activityId: string,
    previous: { startsAt: Date; endsAt: Date },
  ): Promise<void> {
    await this.removeJobs(jobIdsAt(activityId, previous.startsAt, previous.endsAt, this.settings));
    await this.syncActivity(manager, activityId);
  }

  /** The activity is cancelled: its reminders go. The registrants' notices come with their own cancellation events. */
  async dropActivity(manager: EntityManager, activityId: string): Promise<void> {
    const activity = await this.reminders.activityTimes(manager, activityId);
    if (activity) {
      await this.removeJobs(jobIdsAt(activityId, activity.starts_at, activity.ends_at, this.settings));
    }
  }

  /** A mail to send now (confirmation, notice); once per mail id however often it is asked for. */
  async send(job: MailJob): Promise<void> {
    await this.jobs.add(NOTIFICATIONS_QUEUE, SEND_MAIL_JOB, job, { jobId: mailId(job) });
  }

  private async removeJobs(jobIds: string[]): Promise<void> {
    const queue = this.jobs.queue(NOTIFICATIONS_QUEUE);
    // A running (locked) job is not removed; it checks the activity's state itself.
    await Promise.all(jobIds.map((jobId) => queue.remove(jobId)));
  }
}
