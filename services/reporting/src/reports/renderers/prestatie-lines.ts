import { actionRealisation, explanationText, formatDate, formatCents, judgement, realisation, reasonText, t, targetText, words, workflowWord, type Language, periodName } from '../i18n';
import type { IndicatorReport, PrestatieReport, ProgrammeReport } from '../report.model';

/**
 * The parts of a published prestatie page as plain text, in the order the province prints them.
 * Markdown, HTML and PDF lay these out each in their own way, so the words are written once.
 */
export function pageParts(report: ProgrammeReport, prestatie: PrestatieReport, language: Language) {
  const w = words(language);
  const info = prestatie.basicInformation;
  const basic: Array<[string, string]> = [];
  if (info.portfolioHolder) {
    basic.push([w.portfolioHolder, info.portfolioHolder]);
  }
  if (info.role) {
    basic.push([w.role, t(info.role, language)]);
  }
  if (info.duration) {
    basic.push([w.duration, t(info.duration, language)]);
  }
  if (info.reserveRelation) {
    basic.push([w.reserveRelation, [info.reserveRelation.related ? w.yes : w.no, t(info.reserveRelation.note, language)].filter(Boolean).join(' ')]);
  }
  if (info.decisionReference) {
    basic.push([w.decision, info.decisionReference]);
  }
  if (info.relatedPrestaties.length > 0) {
    basic.push([w.relatedPrestaties, info.relatedPrestaties.join(', ')]);
  }
  if (info.projectWebsite) {
    basic.push([w.projectWebsite, info.projectWebsite]);
  }
  return {
    heading: `${prestatie.code} ${t(prestatie.title, language)}`,
    budgetLine: prestatie.budget
      ? `${w.budgetLine}: ${formatCents(prestatie.budget.amountCents, language)}${prestatie.budget.reserve ? ` (${w.reserve.toLowerCase()} ${prestatie.budget.reserve})` : ''}`
      : undefined,
    periodLine: `${periodName(report, language)}, ${w.asOf} ${formatDate(report.asOf, language)} · ${w.status}: ${judgement(prestatie.status, language)} · ${w.workflow}: ${workflowWord(report.workflow.status, language)}`,
    aim: t(prestatie.aim, language),
    context: prestatie.context ? t(prestatie.context, language) : undefined,
    actions: prestatie.actions.map((action) => ({
      number: action.number,
      text: t(action.text, language),
      realisation: action.realisation ? actionRealisation(action.realisation, language) : undefined,
    })),
    realisations: prestatie.indicators.map((indicator) => realisationLine(indicator, language)),
    indicatorRows: prestatie.indicators.map((indicator) => ({
      label: t(indicator.label, language),
      target: targetText(indicator, language),
      actual: indicator.measure === 'cost' ? formatCents(indicator.actual, language) : String(indicator.actual),
      status: judgement(indicator.status, language),
    })),
    finances: prestatie.budget
      ? {
          budget: formatCents(prestatie.budget.amountCents, language),
          spent: formatCents(prestatie.budget.spentCents, language),
          committed: formatCents(prestatie.budget.committedCents, language),
          status: withReasons(judgement(prestatie.budget.status, language), prestatie.budget.reasons, language),
        }
      : undefined,
    explanation: `${w.explanationHeading}: ${explanationText(prestatie, language)}`,
    basic,
  };
}

/** "41 van maximaal 50 democratiespelen gehouden", with the judgement when it is not on track. */
export function realisationLine(indicator: IndicatorReport, language: Language): string {
  const line = realisation(indicator, language);
  return indicator.status === 'on-track' ? line : `${line} (${withReasons(judgement(indicator.status, language), indicator.reasons, language)})`;
}

function withReasons(status: string, reasons: IndicatorReport['reasons'], language: Language): string {
  return reasons.length > 0 ? `${status}: ${reasons.map((reason) => reasonText(reason, language)).join('; ')}` : status;
}

export function workflowLine(report: ProgrammeReport, language: Language): string {
  const w = words(language);
  const parts = [`${w.workflow}: ${workflowWord(report.workflow.status, language)}`];
  if (report.workflow.submittedAt) {
    parts.push(`${w.submittedBy} ${report.workflow.submittedBy} (${formatDate(report.workflow.submittedAt.slice(0, 10), language)})`);
  }
  if (report.workflow.approvedAt) {
    parts.push(`${w.approvedBy} ${report.workflow.approvedBy} (${formatDate(report.workflow.approvedAt.slice(0, 10), language)})`);
  }
  return parts.join(', ');
}
