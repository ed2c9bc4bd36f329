import { Controller, Get, Param } from '@nestjs/common';
import { ParseUuid } from '@deelwijs/platform';
import { Ctx, Payload } from '@nestjs/microservices';
import { ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  ActivityCancelledV1,
  ActivityHeldV1,
  ActivityRescheduledV1,
  ActivityRevisedV1,
  ActivityScheduledV1,
  type PayloadOf,
} from '@deelwijs/contracts';
import { Roles } from '@deelwijs/identity';
import { EventContext, OnEvent } from '@deelwijs/messaging';
import { ActivityReferencesService } from './activity-references.service';
import { ActivityReferenceView } from './dto/activity-reference.dto';

/** The activities stream in (one handler per subject: the transport runs one durable consumer each), and what this service knows of an activity out. */
@ApiTags('activity-references')
@ApiSecurity('bearer')
@Controller('v1/activity-references')
export class ActivityReferencesController {
  constructor(private readonly references: ActivityReferencesService) {}

  @OnEvent(ActivityScheduledV1)
  activityScheduled(@Payload() event: PayloadOf<typeof ActivityScheduledV1>, @Ctx() context: EventContext) {
    return this.references.factsChanged(context.transaction, event, occurredAt(context));
  }

  @OnEvent(ActivityRevisedV1)
  activityRevised(@Payload() event: PayloadOf<typeof ActivityRevisedV1>, @Ctx() context: EventContext) {
    return this.references.factsChanged(context.transaction, event, occurredAt(context));
  }

  @OnEvent(ActivityHeldV1)
  activityHeld(@Payload() event: PayloadOf<typeof ActivityHeldV1>, @Ctx() context: EventContext) {
    return this.references.held(context.transaction, event, occurredAt(context));
  }

  @OnEvent(ActivityRescheduledV1)
  activityRescheduled(@Payload() event: PayloadOf<typeof ActivityRescheduledV1>, @Ctx() context: EventContext) {
    return this.references.rescheduled(context.transaction, event, occurredAt(context));
  }

  @OnEvent(ActivityCancelledV1)
  activityCancelled(@Payload() event: PayloadOf<typeof ActivityCancelledV1>, @Ctx() context: EventContext) {
    return this.references.cancelled(context.transaction, event);
  }

  @Get(':activityId')
  @Roles('editor', 'admin')
  @ApiOkResponse({ type: ActivityReferenceView })
  get(@Param('activityId', ParseUuid) activityId: string): Promise<ActivityReferenceView> {
    return this.references.get(activityId);
  }
}

function occurredAt(context: EventContext): Date {
  return new Date(context.envelope.occurredAt);
}
