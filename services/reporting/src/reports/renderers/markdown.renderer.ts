import { formatDate, formatCents, judgement, t, words, type Language, periodName } from '../i18n';
import type { PrestatieReport, ProgrammeReport } from '../report.model';
import { pageParts, workflowLine } from './prestatie-lines';

const escape = (text: string) => text.replace(/([|\\*_`[\]])/g, '\\$1');

/** One prestatie as its budget page reads, in Markdown. */
export function prestatieMarkdown(report: ProgrammeReport, prestatie: PrestatieReport, language: Language, level = 1): string {
  const w = words(language);
  const parts = pageParts(report, prestatie, language);
  const h = (extra: number) => '#'.repeat(level + extra);
  const lines = [`${h(0)} ${escape(parts.heading)}`, ''];
  if (parts.budgetLine) {
    lines.push(`**${escape(parts.budgetLine)}**`, '');
    if (parts.reserveLine) {
      lines.push(escape(parts.reserveLine), '');
    }
  }
  lines.push(`*${escape(parts.periodLine)}*`, '', escape(parts.aim), '');
  if (parts.context) {
    lines.push(`${h(1)} ${w.context}`, '', escape(parts.context), '');
  }
  if (parts.actions.length > 0) {
    lines.push(`${h(1)} ${w.actions}`, '', ...parts.actions.map((action) => `${action.number}. ${escape(action.text)}${action.realisation ? `\n   *${escape(action.realisation)}*` : ''}`), '');
  }
  if (parts.realisations.length > 0) {
    lines.push(`${h(1)} ${w.realisation}`, '', ...parts.realisations.map((line) => `- ${escape(line)}`), '');
    lines.push(
      `| ${w.indicator} | ${w.target} | ${w.actual} | ${w.status} |`,
      '| --- | --- | ---: | --- |',
      ...parts.indicatorRows.map((row) => `| ${escape(row.label)} | ${escape(row.target)} | ${escape(row.actual)} | ${row.status} |`),
      '',
    );
  }
  if (parts.finances) {
    lines.push(
      `${h(1)} ${w.finances}`,
      '',
      `| ${w.budget} | ${w.spent} | ${w.committed} | ${w.status} |`,
      '| ---: | ---: | ---: | --- |',
      `| ${parts.finances.budget} | ${parts.finances.spent} | ${parts.finances.committed} | ${escape(parts.finances.status)} |`,
      '',
    );
  }
  if (parts.policyMonitor) {
    lines.push(`${h(1)} ${w.policyMonitor}`, '', ...parts.policyMonitor.map((line) => `- ${escape(line)}`), '');
  }
  lines.push(escape(parts.explanation), '');
  if (parts.basic.length > 0) {
    lines.push(`${h(1)} ${w.basicInformation}`, '', ...parts.basic.map(([label, value]) => `- **${label}:** ${escape(value)}`), '');
  }
  return lines.join('\n');
}

/** The programme summary over all prestaties, followed by each prestatie's page. */
export function programmeMarkdown(report: ProgrammeReport, language: Language): string {
  const w = words(language);
  const lines = [
    `# ${escape(t(report.programme.title, language))}`,
    '',
    `*${periodName(report, language)}, ${w.asOf} ${formatDate(report.asOf, language)} · ${workflowLine(report, language)}*`,
    '',
    `## ${w.summary}`,
    '',
    `| ${w.prestatie} | ${w.status} | ${w.budget} | ${w.spent} |`,
    '| --- | --- | ---: | ---: |',
    ...report.prestaties.map(
      (prestatie) =>
        `| ${escape(`${prestatie.code} ${t(prestatie.title, language)}`)} | ${judgement(prestatie.status, language)} | ${
          prestatie.budget ? formatCents(prestatie.budget.amountCents, language) : '–'
        } | ${prestatie.budget ? formatCents(prestatie.budget.spentCents, language) : '–'} |`,
    ),
    '',
  ];
  for (const prestatie of report.prestaties) {
    lines.push(prestatieMarkdown(report, prestatie, language, 2));
  }
  return lines.join('\n');
}
