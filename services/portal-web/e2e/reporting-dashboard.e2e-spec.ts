import type { Browser, Page } from 'playwright-core';
import { browserKit, PortalSystem, type PortalHttpClient } from '@deelwijs/testing';
import {
  call,
  holdInThePast,
  importSeedProgramme,
  inDays,
  planDemocracyGame,
  PROGRAMME,
  waitForHeldDemocracyGames,
} from './reporting-setup';

/** What the page functions below touch in the browser (this code is compiled for Node, without the DOM library). */
declare const document: { documentElement: { scrollWidth: number } };

const {
  browserSuite,
  builtWebApp,
  DESKTOP,
  launchChromium,
  personContext,
  signIn,
  Steps,
  tabTo,
  unreachableCells,
} = browserKit;

/** The narrowest phone the dashboard is made for. */
const SMALL_PHONE = { width: 375, height: 812 };

/** Figures as a Dutch reader sees them: counts with a thousands dot, amounts in euros. */
function dutch(measure: string, value: number): string {
  return measure === 'cost'
    ? new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(value / 100)
    : new Intl.NumberFormat('nl-NL').format(value);
}

const TARGET_WORDS: Record<string, string> = {
  'at-most': 'ten hoogste',
  'at-least': 'ten minste',
  exactly: 'precies',
  between: 'tussen',
};

/**
 * The reporting dashboard in Chromium against the real system: the seed programme imported by
 * the administrator, democracy games held under action 1 of 7.2.3 (planned, moved to their
 * past dates and marked held by the organiser, through the portal as the app does), and a
 * reporter who reads every indicator against its target, follows a figure with the keyboard
 * to the activities behind it and on to one of them. Each step is a screenshot under
 * dist/screenshots/ and an axe-core check (no serious or critical WCAG 2.1 AA violation).
 */
describe('the portal in a browser (reporting dashboard)', () => {
  let system: PortalSystem;
  let browser: Browser;
  let reporter: PortalHttpClient;
  const violations = browserSuite(() => ({ browser, system }));
  const marker = Date.now().toString(36);
  const games = [1, 2, 3].map((index) => `Democratiespel ${index} ${marker}`);

  beforeAll(async () => {
    builtWebApp();
    [system, browser] = await Promise.all([
      PortalSystem.start({ label: 'dashboard-browser' }),
      launchChromium(),
    ]);
    await importSeedProgramme(await system.signedIn('beheerder'));
    const organiser = await system.signedIn('organisator');
    for (const [index, title] of games.entries()) {
      const id = await planDemocracyGame(organiser, title, inDays(3, 9), inDays(3, 11));
      await holdInThePast(organiser, id, 60 + index * 7);
    }
    await planDemocracyGame(organiser, `Democratiespel gepland ${marker}`, inDays(2, 9), inDays(2, 11));
    reporter = await system.signedIn('rapporteur');
    await waitForHeldDemocracyGames(reporter, 3);
  }, 300_000);

  async function dashboardFigures(page: Page) {
    const report = await call(
      reporter,
      'GET',
      `/api/reporting/programmes/${PROGRAMME}/reports/2026/prestaties/7.2.3?format=json`,
    );
    const prestatie = report.prestaties[0];
    const section = page.getByRole('region', { name: /^7\.2\.3 / });
    for (const indicator of prestatie.indicators) {
      const row = section.locator(`tr[data-indicator="${indicator.key}"]`);
      const cells = await row.locator('td').allInnerTexts();
      expect([indicator.key, cells[0]]).toEqual([
        indicator.key,
        expect.stringContaining(TARGET_WORDS[indicator.target.kind]),
      ]);
      expect([indicator.key, cells[0]]).toEqual([
        indicator.key,
        expect.stringContaining(dutch(indicator.measure, indicator.target.value)),
      ]);
      expect([indicator.key, cells[1]]).toEqual([indicator.key, dutch(indicator.measure, indicator.actual)]);
      expect([indicator.key, cells[2]]).toEqual([
        indicator.key,
        indicator.pipeline === undefined ? '–' : dutch(indicator.measure, indicator.pipeline),
      ]);
    }
    const budget = section.getByRole('table', { name: 'Begroting' });
    expect(await budget.getByRole('row', { name: /^Besteed/ }).innerText()).toContain(
      dutch('cost', prestatie.budget.spentCents),
    );
    expect(await budget.getByRole('row', { name: /^Verplicht/ }).innerText()).toContain(
      dutch('cost', prestatie.budget.committedCents),
    );
    return prestatie;
  }

  it('a reporter opens the 7.2.3 dashboard, sees every indicator against its target as the report has it, and follows a figure by keyboard to the activities and one activity', async () => {
    const steps = new Steps('reporting-dashboard');
    const context = await personContext(browser, DESKTOP);
    const page = await context.newPage();
    await signIn(page, system.urls.portal, 'rapporteur', system.account('rapporteur').password);
    // Home sends reporting staff to their programmes.
    await page.getByRole('heading', { level: 1, name: 'Voortgang van de programma’s' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/reporting');
    violations.push(...(await steps.step(page, 'programmes')));

    await page.getByRole('link', { name: /Programma Kwaliteit Openbaar Bestuur/ }).click();
    await page.getByRole('heading', { level: 1, name: /^Voortgang Programma Kwaliteit/ }).waitFor();
    const section = page.getByRole('region', { name: /^7\.2\.3 / });
    // The charts are drawn (ECharts, in their own chunk) beside the tables.
    await section
      .getByRole('img', { name: /Staafdiagram/ })
      .locator('svg')
      .waitFor();
    // The burn-up is drawn (its spending fetched) as the reader scrolls to it.
    await section.getByRole('table', { name: 'Begroting' }).scrollIntoViewIfNeeded();
    await section
      .getByRole('img', { name: /Lijndiagram/ })
      .locator('svg')
      .waitFor();
    const prestatie = await dashboardFigures(page);
    expect(prestatie.indicators.length).toBeGreaterThanOrEqual(5);
    expect(await section.innerText()).toMatch(/Status:\s*\S*\s*(Op koers|Risico|Afwijking)/);
    // 9.1.6 has neither indicators nor a budget: nothing was judged, so nothing is said to be on course.
    const unjudged = await page.getByRole('region', { name: /^9\.1\.6 / }).innerText();
    expect(unjudged).toContain(
      'Deze prestatie heeft geen indicatoren en geen eigen begroting: er is niets om te beoordelen.',
    );
    expect(unjudged).toMatch(/Status:\s*\S*\s*Niet beoordeeld/);
    expect(unjudged).not.toMatch(/op koers/i);
    // The contents list names it so too.
    const contents = page.getByRole('navigation', { name: 'Prestaties op deze pagina' });
    expect(
      await contents
        .getByRole('listitem')
        .filter({ hasText: /^9\.1\.6 / })
        .innerText(),
    ).toMatch(/\(Niet beoordeeld\)$/);
    violations.push(...(await steps.step(page, 'dashboard')));

    // Keyboard only: Tab to the democracy games' figure, Enter.
    const figure = section.getByRole('link', { name: '3: wat telt er mee voor democratiespelen' });
    await tabTo(page, figure, { limit: 200 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Wat telt mee voor 7.2.3 democratiespelen' }).waitFor();
    expect(await page.getByTestId('report-figure').innerText()).toContain(': 3.');
    expect(await page.getByTestId('list-total').innerText()).toContain('3 (3 stuks)');
    const listed = page.getByRole('table', { name: /Activiteiten, adviezen en kennisitems/ });
    for (const title of games) {
      await listed.getByRole('link', { name: title }).waitFor();
    }
    expect(await listed.getByRole('row').count()).toBe(4);
    violations.push(...(await steps.step(page, 'drill-down')));

    const first = listed.getByRole('link', { name: games[2] });
    await tabTo(page, first, { limit: 60 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: games[2] }).waitFor();
    expect(await page.locator('main').innerText()).toContain('gehouden');
    // A reporter reads the facts, not the registrations (personal data).
    expect(await page.getByRole('heading', { name: /Aanmeldingen/ }).count()).toBe(0);
    violations.push(...(await steps.step(page, 'activity')));
    await context.close();
  }, 180_000);

  it('the dashboard reads on a 375-pixel phone without sideways scrolling of the page', async () => {
    const steps = new Steps('reporting-dashboard-phone');
    const context = await personContext(browser, SMALL_PHONE);
    const page = await context.newPage();
    await signIn(
      page,
      system.urls.portal,
      'rapporteur',
      system.account('rapporteur').password,
      `/reporting/programmes/${PROGRAMME}?period=2026`,
    );
    await page.getByRole('heading', { level: 1, name: /^Voortgang Programma Kwaliteit/ }).waitFor();
    const section = page.getByRole('region', { name: /^7\.2\.3 / });
    await section
      .getByRole('img', { name: /Staafdiagram/ })
      .locator('svg')
      .waitFor();
    await dashboardFigures(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      SMALL_PHONE.width,
    );
    // Every column of the figures' tables within reach: on the screen, or in a named scroll region the keyboard can focus.
    for (const name of ['Indicatoren', 'Acties: gepland en gehouden', 'Begroting']) {
      expect([name, await unreachableCells(section.getByRole('table', { name, exact: true }))]).toEqual([
        name,
        [],
      ]);
    }
    violations.push(...(await steps.step(page, 'dashboard')));
    await context.close();
  }, 120_000);
});
