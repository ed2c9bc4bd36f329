import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '@deelwijs/identity';
import { ContributionsService } from './contributions.service';
import { ActionContributionsView, ContributionsQuery, IndicatorContributionsView, IndicatorKeyParams } from './dto/contributions.dto';
import { ActionNumberParams } from './dto/action-number.params';

/** The drill-down: which activities, advices and items make up a figure of a report. */
@ApiTags('reports')
@ApiSecurity('bearer')
@Controller('v1/programmes/:code/prestaties/:prestatie')
export class ContributionsController {
  constructor(private readonly contributions: ContributionsService) {}

  @Get('indicators/:key/contributions')
  @Roles('reporter', 'approver', 'admin')
  @ApiOkResponse({ type: IndicatorContributionsView })
  indicator(@Param() params: IndicatorKeyParams, @Query() query: ContributionsQuery): Promise<IndicatorContributionsView> {
    return this.contributions.indicator(params.code, query.period, params.prestatie, params.key);
  }

  @Get('actions/:action/contributions')
  @Roles('reporter', 'approver', 'admin')
  @ApiOkResponse({ type: ActionContributionsView })
  action(@Param() params: ActionNumberParams, @Query() query: ContributionsQuery): Promise<ActionContributionsView> {
    return this.contributions.action(params.code, query.period, params.prestatie, params.action);
  }
}
