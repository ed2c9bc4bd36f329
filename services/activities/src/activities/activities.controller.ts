import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '@deelwijs/identity';
import { ActivitiesService } from './activities.service';
import { ActivityView, CreateActivityDto } from './dto/create-activity.dto';

@ApiTags('activities')
@ApiSecurity('bearer')
@Controller('v1/activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Post()
  @Roles('organiser', 'admin')
  @ApiCreatedResponse({ type: ActivityView })
  schedule(@Body() input: CreateActivityDto): Promise<ActivityView> {
    return this.activities.schedule(input);
  }

  @Get(':id')
  @Roles('organiser', 'admin', 'partner')
  @ApiOkResponse({ type: ActivityView })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ActivityView> {
    return this.activities.get(id);
  }
}
