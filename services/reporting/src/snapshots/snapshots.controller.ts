import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '@deelwijs/identity';
import { JUDGEMENTS_DESCRIPTION, ProgrammeParams } from '../reports/dto/report.dto';
import { RecomputeBody, RecomputeView, SnapshotQuery } from './dto/snapshot.dto';
import { SnapshotsService } from './snapshots.service';

/** Aggregation snapshots and on-demand recomputation with visible progress. */
@ApiTags('snapshots')
@ApiSecurity('bearer')
@Controller()
export class SnapshotsController {
  constructor(private readonly snapshots: SnapshotsService) {}

  @Post('v1/programmes/:code/recomputations')
  @HttpCode(202)
  @Roles('reporter', 'admin')
  @ApiAcceptedResponse({ type: RecomputeView })
  recompute(@Param() params: ProgrammeParams, @Body() body: RecomputeBody): Promise<RecomputeView> {
    return this.snapshots.requestRecompute(params.code, body.period);
  }

  @Get('v1/recomputations/:id')
  @Roles('reporter', 'approver', 'admin')
  @ApiOkResponse({ type: RecomputeView })
  status(@Param('id') id: string): Promise<RecomputeView> {
    return this.snapshots.recomputation(id);
  }

  @Get('v1/programmes/:code/snapshots')
  @Roles('reporter', 'approver', 'admin')
  @ApiOkResponse({ description: `Snapshots, newest first: per period and day, each prestatie and indicator, judged as in the report. ${JUDGEMENTS_DESCRIPTION}` })
  async list(@Param() params: ProgrammeParams, @Query() query: SnapshotQuery) {
    return { items: await this.snapshots.list(params.code, query.period) };
  }
}
