import type { Browser, Page } from 'playwright-core';
import { browserKit, PortalSystem } from '@deelwijs/testing';
import {
  call,
  holdInThePast,
  importSeedProgramme,
  inDays,
  planDemocracyGame,
  PROGRAMME,
  waitForHeldDemocracyGames,
} from './reporting-setup';

const { browserSuite, builtWebApp, launchChromium, personContext, signIn, Steps, tabTo, unreachableCells } =
  browserKit;

/** The narrowest phone people use at the door: every column of every table must be within reach. */
const NARROW_PHONE = { width: 360, height: 780 };

/** Every table in the page's main part with the cells of its rows nobody can get to, by caption or position. */
async function unreachable(page: Page): Promise<Record<string, string[]>> {
  const tables = page.locator('main table');
  const found: Record<string, string[]> = {};
  for (let index = 0; index < (await tables.count()); index += 1) {
    const table = tables.nth(index);
    const caption =
      (await table.locator('caption').count()) > 0 ? await table.locator('caption').innerText() : '';
    const cells = await unreachableCells(table);
    if (cells.length > 0) {
      found[`table ${index + 1} ${caption}`.trim()] = cells;
    }
  }
  return found;
}

/** The roles under the named table in Chromium's accessibility tree, and the name of the first row's target cell. */
async function accessibleTable(page: Page, name: string): Promise<Record<string, number | string>> {
  const session = await page.context().newCDPSession(page);
  try {
    type AxNode = { nodeId: string; role?: { value: string }; name?: { value: string }; childIds?: string[] };
    const { nodes } = (await session.send('Accessibility.getFullAXTree')) as unknown as { nodes: AxNode[] };
    const byId = new Map(nodes.map((node) => [node.nodeId, node]));
    const table = nodes.find((node) => node.role?.value === 'table' && node.name?.value === name);
    if (!table) {
      return { table: 'missing' };
    }
    const found: Record<string, number | string> = {};
    const cells: AxNode[] = [];
    const walk = (node: AxNode) => {
      const role = node.role?.value ?? '';
      if (['columnheader', 'rowheader', 'cell'].includes(role)) {
        found[role] = ((found[role] as number | undefined) ?? 0) + 1;
        if (role === 'cell') {
          cells.push(node);
        }
      }
      for (const child of node.childIds ?? []) {
        const next = byId.get(child);
        if (next) {
          walk(next);
        }
      }
    };
    walk(table);
    found.target = cells[0]?.name?.value ?? '';
    return found;
  } finally {
    await session.detach();
  }
}

/**
 * The portal's tables on a 360-pixel phone, against the real system: the reporting dashboard
 * and its drill-down, the organiser's activity list and registrations, the partner's lists and
 * the administration's. Each page is a screenshot under dist/screenshots/ and an axe-core
 * check; every cell of every table row must be on the screen or in a sideways-scrolling region
 * that the keyboard can reach and that says what it holds.
 */
describe('the portal in a browser (tables on a phone)', () => {
  let system: PortalSystem;
  let browser: Browser;
  const violations = browserSuite(() => ({ browser, system }));
  const marker = Date.now().toString(36);
  let plannedId = '';

  beforeAll(async () => {
    builtWebApp();
    [system, browser] = await Promise.all([PortalSystem.start({ label: 'phone-tables' }), launchChromium()]);
    await importSeedProgramme(await system.signedIn('beheerder'));
    const organiser = await system.signedIn('organisator');
    // Capacity for the people and the class below; open to the partner who registers them.
    const open = { capacityUnit: 'people', capacity: 60, openToAllPartners: true };
    const held = await planDemocracyGame(
      organiser,
      `Democratiespel gehouden ${marker}`,
      inDays(3, 9),
      inDays(3, 11),
      open,
    );
    await holdInThePast(organiser, held, 60);
    plannedId = await planDemocracyGame(
      organiser,
      `Democratiespel met een lange titel voor de telefoon ${marker}`,
      inDays(2, 9),
      inDays(2, 11),
      open,
    );
    const partner = await system.signedIn('partner');
    await call(partner, 'POST', `/api/activities/activities/${plannedId}/registrations`, {
      kind: 'group',
      headcount: 27,
      contactName: 'Johanna van der Berg-Vermeulen',
      contactEmail: 'j.vandenberg@school.example',
      schoolName: 'Thomas a Kempis College',
      className: 'havo 4b',
      externalReference: `PD-2026-${marker}`,
    });
    await call(partner, 'POST', `/api/activities/activities/${plannedId}/registrations`, {
      kind: 'individual',
      contactName: 'Pieter de Vries',
      contactEmail: 'p.devries@example.org',
    });
    await waitForHeldDemocracyGames(await system.signedIn('rapporteur'), 1);
  }, 300_000);

  async function signedInPage(account: string, at: string): Promise<Page> {
    const context = await personContext(browser, NARROW_PHONE);
    const page = await context.newPage();
    await signIn(page, system.urls.portal, account, system.account(account).password, at);
    return page;
  }

  it('a reporter reaches every column of the dashboard and drill-down tables', async () => {
    const steps = new Steps('phone-tables-reporting');
    const page = await signedInPage('rapporteur', `/reporting/programmes/${PROGRAMME}?period=2026`);
    await page.getByRole('heading', { level: 1, name: /^Voortgang Programma Kwaliteit/ }).waitFor();
    const section = page.getByRole('region', { name: /^7\.2\.3 / });
    await section.locator('tr[data-indicator="democracy-games"]').waitFor();
    const indicators = section.getByRole('table', { name: 'Indicatoren' });
    // Five columns: the indicator, its target, the figure, the pipeline and the status.
    expect(await indicators.locator('tbody tr').first().locator('th, td').count()).toBe(5);
    const dashboard = await unreachable(page);
    // Chromium's own accessibility tree (what a screen reader is given): the cards are still a
    // table of rows, column headers, row headers and cells, and a cell is named by its value
    // alone (the label drawn before it is not read a second time).
    expect(await accessibleTable(page, 'Indicatoren')).toEqual({
      columnheader: 5,
      rowheader: await indicators.locator('tbody tr').count(),
      cell: 4 * (await indicators.locator('tbody tr').count()),
      target: 'ten hoogste 50',
    });
    violations.push(...(await steps.step(page, 'dashboard')));

    await section.getByRole('link', { name: /^1: wat telt er mee voor democratiespelen/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Wat telt mee voor 7.2.3 democratiespelen' }).waitFor();
    await page
      .getByRole('table', { name: /Activiteiten, adviezen en kennisitems/ })
      .getByRole('link')
      .first()
      .waitFor();
    const drillDown = await unreachable(page);
    violations.push(...(await steps.step(page, 'drill-down')));

    await page.goto(`${system.urls.portal}/reporting/programmes/${PROGRAMME}/reports/2026`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    const report = await unreachable(page);
    violations.push(...(await steps.step(page, 'report')));

    await page.goto(`${system.urls.portal}/reporting/subscriptions`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const subscriptions = await unreachable(page);
    violations.push(...(await steps.step(page, 'subscriptions')));

    await page.goto(`${system.urls.portal}/knowledge`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    violations.push(...(await steps.step(page, 'knowledge-search')));

    // In English the cards' labels follow the table's headers.
    await page.goto(`${system.urls.portal}/reporting/programmes/${PROGRAMME}?period=2026`);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    const english = page
      .getByRole('region', { name: /^7\.2\.3 / })
      .getByRole('table', { name: 'Indicators' });
    await english.waitFor();
    expect(
      await english
        .locator('tr[data-indicator="democracy-games"] td')
        .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-label'))),
    ).toEqual(['Target', 'Realised', 'Planned', 'Status']);
    violations.push(...(await steps.step(page, 'dashboard-english')));

    expect({ dashboard, drillDown, report, subscriptions }).toEqual({
      dashboard: {},
      drillDown: {},
      report: {},
      subscriptions: {},
    });
    await page.context().close();
  }, 180_000);

  it('an organiser reaches every column of the activity list and the registrations', async () => {
    const steps = new Steps('phone-tables-organiser');
    const page = await signedInPage('organisator', '/organisers/activities');
    await page.getByRole('heading', { level: 1, name: 'Activiteiten' }).waitFor();
    await page.locator('main table tbody tr').first().waitFor();
    const activities = await unreachable(page);
    violations.push(...(await steps.step(page, 'activities')));

    await page.goto(`${system.urls.portal}/organisers/activities/${plannedId}`);
    await page.getByText('Thomas a Kempis College, havo 4b').waitFor();
    const registrations = await unreachable(page);
    violations.push(...(await steps.step(page, 'registrations')));

    await page.goto(`${system.urls.portal}/organisers/activities/${plannedId}/check-in`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByText('Johanna van der Berg-Vermeulen').first().waitFor();
    const checkIn = await unreachable(page);
    violations.push(...(await steps.step(page, 'check-in')));

    expect({ activities, registrations, checkIn }).toEqual({
      activities: {},
      registrations: {},
      checkIn: {},
    });
    await page.context().close();
  }, 180_000);

  it('a partner scrolls the wide preview of an uploaded sheet sideways by keyboard, told so by a hint', async () => {
    const steps = new Steps('phone-tables-upload');
    const page = await signedInPage('partner', '/partners/uploads');
    await page.getByRole('heading', { level: 1, name: 'Aanmeldingen uploaden' }).waitFor();
    const sheet = [
      'Naam;E-mail;School;Klas;Aantal;Kenmerk',
      'Sanne Visser;s.visser@school.example;Carmel College;havo 3a;25;PD-1',
      'Tom Smit;t.smit@school.example;Carmel College;vwo 4;24;PD-4',
    ].join('\r\n');
    await page
      .getByLabel('Spreadsheet')
      .setInputFiles({ name: 'klassen.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet, 'utf8') });
    await page.getByRole('heading', { name: 'De eerste 2 van 2 rijen' }).waitFor();
    // The file's six columns keep their grid (a file is read by column) in a region wider than the phone.
    // Its section and the scroll region in it are both named by the heading: the region is the inner one.
    const region = page.getByRole('region', { name: 'De eerste 2 van 2 rijen' }).last();
    await page.getByText('De tabel is breder dan het scherm').waitFor();
    expect(await unreachable(page)).toEqual({});
    violations.push(...(await steps.step(page, 'preview')));
    await tabTo(page, region);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(
      (element) => (element as unknown as { scrollLeft: number }).scrollLeft > 0,
      await region.elementHandle(),
    );
    violations.push(...(await steps.step(page, 'preview-scrolled')));
    await page.context().close();
  }, 120_000);

  it('a partner, the administrator and the privacy officer reach every column of their lists', async () => {
    const steps = new Steps('phone-tables-lists');
    const found: Record<string, Record<string, string[]>> = {};
    const visit = async (account: string, at: string, name: string) => {
      const page = await signedInPage(account, at);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.locator('main table, main [role="status"], main p').first().waitFor();
      await page.waitForLoadState('networkidle');
      found[name] = await unreachable(page);
      violations.push(...(await steps.step(page, name)));
      await page.context().close();
    };
    await visit('partner', '/partners/activities', 'partner-activities');
    await visit('partner', '/partners/api-keys', 'api-keys');
    await visit('beheerder', '/administration/organisations', 'organisations');
    await visit('beheerder', '/administration/catalogues', 'catalogues');
    await visit('beheerder', '/administration/dead-letters', 'dead-letters');
    await visit('beheerder', '/administration/failed-work', 'failed-work');
    await visit('privacy', '/privacy/audit', 'audit');
    expect(
      Object.fromEntries(Object.entries(found).filter(([, tables]) => Object.keys(tables).length > 0)),
    ).toEqual({});
  }, 240_000);
});
