import { formatDate, formatCents, judgement, t, words, type Language, periodName } from '../i18n';
import type { PrestatieReport, ProgrammeReport } from '../report.model';
import { pageParts, workflowLine } from './prestatie-lines';

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A4, margins for binding, each prestatie on its own page, tables that do not split a row. */
const PRINT_CSS = `
@page { size: A4; margin: 20mm 18mm 22mm 22mm; }
body { font-family: "Segoe UI", Arial, sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1a1a1a; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 18pt; margin: 0 0 4mm; } h2 { font-size: 15pt; margin: 0 0 3mm; } h3 { font-size: 11.5pt; margin: 5mm 0 2mm; }
.budget { font-weight: 600; font-size: 12pt; } .meta { color: #555; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; } th, td { border-bottom: 0.3mm solid #bbb; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; } tr { break-inside: avoid; }
.status-on-track { color: #17603a; } .status-at-risk { color: #8a5a00; } .status-deviation { color: #a4001d; font-weight: 600; } .status-not-judged { color: #555; font-style: italic; }
.explanation { border-left: 1mm solid #0a5a8c; padding-left: 3mm; }
section.prestatie { break-before: page; } section.prestatie:first-of-type { break-before: auto; }
dl { display: grid; grid-template-columns: 60mm auto; gap: 1mm 4mm; } dt { font-weight: 600; } dd { margin: 0; }
@media screen { body { margin: 2em auto; } }`;

function prestatieSection(report: ProgrammeReport, prestatie: PrestatieReport, language: Language, heading: 'h1' | 'h2'): string {
  const w = words(language);
  const parts = pageParts(report, prestatie, language);
  const html: string[] = [`<section class="prestatie" id="prestatie-${escape(prestatie.code)}">`, `<${heading}>${escape(parts.heading)}</${heading}>`];
  if (parts.budgetLine) {
    html.push(`<p class="budget">${escape(parts.budgetLine)}</p>`);
    if (parts.reserveLine) {
      html.push(`<p class="budget">${escape(parts.reserveLine)}</p>`);
    }
  }
  html.push(`<p class="meta">${escape(parts.periodLine)}</p>`, `<p>${escape(parts.aim)}</p>`);
  if (parts.context) {
    html.push(`<h3>${w.context}</h3>`, `<p>${escape(parts.context)}</p>`);
  }
  if (parts.actions.length > 0) {
    html.push(`<h3>${w.actions}</h3>`, '<ol>', ...parts.actions.map((action) => `<li value="${action.number}">${escape(action.text)}${action.realisation ? `<p class="realisation">${escape(action.realisation)}</p>` : ''}</li>`), '</ol>');
  }
  if (parts.realisations.length > 0) {
    html.push(
      `<h3>${w.realisation}</h3>`,
      '<ul>',
      ...parts.realisations.map((line, index) => `<li class="status-${prestatie.indicators[index].status}">${escape(line)}</li>`),
      '</ul>',
      `<table><thead><tr><th>${w.indicator}</th><th>${w.target}</th><th class="num">${w.actual}</th><th>${w.status}</th></tr></thead><tbody>`,
      ...parts.indicatorRows.map(
        (row, index) =>
          `<tr><td>${escape(row.label)}</td><td>${escape(row.target)}</td><td class="num">${escape(row.actual)}</td><td class="status-${prestatie.indicators[index].status}">${row.status}</td></tr>`,
      ),
      '</tbody></table>',
    );
  }
  if (parts.finances && prestatie.budget) {
    html.push(
      `<h3>${w.finances}</h3>`,
      `<table><thead><tr><th class="num">${w.budget}</th><th class="num">${w.spent}</th><th class="num">${w.committed}</th><th>${w.status}</th></tr></thead>`,
      `<tbody><tr><td class="num">${parts.finances.budget}</td><td class="num">${parts.finances.spent}</td><td class="num">${parts.finances.committed}</td><td class="status-${prestatie.budget.status}">${escape(parts.finances.status)}</td></tr></tbody></table>`,
    );
  }
  if (parts.policyMonitor) {
    html.push(`<h3>${w.policyMonitor}</h3>`, '<ul class="policy-monitor">', ...parts.policyMonitor.map((line) => `<li>${escape(line)}</li>`), '</ul>');
  }
  const [label, ...rest] = parts.explanation.split(': ');
  html.push(`<p class="explanation"><strong>${escape(label)}:</strong> ${escape(rest.join(': '))}</p>`);
  if (parts.basic.length > 0) {
    html.push(`<h3>${w.basicInformation}</h3>`, '<dl>', ...parts.basic.map(([term, value]) => `<dt>${escape(term)}</dt><dd>${escape(value)}</dd>`), '</dl>');
  }
  html.push('</section>');
  return html.join('\n');
}

function page(language: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<title>${escape(title)}</title>
<style>${PRINT_CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export function prestatieHtml(report: ProgrammeReport, prestatie: PrestatieReport, language: Language): string {
  return page(language, `${prestatie.code} ${t(prestatie.title, language)}`, prestatieSection(report, prestatie, language, 'h1'));
}

export function programmeHtml(report: ProgrammeReport, language: Language): string {
  const w = words(language);
  const title = t(report.programme.title, language);
  const summary = [
    `<header><h1>${escape(title)}</h1>`,
    `<p class="meta">${escape(periodName(report, language))}, ${w.asOf} ${formatDate(report.asOf, language)} · ${escape(workflowLine(report, language))}</p></header>`,
    `<h2>${w.summary}</h2>`,
    `<table><thead><tr><th>${w.prestatie}</th><th>${w.status}</th><th class="num">${w.budget}</th><th class="num">${w.spent}</th></tr></thead><tbody>`,
    ...report.prestaties.map(
      (prestatie) =>
        `<tr><td><a href="#prestatie-${escape(prestatie.code)}">${escape(`${prestatie.code} ${t(prestatie.title, language)}`)}</a></td><td class="status-${prestatie.status}">${judgement(prestatie.status, language)}</td><td class="num">${
          prestatie.budget ? formatCents(prestatie.budget.amountCents, language) : '–'
        }</td><td class="num">${prestatie.budget ? formatCents(prestatie.budget.spentCents, language) : '–'}</td></tr>`,
    ),
    '</tbody></table>',
  ];
  const sections = report.prestaties.map((prestatie) => prestatieSection(report, prestatie, language, 'h2'));
  // The summary stands on the first page; the first prestatie starts on the next.
  return page(language, title, [...summary, '<div style="break-after: page"></div>', ...sections].join('\n'));
}
