import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
  PartialType,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@deelwijs/identity';
import { ActivitiesService } from './activities.service';
import {
  ActivityFactsDto,
  ActivityPage,
  ActivityView,
  CancelActivityDto,
  CreateActivityDto,
  ListActivitiesQuery,
  RescheduleDto,
} from './dto/activity.dto';

class ReviseActivityDto extends PartialType(ActivityFactsDto) {}

class LessonsLearnedDto {
  @ApiProperty({ example: 'Het rollenspel werkte goed.' }) @IsString() @MaxLength(10_000) whatWorked: string;
  @ApiProperty({ example: 'Meer tijd voor vragen.' }) @IsString() @MaxLength(10_000) whatToChange: string;
  @ApiProperty({ example: 'Vervolgles in het voorjaar.' }) @IsString() @MaxLength(10_000) followUp: string;
  @ApiPropertyOptional({ enum: ['nl', 'en'], default: 'nl' }) @IsOptional() @IsIn(['nl', 'en']) language?:
    'nl' | 'en';
}

class CloseActivityDto {
  @ApiPropertyOptional({
    example: 27,
    description: 'Headcount at close; leave out to count the checked-in registrations',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  participants?: number;

  @ApiProperty({ example: 118_000, description: 'Actual cost in euro cents' })
  @IsInt()
  @Min(0)
  actualCostCents: number;

  @ApiPropertyOptional({ type: LessonsLearnedDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LessonsLearnedDto)
  lessons?: LessonsLearnedDto;
}

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
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ActivityView> {
    return this.activities.get(id, principal);
  }

  @Patch(':id')
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: ActivityView })
  @ApiConflictResponse({ description: 'Held, closed or cancelled activities cannot change' })
  revise(
    @Param('id', new ParseUUIDPipe()) id: string,
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
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() input: RescheduleDto,
  ): Promise<ActivityView> {
    return this.activities.reschedule(id, input);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: ActivityView })
  @ApiConflictResponse({ description: 'Only a draft can be published' })
  publish(@Param('id', new ParseUUIDPipe()) id: string): Promise<ActivityView> {
    return this.activities.publish(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: ActivityView, description: 'Cancels its registrations too' })
  @ApiConflictResponse({ description: 'A held, closed or cancelled activity cannot be cancelled' })
  cancel(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() input: CancelActivityDto,
  ): Promise<ActivityView> {
    return this.activities.cancel(id, input.reason);
  }

  @Post(':id/held')
  @HttpCode(200)
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: ActivityView, description: 'It took place; it now counts toward the prestatie' })
  @ApiConflictResponse({ description: 'Only a published activity that has started can be held' })
  markHeld(@Param('id', new ParseUUIDPipe()) id: string): Promise<ActivityView> {
    return this.activities.markHeld(id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: ActivityView, description: 'Final participants, cost and lessons learned' })
  @ApiConflictResponse({ description: 'Only a held activity can be closed' })
  close(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() input: CloseActivityDto,
  ): Promise<ActivityView> {
    return this.activities.close(id, {
      participants: input.participants,
      actualCostCents: input.actualCostCents,
      lessons: input.lessons ? { ...input.lessons, language: input.lessons.language ?? 'nl' } : undefined,
    });
  }
}
