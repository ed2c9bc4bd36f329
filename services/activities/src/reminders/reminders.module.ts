import { Module } from '@nestjs/common';
import { CancelTokensModule } from '../cancel-tokens/cancel-tokens.module';
import { NotificationJobs } from './notification.jobs';
import { NotificationService } from './notification.service';
import { ReminderEventsController } from './reminder-events.controller';
import { ReminderScheduler } from './reminder.scheduler';
import { RemindersRepository } from './reminders.repository';

/** Confirmations, notices and reminders by mail, scheduled from the service's own events. */
@Module({
  imports: [CancelTokensModule],
  controllers: [ReminderEventsController],
  providers: [ReminderScheduler, NotificationService, NotificationJobs, RemindersRepository],
})
export class RemindersModule {}
