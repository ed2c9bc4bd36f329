import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '@deelwijs/identity';
import { ActivitiesPerTypeQuery, ActivitiesPerTypeView } from './dto/activities-per-type.dto';
import { Projector } from './projector.service';

/** Activities known per prestatie and type (cancelled ones included): a quick look at the projection. */
@ApiTags('projections')
@ApiSecurity('bearer')
@Controller('v1/projections')
export class ActivityProjectionController {
  constructor(private readonly projector: Projector) {}

  @Get('activities-per-type')
  @Roles('reporter', 'approver', 'admin')
  @ApiOkResponse({ type: ActivitiesPerTypeView })
  activitiesPerType(@Query() query: ActivitiesPerTypeQuery): Promise<ActivitiesPerTypeView> {
    return this.projector.activitiesPerType(query.prestatie);
  }
}
