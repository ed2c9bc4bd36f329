import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Roles } from '@deelwijs/identity';
import { Jobs } from '@deelwijs/platform';
import { PERIOD, ProgrammeParams } from '../reports/dto/report.dto';
import { ReportsService } from '../reports/reports.service';
import { QUEUES } from './queues';
import { SnapshotJobs } from './snapshot.jobs';
import { SnapshotRepository } from './snapshot.repository';

class RecomputeBody {
  @ApiProperty({ example: '2026-Q3' })
  @Matches(PERIOD, { message: 'period must look like 2026, 2026-Q3 or 2026-07' })
  period: string;
}

class SnapshotQuery {
  @ApiPropertyOptional({ example: '2026-Q3' })
  @IsOptional()
  @Matches(PERIOD, { message: 'period must look like 2026, 2026-Q3 or 2026-07' })
  period?: string;
}

class RecomputeView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized', 'waiting-children', 'unknown'] }) state: string;
  @ApiProperty({ description: 'Per cent of the prestaties done.' }) progress: number;
  @ApiPropertyOptional() result?: unknown;
  @ApiPropertyOptional() failedReason?: string;
  @ApiProperty() attempts: number;
}

/** Aggregation snapshots and on-demand recomputation with visible progress. */
@ApiTags('snapshots')
@ApiSecurity('bearer')
@Controller()
export class SnapshotsController {
  constructor(
    private readonly snapshotJobs: SnapshotJobs,
    private readonly snapshots: SnapshotRepository,
    private readonly reports: ReportsService,
    private readonly jobs: Jobs,
  ) {}

  @Post('v1/programmes/:code/recomputations')
  @HttpCode(202)
  @Roles('reporter', 'admin')
  @ApiAcceptedResponse({ type: RecomputeView })
  async recompute(@Param() params: ProgrammeParams, @Body() body: RecomputeBody): Promise<RecomputeView> {
    this.reports.period(await this.reports.programme(params.code), body.period);
    const id = await this.snapshotJobs.requestRecompute(params.code, body.period);
    return this.status(id);
  }

  @Get('v1/recomputations/:id')
  @Roles('reporter', 'approver', 'admin')
  @ApiOkResponse({ type: RecomputeView })
  async status(@Param('id') id: string): Promise<RecomputeView> {
    const job = await this.jobs.queue(QUEUES.recompute).getJob(id);
    if (!job) {
      throw new NotFoundException(`Recomputation ${id} does not exist (or has been cleaned up).`);
    }
    return {
      id,
      state: await job.getState(),
      progress: typeof job.progress === 'number' ? job.progress : 0,
      result: job.returnvalue ?? undefined,
      failedReason: job.failedReason || undefined,
      attempts: job.attemptsMade,
    };
  }

  @Get('v1/programmes/:code/snapshots')
  @Roles('reporter', 'approver', 'admin')
  @ApiOkResponse({ description: 'Snapshots, newest first: per period and day, each prestatie and indicator.' })
  async list(@Param() params: ProgrammeParams, @Query() query: SnapshotQuery) {
    await this.reports.programme(params.code);
    return { items: await this.snapshots.list(params.code, query.period) };
  }
}
