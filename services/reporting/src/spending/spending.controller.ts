import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '@deelwijs/identity';
import { ContributionsQuery } from '../contributions/dto/contributions.dto';
import { ProgrammeParams } from '../reports/dto/report.dto';
import { ProgrammeSpendingView, SpendingParams, SpendingView } from './dto/spending.dto';
import { SpendingService } from './spending.service';

/** The budget over time: what a prestatie spent and committed, month by month (a burn-up). */
@ApiTags('reports')
@ApiSecurity('bearer')
@Controller('v1/programmes/:code')
export class SpendingController {
  constructor(private readonly spending: SpendingService) {}

  @Get('prestaties/:prestatie/spending')
  @Roles('reporter', 'approver', 'admin')
  @ApiOkResponse({ type: SpendingView })
  get(@Param() params: SpendingParams, @Query() query: ContributionsQuery): Promise<SpendingView> {
    return this.spending.spending(params.code, query.period, params.prestatie);
  }

  /** Every prestatie's burn-up at once: the dashboard's one request instead of one per prestatie. */
  @Get('spending')
  @Roles('reporter', 'approver', 'admin')
  @ApiOkResponse({ type: ProgrammeSpendingView })
  programme(@Param() params: ProgrammeParams, @Query() query: ContributionsQuery): Promise<ProgrammeSpendingView> {
    return this.spending.programmeSpending(params.code, query.period);
  }
}
