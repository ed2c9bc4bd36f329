import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiAcceptedResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles, type Principal } from '@deelwijs/identity';
import { InvalidInputException } from '@deelwijs/platform';
import { AuditLog } from '../audit/audit-log';
import { DataSource } from 'typeorm';
import { EXPORT_FORMATS, toCsv, toGraphMl, type ExportFormat } from './network-export';
import { NetworkJobs } from './network.jobs';
import { NetworkService } from './network.service';

const PERIOD_MESSAGE = 'period must be a year (2026) or a quarter (2026-Q1)';
const NETWORK_PERIOD = /^[0-9]{4}(-Q[1-4])?$/;

class ComputationRequestDto {
  @ApiProperty({ example: '2026-Q1', description: 'Jaar of kwartaal / year or quarter' })
  @Matches(NETWORK_PERIOD, { message: PERIOD_MESSAGE })
  period: string;
}

class ExportQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;

  @ApiPropertyOptional({ enum: ['nodes', 'edges'], default: 'nodes', description: 'CSV only' })
  @IsOptional()
  @IsIn(['nodes', 'edges'])
  table: 'nodes' | 'edges' = 'nodes';
}

function checkPeriod(period: string): string {
  if (!NETWORK_PERIOD.test(period)) {
    throw new InvalidInputException([{ name: 'period', reason: PERIOD_MESSAGE }]);
  }
  return period;
}

@ApiTags('network')
@ApiSecurity('bearer')
@Controller('v1/network')
export class NetworkController {
  constructor(
    private readonly network: NetworkService,
    private readonly jobs: NetworkJobs,
    private readonly audit: AuditLog,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Post('computations')
  @HttpCode(202)
  @Roles('editor', 'reporter', 'admin')
  @ApiOperation({ summary: 'Netwerk (her)berekenen voor een periode / (re)compute the network of a period (a job)' })
  @ApiAcceptedResponse({ description: 'The job is queued; GET /v1/network/periods/{period} shows the result when done.' })
  async compute(@CurrentPrincipal() principal: Principal, @Body() body: ComputationRequestDto) {
    const jobId = await this.jobs.request(body.period);
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, { principal, action: 'network.computation-requested', entityType: 'network', entityId: body.period }),
    );
    return { period: body.period, jobId, status: 'queued' };
  }

  @Get('periods')
  @Roles('editor', 'reporter', 'admin')
  periods() {
    return this.network.periods();
  }

  @Get('periods/:period')
  @Roles('editor', 'reporter', 'admin')
  @ApiOperation({ summary: 'Knopen, verbindingen en maten / nodes, edges and metrics of a period' })
  snapshot(@Param('period') period: string) {
    return this.network.snapshot(checkPeriod(period));
  }

  @Get('periods/:period/export')
  @Roles('editor', 'reporter', 'admin')
  @ApiOperation({ summary: 'Export als JSON, GraphML of CSV / export as JSON, GraphML or CSV' })
  async export(@Param('period') period: string, @Query() query: ExportQueryDto, @Res() reply: FastifyReply) {
    const snapshot = await this.network.snapshot(checkPeriod(period));
    const base = `netwerk-${period}`;
    const [type, name, content] =
      query.format === 'graphml'
        ? ['application/graphml+xml; charset=utf-8', `${base}.graphml`, toGraphMl(period, snapshot)]
        : query.format === 'csv'
          ? ['text/csv; charset=utf-8', `${base}-${query.table}.csv`, toCsv(snapshot, query.table)]
          : ['application/json; charset=utf-8', `${base}.json`, JSON.stringify(snapshot)];
    await reply
      .header('content-type', type)
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('x-content-type-options', 'nosniff')
      .send(content);
  }
}
