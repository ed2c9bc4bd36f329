import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ParseUuid } from '@deelwijs/platform';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@deelwijs/identity';
import { ActivitiesService } from './activities.service';
import {
  ActivityPage,
  ActivityView,
  CancelActivityDto,
  CloseActivityDto,
  CreateActivityDto,
  ListActivitiesQuery,
  RescheduleDto,
  ReviseActivityDto,
} from './dto/activity.dto';

@ApiTags('activities')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@Controller('v1/activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Post()
  @Roles('organiser', 'admin')
  @ApiCreatedResponse({ type: ActivityView })
  schedule(@Body() input: CreateActivityDto): Promise<ActivityView> {
    return this.activities.schedule(input);
  }

  @Get()
  @Roles('organiser', 'admin', 'partner')
  @ApiOkResponse({
    type: ActivityPage,
    description: 'Partners see the activities open to them and those they co-organise',
  })
  list(@Query() query: ListActivitiesQuery, @CurrentPrincipal() principal: Principal): Promise<ActivityPage> {
    return this.activities.list(query, principal);
  }

  @Get(':id')
  @Roles('organiser', 'admin', 'partner')
  @ApiOkResponse({ type: ActivityView })
  get(
    @Param('id', ParseUuid) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ActivityView> {
    return this.activities.get(id, principal);
  }

  @Patch(':id')
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: ActivityView })
  @ApiConflictResponse({ description: 'Held, closed or cancelled activities cannot change' })
  revise(
    @Param('id', ParseUuid) id: string,
    @Body() changes: ReviseActivityDto,
  ): Promise<ActivityView> {
    return this.activities.revise(id, changes);
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: ActivityView })
  @ApiConflictResponse({ description: 'Allowed until the activity is held' })
  reschedule(
    @Param('id', ParseUuid) id: string,
    @Body() input: RescheduleDto,
  ): Promise<ActivityView> {
    return this.activities.reschedule(id, input);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: ActivityView })
  @ApiConflictResponse({ description: 'Only a draft can be published' })
  publish(@Param('id', ParseUuid) id: string): Promise<ActivityView> {
    return this.activities.publish(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: ActivityView, description: 'Cancels its registrations too' })
  @ApiConflictResponse({ description: 'A held, closed or cancelled activity cannot be cancelled' })
  cancel(
    @Param('id', ParseUuid) id: string,
    @Body() input: CancelActivityDto,
  ): Promise<ActivityView> {
    return this.activities.cancel(id, input.reason);
  }

  @Post(':id/held')
  @HttpCode(200)
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: ActivityView, description: 'It took place; it now counts toward the prestatie' })
  @ApiConflictResponse({ description: 'Only a published activity that has started can be held' })
  markHeld(@Param('id', ParseUuid) id: string): Promise<ActivityView> {
    return this.activities.markHeld(id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: ActivityView, description: 'Final participants, cost and lessons learned' })
  @ApiConflictResponse({ description: 'Only a held activity can be closed' })
  close(
    @Param('id', ParseUuid) id: string,
    @Body() input: CloseActivityDto,
  ): Promise<ActivityView> {
    return this.activities.close(id, input);
  }
}
