import { Body, Controller, Get, Headers, HttpCode, NotAcceptableException, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles, type Principal } from '@deelwijs/identity';
import { InvalidInputException } from '@deelwijs/platform';
import { ComputationRequestDto, NETWORK_PERIOD, NETWORK_PERIOD_MESSAGE, SnapshotQueryDto } from './dto/network.dto';
import { toCsv, toGraphMl } from './network-export';
import { NetworkService } from './network.service';

function checkPeriod(period: string): string {
  if (!NETWORK_PERIOD.test(period)) {
    throw new InvalidInputException([{ name: 'period', reason: NETWORK_PERIOD_MESSAGE }]);
  }
  return period;
}

const GRAPHML = 'application/graphml+xml';
const CSV = 'text/csv';

/** What the Accept header asks for, of JSON, GraphML and CSV; JSON when it says nothing or anything. */
function representationOf(accept: string | undefined): 'application/json' | typeof GRAPHML | typeof CSV {
  const types = (accept ?? '').split(',').map((part) => part.split(';')[0].trim().toLowerCase()).filter(Boolean);
  for (const type of types) {
    if (type === GRAPHML || type === CSV) {
      return type;
    }
    if (type === 'application/json' || type === '*/*' || type === 'application/*') {
      return 'application/json';
    }
  }
  if (types.length > 0) {
    throw new NotAcceptableException(`A network period is answered as application/json, ${GRAPHML} or ${CSV}.`);
  }
  return 'application/json';
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

  /**
   * One resource, three representations (content negotiation instead of an /export path):
   * JSON (the default), GraphML for network tools, CSV of the nodes or edges (?table=).
   * The files come as downloads.
   */
  @Get('periods/:period')
  @Roles('editor', 'reporter', 'admin')
  @ApiProduces('application/json', GRAPHML, CSV)
  @ApiOperation({
    summary:
      'Knopen, verbindingen en maten; als JSON, GraphML of CSV (Accept) / nodes, edges and metrics of a period, as JSON, GraphML or CSV (Accept)',
  })
  async snapshot(
    @Param('period') period: string,
    @Query() query: SnapshotQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    checkPeriod(period);
    const wanted = representationOf(accept);
    if (wanted === 'application/json') {
      const body = await this.network.snapshotJson(period);
      void reply.header('content-type', 'application/json; charset=utf-8');
      return body;
    }
    const snapshot = await this.network.snapshot(period);
    const base = `netwerk-${period}`;
    const [type, name, content] =
      wanted === GRAPHML
        ? ['application/graphml+xml; charset=utf-8', `${base}.graphml`, toGraphMl(period, snapshot)]
        : ['text/csv; charset=utf-8', `${base}-${query.table}.csv`, toCsv(snapshot, query.table)];
    void reply.header('content-type', type).header('content-disposition', `attachment; filename="${name}"`).header('vary', 'Accept');
    return content;
  }
}
