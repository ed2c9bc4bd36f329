import { explanationText, judgement, realisation, t, words, type Language } from '../i18n';
import type { ProgrammeReport } from '../report.model';

const COLUMNS = {
  nl: ['programma', 'periode', 'stand_per', 'prestatie', 'prestatie_titel', 'indicator', 'omschrijving', 'meting', 'doelsoort', 'doel', 'doel_max', 'realisatie', 'gepland', 'oordeel', 'realisatie_tekst', 'toelichting'],
  en: ['programme', 'period', 'as_of', 'prestatie', 'prestatie_title', 'indicator', 'label', 'measure', 'target_kind', 'target', 'target_max', 'actual', 'planned', 'assessment', 'realisation_text', 'explanation'],
} satisfies Record<Language, string[]>;

/**
 * One row per indicator, and one per prestatie budget (indicator "budget"): the figures for
 * spreadsheets. A prestatie with neither has one row with its judgement only.
 */
export function reportRows(report: ProgrammeReport, language: Language, prestatieCode?: string): Array<Array<string | number | null>> {
  const rows: Array<Array<string | number | null>> = [];
  for (const prestatie of report.prestaties.filter((found) => !prestatieCode || found.code === prestatieCode)) {
    const explanation = explanationText(prestatie, language);
    const head = [report.programme.code, report.period.id, report.asOf, prestatie.code, t(prestatie.title, language)];
    for (const indicator of prestatie.indicators) {
      rows.push([
        ...head,
        indicator.key,
        t(indicator.label, language),
        indicator.measure,
        indicator.target.kind,
        indicator.target.value,
        indicator.target.max ?? null,
        indicator.actual,
        indicator.pipeline ?? null,
        judgement(indicator.status, language),
        realisation(indicator, language),
        explanation,
      ]);
    }
    if (prestatie.indicators.length === 0 && !prestatie.budget) {
      // A prestatie whose page names no figures (9.1.6) still has its judgement and explanation.
      rows.push([...head, '', '', '', '', null, null, null, null, judgement(prestatie.status, language), '', explanation]);
    }
    if (prestatie.budget) {
      rows.push([
        ...head,
        'budget',
        words(language).budget,
        'budget',
        'at-most',
        prestatie.budget.amountCents,
        null,
        prestatie.budget.spentCents,
        prestatie.budget.committedCents,
        judgement(prestatie.budget.status, language),
        '',
        explanation,
      ]);
    }
  }
  return rows;
}

function euros(amountCents: number | undefined): number | null {
  return amountCents === undefined ? null : amountCents / 100;
}

function csvField(value: string | number | null): string {
  if (value === null) {
    return '';
  }
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with a header; numbers with a decimal point, so any tool reads them. */
export function reportCsv(report: ProgrammeReport, language: Language, prestatieCode?: string): string {
  return [COLUMNS[language], ...reportRows(report, language, prestatieCode)].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A workbook with a summary sheet (one row per prestatie) and the indicator rows. */
export async function reportXlsx(report: ProgrammeReport, language: Language, prestatieCode?: string): Promise<Buffer> {
  const w = words(language);
  // Loaded on the first workbook asked for, not at boot: exceljs with its zip and stream
  // dependencies is some 25 MB of resident memory (issue 13).
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Deelwijs';
  workbook.created = new Date(report.generatedAt);
  const summary = workbook.addWorksheet(w.summary);
  summary.columns = [
    { header: w.prestatie, key: 'code', width: 10 },
    { header: language === 'nl' ? 'Titel' : 'Title', key: 'title', width: 40 },
    { header: w.status, key: 'status', width: 14 },
    { header: w.budget, key: 'budget', width: 14, style: { numFmt: '€ #,##0' } },
    { header: w.spent, key: 'spent', width: 14, style: { numFmt: '€ #,##0' } },
    { header: w.committed, key: 'committed', width: 18, style: { numFmt: '€ #,##0' } },
    { header: w.explanationHeading, key: 'explanation', width: 60 },
  ];
  for (const prestatie of report.prestaties.filter((found) => !prestatieCode || found.code === prestatieCode)) {
    summary.addRow({
      code: prestatie.code,
      title: t(prestatie.title, language),
      status: judgement(prestatie.status, language),
      // The workbook is read by people: its money columns are euros (the CSV keeps cents, as the API does).
      budget: euros(prestatie.budget?.amountCents),
      spent: euros(prestatie.budget?.spentCents),
      committed: euros(prestatie.budget?.committedCents),
      explanation: explanationText(prestatie, language),
    });
  }
  summary.getRow(1).font = { bold: true };
  const indicators = workbook.addWorksheet(w.indicators);
  indicators.addRow(COLUMNS[language]).font = { bold: true };
  for (const row of reportRows(report, language, prestatieCode)) {
    indicators.addRow(row);
  }
  indicators.columns.forEach((column) => (column.width = 16));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
