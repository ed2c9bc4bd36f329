import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HandlesJob, JobRunner } from '@deelwijs/platform';
import { ActivitiesConfig } from '../config/activities.config';
import {
  NOTIFICATIONS_QUEUE,
  REGISTRANT_REMINDERS_JOB,
  SEND_MAIL_JOB,
  type MailJob,
  type RegistrantRemindersJob,
} from './notification-ids';
import { NotificationService, type DeliveryOutcome } from './notification.service';

/** The notification queue's job handlers: thin, the service holds the rules. */
@Injectable()
export class NotificationJobs implements OnModuleInit {
  constructor(
    private readonly notifications: NotificationService,
    private readonly runner: JobRunner,
    private readonly config: ActivitiesConfig,
  ) {}

  onModuleInit(): void {
    // Before the runner starts its workers at bootstrap.
    this.runner.setConcurrency(NOTIFICATIONS_QUEUE, this.config.NOTIFICATION_CONCURRENCY);
    this.runner.setLockDuration(NOTIFICATIONS_QUEUE, this.config.NOTIFICATION_JOB_LOCK_MS);
  }

  @HandlesJob(NOTIFICATIONS_QUEUE, SEND_MAIL_JOB)
  sendMail(data: MailJob): Promise<DeliveryOutcome> {
    return this.notifications.deliver(data);
  }

  @HandlesJob(NOTIFICATIONS_QUEUE, REGISTRANT_REMINDERS_JOB)
  async remindRegistrants(data: RegistrantRemindersJob): Promise<{ reminders: number }> {
    return { reminders: await this.notifications.fanOutReminders(data) };
  }
}
