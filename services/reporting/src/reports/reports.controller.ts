import { Controller, Get, Headers, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '@deelwijs/identity';
import type { Language } from './i18n';
import { CONTENT_TYPES, formatFromAccept, renderReport, REPORT_FORMATS } from './report-formats';
import { PeriodParams, PrestatieParams, ReportQuery } from './dto/report.dto';
import { ReportsService } from './reports.service';

const PRODUCES = REPORT_FORMATS.map((format) => CONTENT_TYPES[format].split(';')[0]);

/** Reports in the province's own form, in JSON, CSV, XLSX, Markdown, print-ready HTML or PDF. */
@ApiTags('reports')
@ApiSecurity('bearer')
@Controller('v1/programmes/:code/reports/:period')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @Roles('reporter', 'approver', 'admin')
  @ApiProduces(...PRODUCES)
  @ApiOkResponse({ description: 'The programme summary and every prestatie page.' })
  async programme(@Param() params: PeriodParams, @Query() query: ReportQuery, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply) {
    const report = await this.reports.report(params.code, params.period);
    const language = query.lang ?? 'nl';
    return send(reply, language, await renderReport(report, query.format ?? formatFromAccept(accept) ?? 'json', language));
  }

  @Get('prestaties/:prestatie')
  @Roles('reporter', 'approver', 'admin')
  @ApiProduces(...PRODUCES)
  @ApiOkResponse({ description: 'One prestatie, as its page in the budget reads.' })
  async prestatie(@Param() params: PrestatieParams, @Query() query: ReportQuery, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply) {
    const report = await this.reports.report(params.code, params.period);
    if (!report.prestaties.some((prestatie) => prestatie.code === params.prestatie)) {
      throw new NotFoundException(`Programme ${params.code} has no prestatie ${params.prestatie}.`);
    }
    const language = query.lang ?? 'nl';
    return send(reply, language, await renderReport(report, query.format ?? formatFromAccept(accept) ?? 'json', language, params.prestatie));
  }
}

function send(reply: FastifyReply, language: Language, rendered: Awaited<ReturnType<typeof renderReport>>) {
  const inline = /json|html|markdown/.test(rendered.contentType);
  return reply
    .header('content-type', rendered.contentType)
    .header('content-language', language)
    .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${rendered.filename}"`)
    .send(rendered.body);
}
