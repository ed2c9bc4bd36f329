import { Body, Controller, Get, Headers, HttpCode, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '@deelwijs/identity';
import type { Language } from './i18n';
import { CONTENT_TYPES, formatFromAccept, renderReport, REPORT_FORMATS } from './report-formats';
import { JUDGEMENTS_DESCRIPTION, PeriodParams, PrestatieParams, PreviewBody, ReportQuery } from './dto/report.dto';
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
  @ApiOkResponse({ description: `The programme summary and every prestatie page. ${JUDGEMENTS_DESCRIPTION}` })
  async programme(@Param() params: PeriodParams, @Query() query: ReportQuery, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply) {
    const report = await this.reports.report(params.code, params.period);
    const language = query.lang ?? 'nl';
    return send(reply, language, await renderReport(report, query.format ?? formatFromAccept(accept) ?? 'json', language));
  }

  @Get('prestaties/:prestatie')
  @Roles('reporter', 'approver', 'admin')
  @ApiProduces(...PRODUCES)
  @ApiOkResponse({ description: `One prestatie, as its page in the budget reads. ${JUDGEMENTS_DESCRIPTION}` })
  async prestatie(@Param() params: PrestatieParams, @Query() query: ReportQuery, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply) {
    const report = await this.reports.report(params.code, params.period);
    if (!report.prestaties.some((prestatie) => prestatie.code === params.prestatie)) {
      throw new NotFoundException(`Programme ${params.code} has no prestatie ${params.prestatie}.`);
    }
    const language = query.lang ?? 'nl';
    return send(reply, language, await renderReport(report, query.format ?? formatFromAccept(accept) ?? 'json', language, params.prestatie));
  }

  /**
   * The prestatie's page with the texts being written (not stored): the editor's live preview,
   * rendered by the same renderers as the downloads, so the preview is the page as it will print.
   */
  @Post('prestaties/:prestatie/previews')
  @HttpCode(200)
  @Roles('reporter')
  @ApiProduces(...PRODUCES)
  @ApiOkResponse({ description: 'The prestatie page with the draft texts, in the format asked for (HTML by default); nothing is stored.' })
  @ApiConflictResponse({ description: 'The period is submitted or approved: its page is the frozen one.' })
  async preview(@Param() params: PrestatieParams, @Query() query: ReportQuery, @Body() body: PreviewBody, @Res() reply: FastifyReply) {
    const report = await this.reports.preview(params.code, params.period, params.prestatie, {
      explanation: body.explanation,
      realisations: new Map((body.realisations ?? []).map((draft) => [draft.action, { nl: draft.nl, en: draft.en }])),
    });
    const language = query.lang ?? 'nl';
    return send(reply, language, await renderReport(report, query.format ?? 'html', language, params.prestatie));
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
