import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { parsePeriod } from '@deelwijs/contracts';
import type { IndicatorActualsRepository } from '../../indicators/indicator-actuals.repository';
import { seedProgramme } from '../../programmes/seed-programme';
import type { PolicyMonitorRepository } from '../../policy-monitor/policy-monitor.repository';
import { ReportBuilder } from '../report.builder';
import { renderReport } from '../report-formats';

const programme = seedProgramme();

/** Fixed actuals: the renderers and the judgement are under test here, the SQL in the integration tests. */
const ACTUALS: Record<string, number> = {
  'democracy-games': 41,
  'games-other-locations': 12,
  'guest-lessons': 44,
  'youth-council-advices': 2,
  costs: 150_000_00,
};
const actuals = {
  compute: async (definition: typeof programme) => ({
    indicators: definition.prestaties.flatMap((prestatie) =>
      prestatie.indicators.map((indicator) => ({
        prestatieCode: prestatie.code,
        key: indicator.key,
        actual: ACTUALS[indicator.key],
        pipeline: 0,
        from: new Date('2025-12-31T23:00:00Z'),
        to: new Date('2026-12-31T23:00:00Z'),
        periodEnd: new Date('2026-12-31T23:00:00Z'),
      })),
    ),
    budgets: [{ prestatieCode: '7.2.3', spentCents: 150_000_00, committedCents: 20_000_00, actions: [] }],
    actions: [
      { prestatieCode: '7.2.3', actionNumber: 1, activities: [{ type: 'democracy-game', held: 41, participants: 1025, groups: 0 }, { type: 'guest-lesson', held: 3, participants: 76, groups: 3 }], advices: 0, knowledgeItems: 0 },
      { prestatieCode: '7.2.3', actionNumber: 4, activities: [], advices: 2, knowledgeItems: 0 },
    ],
  }),
} as unknown as IndicatorActualsRepository;

/**
 * The words a PDF shows, line by line: its content streams inflated, each text line's hex
 * strings (pdfkit writes the standard fonts' text as WinAnsi hex, split where it kerns) joined.
 */
function pdfText(pdf: Buffer): string[] {
  const lines: string[] = [];
  for (const [, body] of pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(body, 'latin1')).toString('latin1');
    } catch {
      continue; // Not a content stream (a font, an image).
    }
    for (const [array] of content.matchAll(/\[[^\]]*\] TJ/g)) {
      lines.push([...array.matchAll(/<([0-9a-f]*)>/g)].map(([, hex]) => Buffer.from(hex, 'hex').toString('latin1')).join(''));
    }
  }
  return lines;
}

/** No policy monitor figures computed yet, unless a test says otherwise. */
const noMonitorFigures = { network: async () => undefined, prestatieEvaluation: async () => undefined } as unknown as PolicyMonitorRepository;
const builder = new ReportBuilder(actuals, { paceTolerance: 0.15, minElapsed: 0.2, budgetTolerance: 0.1, budgetWarningRatio: 0.95 }, noMonitorFigures);

async function seedReport(explained = false) {
  return builder.build(programme, parsePeriod('2026')!, {
    now: new Date('2027-01-15T10:00:00Z'),
    explanations: explained ? new Map([['7.2.3', { nl: 'Scholen vroegen meer gastlessen aan dan gepland.', en: 'Schools asked for more guest lessons than planned.' }]]) : undefined,
  });
}

describe('reports in the province\'s form', () => {
  it('judges money once: the cost indicator and Financiën say the same, in cents until the words', async () => {
    // Spent 250,000 and committed 50,000 of 310,000: nearly all of it, with a quarter of the year to go.
    const nearlyUsed = {
      compute: async (definition: typeof programme) => ({
        indicators: definition.prestaties.flatMap((prestatie) =>
          prestatie.indicators.map((indicator) => ({
            prestatieCode: prestatie.code,
            key: indicator.key,
            actual: indicator.key === 'costs' ? 250_000_00 : 0,
            pipeline: indicator.key === 'costs' ? 50_000_00 : 0,
            from: new Date('2025-12-31T23:00:00Z'),
            to: new Date('2026-09-30T22:00:00Z'),
            periodEnd: new Date('2026-12-31T23:00:00Z'),
          })),
        ),
        budgets: [{ prestatieCode: '7.2.3', spentCents: 250_000_00, committedCents: 50_000_00, actions: [] }],
        actions: [],
      }),
    } as unknown as IndicatorActualsRepository;
    const report = await new ReportBuilder(nearlyUsed, { paceTolerance: 0.15, minElapsed: 0.2, budgetTolerance: 0.1, budgetWarningRatio: 0.95 }, noMonitorFigures).build(
      programme,
      parsePeriod('2026')!,
      { now: new Date('2026-10-01T10:00:00Z') },
    );
    const prestatie = report.prestaties.find((found) => found.code === '7.2.3')!;
    const costs = prestatie.indicators.find((indicator) => indicator.key === 'costs')!;

    expect(prestatie.budget).toMatchObject({ status: 'at-risk', reasons: ['budget-nearly-used'] });
    expect({ status: costs.status, reasons: costs.reasons }).toEqual({ status: prestatie.budget!.status, reasons: prestatie.budget!.reasons });
    const markdown = (await renderReport(report, 'md', 'nl', '7.2.3')).body as string;
    expect(markdown).toContain('- € 250.000 van maximaal € 310.000 besteed (risico: begroting bijna volledig besteed of verplicht)');
    expect(markdown).toContain('risico: begroting bijna volledig besteed of verplicht |');
  });

  it('judges 44 of at most 40 guest lessons a deviation that needs an explanation', async () => {
    const report = await seedReport();
    const prestatie = report.prestaties.find((found) => found.code === '7.2.3')!;

    expect(prestatie.indicators.find((indicator) => indicator.key === 'guest-lessons')).toMatchObject({ status: 'deviation', reasons: ['cap-exceeded'] });
    expect(prestatie).toMatchObject({ status: 'deviation', explanationRequired: true });
    expect(prestatie.budget).toMatchObject({ amountCents: 310_000_00, spentCents: 150_000_00, committedCents: 20_000_00, status: 'on-track' });
    expect(report.prestaties[1]).toMatchObject({ code: '9.1.6', status: 'not-judged', explanationRequired: false });
    expect(report.asOf).toBe('2026-12-31');
  });

  it('does not judge a prestatie without indicators and budget; the programme is the worst of those judged', async () => {
    const report = await seedReport();
    // 7.2.3 deviates, 9.1.6 has nothing to judge: the programme deviates.
    expect(report.status).toBe('deviation');

    // Budget only, no indicators: the budget judges it (on track, as in the seed report).
    const budgetOnly = { ...programme, prestaties: programme.prestaties.map((prestatie) => (prestatie.code === '7.2.3' ? { ...prestatie, indicators: [] } : prestatie)) };
    const byBudget = await builder.build(budgetOnly, parsePeriod('2026')!, { now: new Date('2027-01-15T10:00:00Z') });
    expect(byBudget.prestaties.map((prestatie) => [prestatie.code, prestatie.status])).toEqual([
      ['7.2.3', 'on-track'],
      ['9.1.6', 'not-judged'],
    ]);
    expect(byBudget.status).toBe('on-track');

    // Indicators only, no budget: the indicators judge it (44 of at most 40 guest lessons).
    const indicatorsOnly = { ...programme, prestaties: programme.prestaties.map((prestatie) => (prestatie.code === '7.2.3' ? { ...prestatie, budget: undefined } : prestatie)) };
    const byIndicators = await builder.build(indicatorsOnly, parsePeriod('2026')!, { now: new Date('2027-01-15T10:00:00Z') });
    expect(byIndicators.prestaties[0]).toMatchObject({ code: '7.2.3', budget: undefined, status: 'deviation', explanationRequired: true });

    // Nothing judged anywhere: neither is the programme.
    const nothing = { ...programme, prestaties: programme.prestaties.filter((prestatie) => prestatie.code === '9.1.6') };
    const unjudged = await builder.build(nothing, parsePeriod('2026')!, { now: new Date('2027-01-15T10:00:00Z') });
    expect(unjudged).toMatchObject({ status: 'not-judged', prestaties: [{ code: '9.1.6', status: 'not-judged', explanationRequired: false }] });
    expect(builder.merge([unjudged, byBudget]).status).toBe('on-track');
  });

  it('names a prestatie not judged as such in every format, never "on track"', async () => {
    const report = await seedReport();
    const page = (format: 'md' | 'html', language: 'nl' | 'en') => renderReport(report, format, language, '9.1.6').then((rendered) => rendered.body as string);

    const nl = await page('md', 'nl');
    expect(nl).toContain('· Oordeel: niet beoordeeld ·');
    expect(nl).toContain('Toelichting op voortgang: Niet beoordeeld: deze prestatie heeft geen indicatoren en geen eigen begroting.');
    expect(nl).not.toMatch(/op koers|Geen afwijking/);
    const en = await page('md', 'en');
    expect(en).toContain('· Assessment: not judged ·');
    expect(en).toContain('Progress explanation: Not judged: this prestatie has no indicators and no budget of its own.');

    const summary = (await renderReport(report, 'md', 'nl')).body as string;
    expect(summary).toContain('| 9.1.6 Delen en leren | niet beoordeeld |');
    const html = (await renderReport(report, 'html', 'en')).body as string;
    expect(html).toContain('<td class="status-not-judged">not judged</td>');
    expect(html).toContain('.status-not-judged {');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderReport(report, 'xlsx', 'nl')).body as never);
    expect(workbook.getWorksheet('Samenvatting')!.getRow(3).values).toEqual(expect.arrayContaining(['9.1.6', 'niet beoordeeld']));

    // The PDF: its summary line, the page's judgement and its explanation line.
    const pdf = pdfText((await renderReport(report, 'pdf', 'nl')).body as Buffer);
    expect(pdf.slice(pdf.indexOf('9.1.6 Delen en leren'), pdf.indexOf('9.1.6 Delen en leren') + 2)).toEqual(['9.1.6 Delen en leren', '  niet beoordeeld']);
    expect(pdf).toContain('Periode 2026, stand per 31 december 2026 · Oordeel: niet beoordeeld · Status rapportage: concept');
    expect(pdf).toContain('Niet beoordeeld: deze prestatie heeft geen indicatoren en geen eigen begroting.');
  });

  it('renders a report frozen before actions had a realisation, without one', async () => {
    const report = await seedReport();
    for (const prestatie of report.prestaties) {
      prestatie.actions = prestatie.actions.map(({ realisation: _omitted, ...action }) => action);
    }
    for (const format of ['md', 'html', 'pdf'] as const) {
      expect((await renderReport(report, format, 'nl', '7.2.3')).body.length).toBeGreaterThan(0);
    }
    const markdown = (await renderReport(report, 'md', 'nl', '7.2.3')).body as string;
    expect(markdown).toContain("1. Wij ontwikkelen in samenwerking met ProDemos en gemeenten 'Overijssel doet mee!' verder.");
    expect(markdown).not.toContain('*Realisatie:');
  });

  it('Markdown: realisation in words and numbers, and the progress explanation', async () => {
    const markdown = (await renderReport(await seedReport(), 'md', 'nl', '7.2.3')).body as string;
    // Every action shows what was done under it; guest lessons reach classes and pupils.
    expect(markdown).toContain('*Realisatie: 41 democratiespelen (1.025 deelnemers), 3 gastlessen (3 klassen, 76 leerlingen).*');
    expect(markdown).toContain('*Realisatie: 2 adviezen.*');
    expect(markdown).toContain('*Realisatie: nog niets gerealiseerd.*');

    expect(markdown).toContain('# 7.2.3 Kennisontwikkeling en -deling');
    // The budget block and "Basisinformatie" in the seed page's own lines.
    expect(markdown).toContain('**Prestatie lasten: € 310.000**\n\nReserve Uitvoering — Kwaliteit van Overijssel 310.000\n');
    expect(markdown).toContain('- 41 van maximaal 50 democratiespelen gehouden\n');
    expect(markdown).toContain('- 44 van maximaal 40 gastlessen op scholen gehouden (afwijking: maximum overschreden)');
    expect(markdown).toContain('- 2 van minimaal 2 adviezen van de Jongerenraad uitgebracht');
    expect(markdown).toContain('- € 150.000 van maximaal € 310.000 besteed');
    expect(markdown).toContain('Toelichting op voortgang: Afwijking; de toelichting ontbreekt nog.');
    expect(markdown).toContain(
      '- **Relatie met reserve Ecologische Hoofdstructuur/Kwaliteit van Overijssel:** Ja. Het investeringsvoorstel Kwaliteit ' +
        'Openbaar Bestuur is in 2016 door Provinciale Staten aangenomen (PS/2016/344). Deze prestatie heeft een relatie met ' +
        'de andere prestaties uit het investeringsvoorstel: 7.1.1, 7.1.2, 7.1.3, 7.1.6, 7.3.1, 7.3.2, 7.3.4.\n',
    );
    expect(markdown).toContain('- **Verantwoordelijke portefeuillehouder:** Ank Bijleveld - Schouten.\n');
    expect(markdown).not.toContain('**Besluit:**');

    const ninePointOneSix = (await renderReport(await seedReport(), 'md', 'nl', '9.1.6')).body as string;
    expect(ninePointOneSix).toContain('Toelichting op voortgang: Niet beoordeeld: deze prestatie heeft geen indicatoren en geen eigen begroting.');
    expect(ninePointOneSix).toContain('- **Relatie met uitvoeringsreserve Natuurnetwerk Nederland/Kwaliteit van Overijssel?:** Nee\n');
    expect(ninePointOneSix).toContain('- **Verantwoordelijk portefeuillehouder:** Bert Boerman\n');
    expect(ninePointOneSix).toContain('- **Project website:** Website sociale kwaliteit\n');
  });

  it('English on request, with the explanation in English', async () => {
    const markdown = (await renderReport(await seedReport(true), 'md', 'en', '7.2.3')).body as string;

    expect(markdown).toContain('# 7.2.3 Knowledge development and sharing');
    expect(markdown).toContain('- 41 of at most 50 democracy games held\n');
    expect(markdown).toContain('Progress explanation: Schools asked for more guest lessons than planned.');
    expect(markdown).toContain('**Prestatie costs: € 310,000**\n\nImplementation reserve — Kwaliteit van Overijssel 310,000\n');
    expect(markdown).toContain('This prestatie relates to the other prestaties of the investment proposal: 7.1.1,');
  });

  it('print-ready HTML: A4 page rules, one section per prestatie, escaped text', async () => {
    const html = (await renderReport(await seedReport(), 'html', 'nl')).body as string;

    expect(html).toMatch(/^<!doctype html>\n<html lang="nl">/);
    expect(html).toContain('@page { size: A4;');
    expect(html.match(/<section class="prestatie"/g)).toHaveLength(2);
    expect(html).toContain('<li class="status-on-track">41 van maximaal 50 democratiespelen gehouden</li>');
    expect(html).toContain('<strong>Toelichting op voortgang:</strong> Niet beoordeeld: deze prestatie heeft geen indicatoren en geen eigen begroting.');
    expect(html).toContain('Jij&amp;Overijssel');
  });

  it('CSV: a header, one row per indicator and budget, and a judgement row for a prestatie without figures', async () => {
    const csv = (await renderReport(await seedReport(), 'csv', 'nl')).body as string;
    const lines = csv.trim().split('\r\n');

    expect(lines[0]).toBe('programma,periode,stand_per,prestatie,prestatie_titel,indicator,omschrijving,meting,doelsoort,doel,doel_max,realisatie,gepland,oordeel,realisatie_tekst,toelichting');
    expect(lines).toHaveLength(1 + 5 + 1 + 1);
    // 9.1.6's page names no figures: its row carries the judgement and the explanation only.
    expect(lines[7]).toBe('overijssel-2026,2026,2026-12-31,9.1.6,Delen en leren,,,,,,,,,niet beoordeeld,,Niet beoordeeld: deze prestatie heeft geen indicatoren en geen eigen begroting.');
    expect(lines[1]).toBe(
      'overijssel-2026,2026,2026-12-31,7.2.3,Kennisontwikkeling en -deling,democracy-games,democratiespelen,activities-held,at-most,50,,41,0,op koers,41 van maximaal 50 democratiespelen gehouden,Afwijking; de toelichting ontbreekt nog.',
    );
  });

  it('XLSX: a summary sheet and the indicator rows, numbers as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderReport(await seedReport(), 'xlsx', 'nl')).body as never);

    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Samenvatting', 'Indicatoren']);
    expect(workbook.getWorksheet('Samenvatting')!.getRow(2).values).toEqual(
      expect.arrayContaining(['7.2.3', 'Kennisontwikkeling en -deling', 'afwijking', 310_000, 150_000]),
    );
    expect(workbook.getWorksheet('Indicatoren')!.getRow(2).getCell(12).value).toBe(41);
  });

  describe("the policy monitor's figures on 9.1.6's page", () => {
    const partner = '7d3c6a51-4b8e-4a0f-9a52-2f7d1b0c9e11';
    const computed = {
      network: async (period: string) =>
        period === '2026'
          ? { period, computedAt: '2026-11-02T03:00:00.000Z', partners: 42, projects: 17, links: 80, newLinks: 12, communities: 4, mostConnected: [{ organisationId: partner, degree: 9 }] }
          : undefined,
      prestatieEvaluation: async (prestatieCode: string, period: string) =>
        prestatieCode === '9.1.6' && period === '2026'
          ? { scope: 'prestatie', subject: prestatieCode, period, computedAt: '2026-11-03T03:00:00.000Z', responses: 23, averages: { 'q-learned': 4.25, 'q-apply': 3.5 } }
          : undefined,
    } as unknown as PolicyMonitorRepository;
    const withFigures = () =>
      new ReportBuilder(actuals, { paceTolerance: 0.15, minElapsed: 0.2, budgetTolerance: 0.1, budgetWarningRatio: 0.95 }, computed).build(programme, parsePeriod('2026')!, {
        now: new Date('2027-01-15T10:00:00Z'),
      });

    it('prints the network, its most connected partners (by id) and the learning effects, in Dutch and English', async () => {
      const report = await withFigures();
      expect(report.prestaties.find((found) => found.code === '7.2.3')!.policyMonitor).toBeUndefined();

      const nl = (await renderReport(report, 'md', 'nl', '9.1.6')).body as string;
      expect(nl).toContain('## Beleidsmonitor\n\n');
      expect(nl).toContain('- Netwerk 2026: 42 partners, 17 projecten, 12 nieuwe verbindingen van 80 verbindingen, 4 gemeenschappen (berekend 2 november 2026).\n');
      expect(nl).toContain(`- Meest verbonden partners: ${partner} (9 verbindingen).\n`);
      expect(nl).toContain('- Leereffecten (evaluaties) 2026: 23 reacties; gemiddelden: q-apply 3,5, q-learned 4,25 (berekend 3 november 2026).\n');

      const en = (await renderReport(report, 'md', 'en', '9.1.6')).body as string;
      expect(en).toContain('## Policy monitor\n\n');
      expect(en).toContain('- Network 2026: 42 partners, 17 projects, 12 new links of 80 links, 4 communities (computed 2 November 2026).\n');
      expect(en).toContain('- Learning effects (evaluations) 2026: 23 responses; averages: q-apply 3.5, q-learned 4.25 (computed 3 November 2026).\n');

      const html = (await renderReport(report, 'html', 'nl', '9.1.6')).body as string;
      expect(html).toContain('<h3>Beleidsmonitor</h3>\n<ul class="policy-monitor">\n<li>Netwerk 2026: 42 partners,');
      expect(html).toContain(`<li>Meest verbonden partners: ${partner} (9 verbindingen).</li>`);
      const pdf = (await renderReport(report, 'pdf', 'en', '9.1.6')).body as Buffer;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    });

    it('says plainly that nothing has been computed yet', async () => {
      const nl = (await renderReport(await seedReport(), 'md', 'nl', '9.1.6')).body as string;
      expect(nl).toContain('- Netwerkcijfers 2026: nog niet berekend.\n- Leereffecten (evaluaties) 2026: nog niet berekend.\n');
      const en = (await renderReport(await seedReport(), 'html', 'en', '9.1.6')).body as string;
      expect(en).toContain('<li>Network figures 2026: not yet computed.</li>\n<li>Learning effects (evaluations) 2026: not yet computed.</li>');
      const sevenPointTwoThree = (await renderReport(await seedReport(), 'md', 'nl', '7.2.3')).body as string;
      expect(sevenPointTwoThree).not.toContain('Beleidsmonitor');
    });
  });

  it('PDF: an A4 document with a page per prestatie after the summary', async () => {
    const pdf = (await renderReport(await seedReport(), 'pdf', 'nl')).body as Buffer;

    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length).toBeGreaterThanOrEqual(3);
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
  });
});
