import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '@deelwijs/identity';
import { ContributionsQuery } from '../contributions/dto/contributions.dto';
import { SpendingParams, SpendingView } from './dto/spending.dto';
import { SpendingService } from './spending.service';

/** The budget over time: what a prestatie spent and committed, month by month (a burn-up). */
@ApiTags('reports')
@ApiSecurity('bearer')
@Controller('v1/programmes/:code/prestaties/:prestatie')
export class SpendingController {
  constructor(private readonly spending: SpendingService) {}

  @Get('spending')
  @Roles('reporter', 'approver', 'admin')
  @ApiOkResponse({ type: SpendingView })
  get(@Param() params: SpendingParams, @Query() query: ContributionsQuery): Promise<SpendingView> {
    return this.spending.spending(params.code, query.period, params.prestatie);
  }
}
