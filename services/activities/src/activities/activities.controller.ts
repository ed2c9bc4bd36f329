import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ParseUuid } from '@deelwijs/platform';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtension,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@deelwijs/identity';
import { ActivitiesService } from './activities.service';
import { ActivityOutcomesService } from './activity-outcomes.service';
import {
  ActivityAudit,
  ActivityOutcomesDto,
  ActivityOutcomesResult,
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
@ApiSecurity('apiKey')
@Controller('v1/activities')
export class ActivitiesController {
  constructor(
    private readonly activities: ActivitiesService,
    private readonly outcomes: ActivityOutcomesService,
  ) {}

  @Post()
  @Roles('organiser', 'admin')
  @ApiCreatedResponse({ type: ActivityView })
  schedule(@Body() input: CreateActivityDto): Promise<ActivityView> {
    return this.activities.schedule(input);
  }

  @Post('outcomes')
  @HttpCode(200)
  @Roles('organiser', 'admin')
  @ApiBody({ type: ActivityOutcomesDto })
  // For clients and the hostile-input test: a bad item is answered in its place, not refused with the request.
  @ApiExtension('x-answered-per-item', ['items'])
  @ApiOkResponse({
    type: ActivityOutcomesResult,
    description:
      'One result per item, in the order of the request; each item is recorded or refused on its own (problem details naming items[i].field)',
  })
  recordOutcomes(@Body() body: unknown): Promise<ActivityOutcomesResult> {
    return this.outcomes.record(body);
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

  /** Reporting staff and approvers open the activities behind a report's figures (the drill-down). */
  @Get(':id')
  @Roles('organiser', 'admin', 'partner', 'reporter', 'approver')
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

  @Post(':id/reschedulings')
  @HttpCode(200)
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: ActivityView })
  @ApiConflictResponse({ description: 'Allowed until the activity is held' })
  @ApiUnprocessableEntityResponse({ description: 'A move into the past without a reason' })
  reschedule(
    @Param('id', ParseUuid) id: string,
    @Body() input: RescheduleDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ActivityView> {
    return this.activities.reschedule(id, input, principal);
  }

  @Get(':id/audit')
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: ActivityAudit, description: 'Who rewrote the activity’s history, when and why' })
  audit(@Param('id', ParseUuid) id: string): Promise<ActivityAudit> {
    return this.activities.audit(id);
  }

  @Post(':id/publication')
  @HttpCode(200)
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: ActivityView })
  @ApiConflictResponse({ description: 'Only a draft can be published' })
  publish(@Param('id', ParseUuid) id: string): Promise<ActivityView> {
    return this.activities.publish(id);
  }

  @Post(':id/cancellation')
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

  @Post(':id/held-confirmation')
  @HttpCode(200)
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: ActivityView, description: 'It took place; it now counts toward the prestatie' })
  @ApiConflictResponse({ description: 'Only a published activity that has started can be held' })
  markHeld(@Param('id', ParseUuid) id: string): Promise<ActivityView> {
    return this.activities.markHeld(id);
  }

  @Post(':id/closure')
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
