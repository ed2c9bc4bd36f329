import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  ActivityCancelledV1,
  ActivityPublishedV1,
  ActivityRescheduledV1,
  ActivityRevisedV1,
  ActivityScheduledV1,
  RegistrationAcceptedV1,
  RegistrationCancelledV1,
  RegistrationPromotedV1,
  RegistrationWaitlistedV1,
  type PayloadOf,
} from '@deelwijs/contracts';
import { EventContext, OnEvent } from '@deelwijs/messaging';
import { ReminderScheduler } from './reminder.scheduler';

/**
 * Reminders are driven by the service's own durable events, not by the HTTP request that
 * caused them: a process that dies between the commit and the job's creation leaves the event
 * in the stream, and its redelivery schedules what was missed. Events of different subjects
 * may arrive in any order, so every handler reads the current state rather than trusting the
 * payload's.
 */
@Controller()
export class ReminderEventsController {
  constructor(private readonly scheduler: ReminderScheduler) {}

  @OnEvent(ActivityScheduledV1)
  async scheduled(
    @Payload() event: PayloadOf<typeof ActivityScheduledV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    if (event.status === 'published') {
      await this.scheduler.syncActivity(ctx.transaction, event.activityId);
    }
  }

  @OnEvent(ActivityPublishedV1)
  async published(
    @Payload() event: PayloadOf<typeof ActivityPublishedV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.scheduler.syncActivity(ctx.transaction, event.activityId);
  }

  /** An organiser address added after publication still gets the attendance reminder. */
  @OnEvent(ActivityRevisedV1)
  async revised(
    @Payload() event: PayloadOf<typeof ActivityRevisedV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.scheduler.syncActivity(ctx.transaction, event.activityId);
  }

  @OnEvent(ActivityRescheduledV1)
  async rescheduled(
    @Payload() event: PayloadOf<typeof ActivityRescheduledV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.scheduler.moveActivity(ctx.transaction, event.activityId, {
      startsAt: new Date(event.previousStartsAt),
      endsAt: new Date(event.previousEndsAt),
    });
  }

  @OnEvent(ActivityCancelledV1)
  async cancelled(
    @Payload() event: PayloadOf<typeof ActivityCancelledV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.scheduler.dropActivity(ctx.transaction, event.activityId);
  }

  /**
   * A registration adds no job of its own beyond its confirmation: the activity's reminder
   * jobs, planned at publication, find the registrations that hold a place when they run.
   * That keeps a bulk of 10,000 registrations at one Redis write each.
   */
  @OnEvent(RegistrationAcceptedV1)
  async accepted(@Payload() event: PayloadOf<typeof RegistrationAcceptedV1>): Promise<void> {
    await this.scheduler.send({ kind: 'confirmation', registrationId: event.registrationId });
  }

  @OnEvent(RegistrationPromotedV1)
  async promoted(@Payload() event: PayloadOf<typeof RegistrationPromotedV1>): Promise<void> {
    await this.scheduler.send({ kind: 'promoted', registrationId: event.registrationId });
  }

  @OnEvent(RegistrationWaitlistedV1)
  async waitlisted(@Payload() event: PayloadOf<typeof RegistrationWaitlistedV1>): Promise<void> {
    await this.scheduler.send({ kind: 'waitlisted', registrationId: event.registrationId });
  }

  @OnEvent(RegistrationCancelledV1)
  async registrationCancelled(@Payload() event: PayloadOf<typeof RegistrationCancelledV1>): Promise<void> {
    // Its reminders need no removal: they are made per registration only at the reminder's time.
    await this.scheduler.send({
      kind: event.cancelledBy === 'activity-cancelled' ? 'activity-cancelled' : 'registration-cancelled',
      registrationId: event.registrationId,
    });
  }
}
