import type { Language } from './i18n';
import type { ProgrammeReport } from './report.model';
import { prestatieHtml, programmeHtml } from './renderers/html.renderer';
import { prestatieMarkdown, programmeMarkdown } from './renderers/markdown.renderer';
import { reportPdf } from './renderers/pdf.renderer';
import { reportCsv, reportXlsx } from './renderers/table.renderers';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'md', 'html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

/** The format an Accept header asks for, when no ?format= is given. */
export function formatFromAccept(accept: string | undefined): ReportFormat | undefined {
  if (!accept) {
    return undefined;
  }
  const wanted = accept.split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  return REPORT_FORMATS.find((format) => wanted.includes(CONTENT_TYPES[format].split(';')[0]));
}

/** Renders a programme report, or one prestatie of it, in a format and language. */
export async function renderReport(
  report: ProgrammeReport,
  format: ReportFormat,
  language: Language,
  prestatieCode?: string,
): Promise<{ contentType: string; body: string | Buffer; filename: string }> {
  const prestatie = prestatieCode ? report.prestaties.find((found) => found.code === prestatieCode) : undefined;
  const base = `${report.programme.code}-${report.period.id}${prestatieCode ? `-${prestatieCode}` : ''}-${language}`;
  const file = (body: string | Buffer) => ({ contentType: CONTENT_TYPES[format], body, filename: `${base}.${format}` });
  switch (format) {
    case 'json':
      return file(JSON.stringify(prestatie ? { ...report, prestaties: [prestatie] } : report));
    case 'csv':
      return file(reportCsv(report, language, prestatieCode));
    case 'xlsx':
      return file(await reportXlsx(report, language, prestatieCode));
    case 'md':
      return file(prestatie ? prestatieMarkdown(report, prestatie, language) : programmeMarkdown(report, language));
    case 'html':
      return file(prestatie ? prestatieHtml(report, prestatie, language) : programmeHtml(report, language));
    case 'pdf':
      return file(await reportPdf(report, language, prestatieCode));
  }
}
