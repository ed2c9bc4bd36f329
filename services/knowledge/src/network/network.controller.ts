import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles, type Principal } from '@deelwijs/identity';
import { InvalidInputException } from '@deelwijs/platform';
import { ComputationRequestDto, ExportQueryDto, NETWORK_PERIOD, NETWORK_PERIOD_MESSAGE } from './dto/network.dto';
import { toCsv, toGraphMl } from './network-export';
import { NetworkService } from './network.service';

function checkPeriod(period: string): string {
  if (!NETWORK_PERIOD.test(period)) {
    throw new InvalidInputException([{ name: 'period', reason: NETWORK_PERIOD_MESSAGE }]);
  }
  return period;
}

@ApiTags('network')
@ApiSecurity('bearer')
@Controller('v1/network')
export class NetworkController {
  constructor(private readonly network: NetworkService) {}

  @Post('computations')
  @HttpCode(202)
  @Roles('editor', 'reporter', 'admin')
  @ApiOperation({ summary: 'Netwerk (her)berekenen voor een periode / (re)compute the network of a period (a job)' })
  @ApiAcceptedResponse({ description: 'The job is queued; GET /v1/network/periods/{period} shows the result when done.' })
  compute(@CurrentPrincipal() principal: Principal, @Body() body: ComputationRequestDto) {
    return this.network.requestComputation(principal, body.period);
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
