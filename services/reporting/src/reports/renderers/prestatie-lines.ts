import { actionRealisation, policyMonitorLines, explanationText, formatDate, formatCents, judgement, realisation, reasonText, t, targetText, words, workflowWord, type Language, periodName } from '../i18n';
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
    // The pages word the label differently ("Verantwoordelijke" on 7.2.3, "Verantwoordelijk" on
    // 9.1.6); a programme may give its own, as it may for the reserve relation.
    basic.push([info.portfolioHolderLabel ? t(info.portfolioHolderLabel, language) : w.portfolioHolder, info.portfolioHolder]);
  }
  if (info.role) {
    basic.push([w.role, t(info.role, language)]);
  }
  if (info.duration) {
    basic.push([w.duration, t(info.duration, language)]);
  }
  // The page prints the decision and the related prestaties in the reserve relation's own
  // paragraph ("Ja. Het investeringsvoorstel ... (PS/2016/344). Deze prestatie heeft een relatie
  // met de andere prestaties uit het investeringsvoorstel: 7.1.1, ..."); separate lines only
  // where the programme gives no reserve relation, or its note does not name the decision.
  const note = info.reserveRelation ? t(info.reserveRelation.note, language) : '';
  if (info.reserveRelation) {
    const related = info.relatedPrestaties.length > 0 ? `${w.relatedInProposal}: ${info.relatedPrestaties.join(', ')}.` : '';
    const label = info.reserveRelation.label ? t(info.reserveRelation.label, language) : w.reserveRelation;
    // "Ja." when a sentence follows (7.2.3), a bare "Nee" when nothing does (9.1.6).
    const answer = info.reserveRelation.related ? w.yes : w.no;
    const rest = [note, related].filter(Boolean);
    basic.push([label, [rest.length > 0 ? `${answer}.` : answer, ...rest].join(' ')]);
  }
  if (info.decisionReference && !note.includes(info.decisionReference)) {
    basic.push([w.decision, info.decisionReference]);
  }
  if (!info.reserveRelation && info.relatedPrestaties.length > 0) {
    basic.push([w.relatedPrestaties, info.relatedPrestaties.join(', ')]);
  }
  if (info.projectWebsite) {
    basic.push([w.projectWebsite, info.projectWebsite]);
  }
  return {
    heading: `${prestatie.code} ${t(prestatie.title, language)}`,
    budgetLine: prestatie.budget ? `${w.budgetLine}: ${formatCents(prestatie.budget.amountCents, language)}` : undefined,
    // The budget block's second line, as the page prints it: "Reserve Uitvoering — Kwaliteit van Overijssel 310.000".
    reserveLine:
      prestatie.budget?.reserve !== undefined
        ? `${w.reserveLine} — ${prestatie.budget.reserve} ${formatCents(prestatie.budget.amountCents, language).replace(/^€ /, '')}`
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
    policyMonitor: prestatie.policyMonitor ? policyMonitorLines(prestatie.policyMonitor, language) : undefined,
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
