import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  ActivityCancelledV1,
  ActivityClosedV1,
  ActivityHeldV1,
  ActivityRescheduledV1,
  ActivityRevisedV1,
  ActivityScheduledV1,
  AdviceAnsweredV1,
  AdviceIssuedV1,
  KnowledgeItemArchivedV1,
  KnowledgeItemPublishedV1,
  RegistrationAcceptedV1,
  RegistrationCancelledV1,
  RegistrationPromotedV1,
  RegistrationWaitlistedV1,
  type PayloadOf,
} from '@deelwijs/contracts';
import { EventContext, OnEvent } from '@deelwijs/messaging';
import { Projector } from './projector';

/** The durable consumers of the projection: each applies its event in the inbox's transaction. */
@Controller()
export class ProjectionEventsController {
  constructor(private readonly projector: Projector) {}

  @OnEvent(ActivityScheduledV1)
  scheduled(@Payload() event: PayloadOf<typeof ActivityScheduledV1>, @Ctx() ctx: EventContext) {
    return this.projector.activityScheduled(ctx.transaction, event, ctx.envelope);
  }

  @OnEvent(ActivityRevisedV1)
  revised(@Payload() event: PayloadOf<typeof ActivityRevisedV1>, @Ctx() ctx: EventContext) {
    return this.projector.activityRevised(ctx.transaction, event, ctx.envelope);
  }

  @OnEvent(ActivityRescheduledV1)
  rescheduled(@Payload() event: PayloadOf<typeof ActivityRescheduledV1>, @Ctx() ctx: EventContext) {
    return this.projector.activityRescheduled(ctx.transaction, event, ctx.envelope);
  }

  @OnEvent(ActivityCancelledV1)
  cancelled(@Payload() event: PayloadOf<typeof ActivityCancelledV1>, @Ctx() ctx: EventContext) {
    return this.projector.activityCancelled(ctx.transaction, event);
  }

  @OnEvent(ActivityHeldV1)
  held(@Payload() event: PayloadOf<typeof ActivityHeldV1>, @Ctx() ctx: EventContext) {
    return this.projector.activityHeld(ctx.transaction, event, ctx.envelope);
  }

  @OnEvent(ActivityClosedV1)
  closed(@Payload() event: PayloadOf<typeof ActivityClosedV1>, @Ctx() ctx: EventContext) {
    return this.projector.activityClosed(ctx.transaction, event);
  }

  @OnEvent(RegistrationAcceptedV1)
  accepted(@Payload() event: PayloadOf<typeof RegistrationAcceptedV1>, @Ctx() ctx: EventContext) {
    return this.projector.registration(ctx.transaction, event, 'accepted', ctx.envelope);
  }

  @OnEvent(RegistrationWaitlistedV1)
  waitlisted(@Payload() event: PayloadOf<typeof RegistrationWaitlistedV1>, @Ctx() ctx: EventContext) {
    return this.projector.registration(ctx.transaction, event, 'waitlisted', ctx.envelope);
  }

  @OnEvent(RegistrationPromotedV1)
  promoted(@Payload() event: PayloadOf<typeof RegistrationPromotedV1>, @Ctx() ctx: EventContext) {
    return this.projector.registration(ctx.transaction, event, 'promoted', ctx.envelope);
  }

  @OnEvent(RegistrationCancelledV1)
  registrationCancelled(@Payload() event: PayloadOf<typeof RegistrationCancelledV1>, @Ctx() ctx: EventContext) {
    return this.projector.registration(ctx.transaction, event, 'cancelled', ctx.envelope);
  }

  @OnEvent(AdviceIssuedV1)
  adviceIssued(@Payload() event: PayloadOf<typeof AdviceIssuedV1>, @Ctx() ctx: EventContext) {
    return this.projector.adviceIssued(ctx.transaction, event);
  }

  @OnEvent(AdviceAnsweredV1)
  adviceAnswered(@Payload() event: PayloadOf<typeof AdviceAnsweredV1>, @Ctx() ctx: EventContext) {
    return this.projector.adviceAnswered(ctx.transaction, event);
  }

  @OnEvent(KnowledgeItemPublishedV1)
  itemPublished(@Payload() event: PayloadOf<typeof KnowledgeItemPublishedV1>, @Ctx() ctx: EventContext) {
    return this.projector.knowledgeItemPublished(ctx.transaction, event);
  }

  @OnEvent(KnowledgeItemArchivedV1)
  itemArchived(@Payload() event: PayloadOf<typeof KnowledgeItemArchivedV1>, @Ctx() ctx: EventContext) {
    return this.projector.knowledgeItemArchived(ctx.transaction, event);
  }
}
