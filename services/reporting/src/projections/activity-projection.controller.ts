import { Controller, Get, Query } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ActivityScheduledV1, type PayloadOf } from '@deelwijs/contracts';
import { Roles } from '@deelwijs/identity';
import { EventContext, OnEvent } from '@deelwijs/messaging';
import { ActivityTypeCountsRepository } from './activity-type-counts.repository';

class ActivitiesPerTypeQuery {
  @ApiPropertyOptional({ example: '7.2.3' })
  @IsOptional()
  @Matches(/^[0-9]+(\.[0-9]+)*$/, { message: 'prestatie must look like 7.2.3' })
  prestatie?: string;
}

class ActivitiesPerTypeRow {
  @ApiProperty() prestatieCode: string;
  @ApiProperty() type: string;
  @ApiProperty() activities: number;
}

class ActivitiesPerTypeView {
  @ApiProperty({ type: [ActivitiesPerTypeRow] }) items: ActivitiesPerTypeRow[];
  @ApiProperty() total: number;
}

/** Activities scheduled per prestatie and type, kept up to date from the activities stream. */
@ApiTags('projections')
@ApiSecurity('bearer')
@Controller('v1/projections')
export class ActivityProjectionController {
  constructor(private readonly counts: ActivityTypeCountsRepository) {}

  @OnEvent(ActivityScheduledV1)
  activityScheduled(@Payload() event: PayloadOf<typeof ActivityScheduledV1>, @Ctx() context: EventContext) {
    return this.counts.increment(context.transaction, event.type, event.prestatieCode);
  }

  @Get('activities-per-type')
  @Roles('reporter', 'approver', 'admin')
  @ApiOkResponse({ type: ActivitiesPerTypeView })
  async activitiesPerType(@Query() query: ActivitiesPerTypeQuery): Promise<ActivitiesPerTypeView> {
    const items = await this.counts.list(query.prestatie);
    return { items, total: items.reduce((sum, row) => sum + row.activities, 0) };
  }
}
