import { Module } from '@nestjs/common';
import { PrivacyModule } from '../privacy/privacy.module';
import { NotificationJobs } from './notification.jobs';
import { NotificationService } from './notification.service';
import { ReminderEventsController } from './reminder-events.controller';
import { ReminderScheduler } from './reminder.scheduler';
import { SentMailLedger } from './sent-mail.ledger';

/** Confirmations, notices and reminders by mail, scheduled from the service's own events. */
@Module({
  imports: [PrivacyModule],
  controllers: [ReminderEventsController],
  providers: [ReminderScheduler, NotificationService, NotificationJobs, SentMailLedger],
})
export class RemindersModule {}
