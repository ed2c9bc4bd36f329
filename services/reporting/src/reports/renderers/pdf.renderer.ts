import { formatDate, formatCents, judgement, t, words, type Language, periodName } from '../i18n';
import type { PrestatieReport, ProgrammeReport } from '../report.model';
import { pageParts, workflowLine } from './prestatie-lines';

const MARGINS = { top: 57, bottom: 62, left: 62, right: 51 };

/** The report as an A4 PDF: the summary first, then each prestatie on its own page. */
export async function reportPdf(report: ProgrammeReport, language: Language, prestatieCode?: string): Promise<Buffer> {
  // Loaded on the first PDF asked for, not at boot: pdfkit and its fonts are some 20 MB of
  // resident memory that a service rendering JSON and CSV all day never needs (issue 13).
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margins: MARGINS, info: { Title: t(report.programme.title, language), Creator: 'Deelwijs' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const prestaties = report.prestaties.filter((found) => !prestatieCode || found.code === prestatieCode);
  if (!prestatieCode) {
    summaryPage(doc, report, language);
  }
  prestaties.forEach((prestatie, index) => {
    if (!prestatieCode || index > 0) {
      doc.addPage();
    }
    prestatiePage(doc, report, prestatie, language);
  });
  doc.end();
  return done;
}

function summaryPage(doc: PDFKit.PDFDocument, report: ProgrammeReport, language: Language): void {
  const w = words(language);
  doc.font('Helvetica-Bold').fontSize(18).text(t(report.programme.title, language));
  doc.moveDown(0.3).font('Helvetica').fontSize(9).fillColor('#555555')
    .text(`${periodName(report, language)}, ${w.asOf} ${formatDate(report.asOf, language)} · ${workflowLine(report, language)}`);
  doc.fillColor('black').moveDown().font('Helvetica-Bold').fontSize(13).text(w.summary).moveDown(0.4);
  for (const prestatie of report.prestaties) {
    doc.font('Helvetica-Bold').fontSize(10.5).text(`${prestatie.code} ${t(prestatie.title, language)}`, { continued: true })
      .font('Helvetica').text(`  ${judgement(prestatie.status, language)}${prestatie.budget ? ` · ${w.budget} ${formatCents(prestatie.budget.amountCents, language)}, ${w.spent.toLowerCase()} ${formatCents(prestatie.budget.spentCents, language)}` : ''}`);
    doc.moveDown(0.2);
  }
}

function prestatiePage(doc: PDFKit.PDFDocument, report: ProgrammeReport, prestatie: PrestatieReport, language: Language): void {
  const w = words(language);
  const parts = pageParts(report, prestatie, language);
  const heading = (text: string) => doc.moveDown(0.6).font('Helvetica-Bold').fontSize(11.5).text(text).moveDown(0.2).font('Helvetica').fontSize(10);
  if (parts.budgetLine) {
    doc.font('Helvetica-Bold').fontSize(12).text(parts.budgetLine).moveDown(0.4);
    if (parts.reserveLine) {
      doc.font('Helvetica').fontSize(10).text(parts.reserveLine).moveDown(0.4);
    }
  }
  doc.font('Helvetica-Bold').fontSize(16).text(parts.heading);
  doc.font('Helvetica').fontSize(8.5).fillColor('#555555').text(parts.periodLine).fillColor('black').moveDown(0.5);
  doc.fontSize(10).text(parts.aim, { align: 'left' });
  if (parts.context) {
    heading(w.context).text(parts.context);
  }
  if (parts.actions.length > 0) {
    heading(w.actions);
    for (const action of parts.actions) {
      doc.text(`${action.number}. ${action.text}`, { indent: 0 });
      if (action.realisation) {
        doc.font('Helvetica-Oblique').text(action.realisation, { indent: 12 }).font('Helvetica');
      }
      doc.moveDown(0.2);
    }
  }
  if (parts.realisations.length > 0) {
    heading(w.realisation);
    doc.list(parts.realisations, { bulletRadius: 1.6 });
  }
  if (parts.finances) {
    heading(w.finances).text(
      `${w.budget} ${parts.finances.budget} · ${w.spent} ${parts.finances.spent} · ${w.committed} ${parts.finances.committed} · ${parts.finances.status}`,
    );
  }
  if (parts.policyMonitor) {
    heading(w.policyMonitor);
    doc.list(parts.policyMonitor, { bulletRadius: 1.6 });
  }
  const [label, ...rest] = parts.explanation.split(': ');
  doc.moveDown(0.6).font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(rest.join(': '));
  if (parts.basic.length > 0) {
    heading(w.basicInformation);
    for (const [term, value] of parts.basic) {
      doc.font('Helvetica-Bold').text(`${term}: `, { continued: true }).font('Helvetica').text(value).moveDown(0.15);
    }
  }
}
