import { Controller, Get, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Ctx, Payload } from '@nestjs/microservices';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
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
import { NetworkProjection } from '../network/network-projection';
import { ActivityReferencesRepository } from './activity-references.repository';

class ActivityReferenceView {
  @ApiProperty() activityId: string;
  @ApiProperty() type: string;
  @ApiProperty() title: string;
  @ApiProperty() prestatieCode: string;
  @ApiProperty() startsAt: string;
  @ApiPropertyOptional() organiserOrganisationId?: string;
  @ApiProperty({ type: [String] }) partnerOrganisationIds: string[];
  @ApiPropertyOptional() heldAt?: string;
  @ApiPropertyOptional() cancelledAt?: string;
}

/**
 * Knowledge items link to activities; this service keeps its own reference copy of each
 * activity from the activities stream instead of asking the activities service, and rebuilds
 * the activity's links in the policy monitor's network from that copy after every event (one
 * handler per subject: the transport runs one durable consumer each).
 */
@ApiTags('activity-references')
@ApiSecurity('bearer')
@Controller('v1/activity-references')
export class ActivityReferencesController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly references: ActivityReferencesRepository,
    private readonly network: NetworkProjection,
  ) {}

  @OnEvent(ActivityScheduledV1)
  async activityScheduled(@Payload() event: PayloadOf<typeof ActivityScheduledV1>, @Ctx() context: EventContext) {
    await this.references.applyFacts(context.transaction, event, occurredAt(context));
    await this.network.activity(context.transaction, event.activityId);
  }

  @OnEvent(ActivityRevisedV1)
  async activityRevised(@Payload() event: PayloadOf<typeof ActivityRevisedV1>, @Ctx() context: EventContext) {
    await this.references.applyFacts(context.transaction, event, occurredAt(context));
    await this.network.activity(context.transaction, event.activityId);
  }

  @OnEvent(ActivityHeldV1)
  async activityHeld(@Payload() event: PayloadOf<typeof ActivityHeldV1>, @Ctx() context: EventContext) {
    await this.references.applyFacts(context.transaction, event, occurredAt(context), event.heldAt);
    await this.network.activity(context.transaction, event.activityId);
  }

  /** A new time moves the activity, and its links, into another period of the network. */
  @OnEvent(ActivityRescheduledV1)
  async activityRescheduled(@Payload() event: PayloadOf<typeof ActivityRescheduledV1>, @Ctx() context: EventContext) {
    await this.references.applyTimes(context.transaction, event.activityId, event.startsAt, event.endsAt, occurredAt(context));
    await this.network.activity(context.transaction, event.activityId);
  }

  @OnEvent(ActivityCancelledV1)
  async activityCancelled(@Payload() event: PayloadOf<typeof ActivityCancelledV1>, @Ctx() context: EventContext) {
    await this.references.cancel(context.transaction, event.activityId, event.cancelledAt);
    await this.network.activity(context.transaction, event.activityId);
  }

  @Get(':activityId')
  @Roles('editor', 'admin')
  @ApiOkResponse({ type: ActivityReferenceView })
  async get(@Param('activityId', new ParseUUIDPipe()) activityId: string): Promise<ActivityReferenceView> {
    const reference = await this.references.find(this.dataSource.manager, activityId);
    if (!reference?.title || !reference.startsAt || !reference.type || !reference.prestatieCode) {
      throw new NotFoundException(`No activity ${activityId} is known here (yet).`);
    }
    return {
      activityId: reference.activityId,
      type: reference.type,
      title: reference.title,
      prestatieCode: reference.prestatieCode,
      startsAt: reference.startsAt.toISOString(),
      ...(reference.organiserOrganisationId ? { organiserOrganisationId: reference.organiserOrganisationId } : {}),
      partnerOrganisationIds: reference.partnerOrganisationIds,
      ...(reference.heldAt ? { heldAt: reference.heldAt.toISOString() } : {}),
      ...(reference.cancelledAt ? { cancelledAt: reference.cancelledAt.toISOString() } : {}),
    };
  }
}

function occurredAt(context: EventContext): Date {
  return new Date(context.envelope.occurredAt);
}
