import type { Browser, Page } from 'playwright-core';
import { browserKit, PortalSystem, type PortalHttpClient } from '@deelwijs/testing';

/** What the page functions below touch in the browser (this code is compiled for Node, without the DOM library). */
declare const document: {
  activeElement: unknown;
  querySelectorAll(selector: string): { length: number };
};

const { builtWebApp, launchChromium, personContext, signIn, Steps, tabTo } = browserKit;

/** A call to the knowledge service through the portal, as the signed-in administrator; a refusal fails the setup. */
async function knowledge(client: PortalHttpClient, method: string, path: string, body?: unknown): Promise<any> {
  const answer = await client.api(method, `/api/knowledge${path}`, { body });
  if (answer.status >= 300) {
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/**
 * Knowledge in the browser against the real system: a search narrowed by two facets (one of
 * them with two values ticked, partners by their names) with highlighted snippets; an item's
 * attachment and the differences between two of its versions; advices per advisory body.
 * Each step is a screenshot under dist/screenshots/ and an axe-core check (no serious or
 * critical WCAG 2.1 AA violation).
 */
describe('the portal in a browser (knowledge)', () => {
  let system: PortalSystem;
  let browser: Browser;
  const violations: string[] = [];
  const marker = `kw${Date.now().toString(36)}`;
  let reportId = '';

  beforeAll(async () => {
    builtWebApp();
    [system, browser] = await Promise.all([PortalSystem.start({ label: 'knowledge-browser' }), launchChromium()]);
    const admin = await system.signedIn('beheerder');
    const partner = system.partnerOrganisation.organisationId;
    const item = async (fields: Record<string, unknown>) => {
      const created = await knowledge(admin, 'POST', '/knowledge-items', {
        language: 'nl',
        visibility: 'public',
        prestatieCodes: ['7.2.3'],
        ...fields,
      });
      await knowledge(admin, 'POST', `/knowledge-items/${created.itemId}/status-changes`, { status: 'published' });
      return created.itemId as string;
    };
    reportId = await item({
      kind: 'report',
      title: `Democratiespelen in de klas ${marker}`,
      summary: 'Wat scholen leerden van de democratiespelen.',
      body: `Leerlingen speelden ${marker} democratie na. <script>alert("x")</script> bleef gewoon tekst.`,
      themes: ['democratie'],
      partnerOrganisationIds: [partner],
      authors: ['Team Democratie'],
    });
    await item({
      kind: 'method',
      title: `Methode stemwijzer voor klassen ${marker}`,
      body: `Een methode om ${marker} in de klas te stemmen.`,
      themes: ['democratie'],
      partnerOrganisationIds: [partner],
    });
    await item({
      kind: 'article',
      title: `Natuurwerkdag ${marker}`,
      body: `Over ${marker} en de natuur, zonder partner.`,
      themes: ['natuur'],
    });
    // A later version of the report: the title and the body change.
    await knowledge(admin, 'PATCH', `/knowledge-items/${reportId}`, {
      title: `Democratiespelen op school ${marker}`,
      body: `Leerlingen & ouders speelden ${marker} democratie na. <script>alert("x")</script> bleef gewoon tekst.\n\nNieuw: de jongerenraad keek mee.`,
    });
    const { body: session } = await admin.session();
    const upload = await admin.fetch(`/api/knowledge/knowledge-items/${reportId}/attachments?name=deelnemers.csv`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'x-csrf-token': session.csrfToken, accept: 'application/json' },
      body: 'school,klassen\nDe Horst,3\n',
    });
    expect(upload.status).toBe(201);

    const answered = await knowledge(admin, 'POST', '/advices', {
      title: 'Betrek leerlingen bij de agenda',
      summary: 'Laat klassen zelf onderwerpen kiezen.',
      adviser: 'Jongerenraad',
      solicited: true,
      prestatieCodes: ['7.2.3'],
      itemId: reportId,
      issuedAt: '2026-03-02T10:00:00+01:00',
    });
    await knowledge(admin, 'POST', `/advices/${answered.adviceId}/answer`, {
      outcome: 'partly-adopted',
      response: 'Vanaf het najaar kiezen twee klassen per school het onderwerp.',
      answeredAt: '2026-04-01T10:00:00+02:00',
    });
    await knowledge(admin, 'POST', `/advices/${answered.adviceId}/follow-ups`, {
      description: 'Evaluatie met de jongerenraad',
      dueOn: '2026-12-01',
    });
    await knowledge(admin, 'POST', '/advices', {
      title: 'Meer buitenlessen',
      adviser: 'Seniorenraad',
      solicited: false,
      issuedAt: '2026-05-12T10:00:00+02:00',
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  }, 60_000);

  afterEach(() => {
    const found = violations.splice(0);
    expect(found).toEqual([]);
  });

  async function person(username: string, path: string): Promise<Page> {
    const context = await personContext(browser);
    // A step that never comes fails the test with what it waited for, instead of at the test's timeout.
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    await signIn(page, system.urls.portal, username, system.account(username).password, path);
    return page;
  }

  it('a reporter searches, narrows by two facets (two kinds, a partner by name) with the keyboard and reads highlighted snippets', async () => {
    const steps = new Steps('knowledge-search');
    const page = await person('rapporteur', '/knowledge');
    await page.getByRole('heading', { level: 1, name: 'Kennis zoeken' }).waitFor();
    await page.getByLabel('Zoekwoorden').fill(marker);
    await page.keyboard.press('Enter');
    await page.getByText('3 resultaten').waitFor();
    // The matched word is marked; the snippet's escapes are characters again, and nothing in it became HTML.
    expect(await page.locator('main mark').first().innerText()).toBe(marker);
    expect(await page.locator('main').innerText()).toContain(`Leerlingen & ouders speelden ${marker} democratie na.`);
    expect(await page.evaluate(() => document.querySelectorAll('main script').length)).toBe(0);
    violations.push(...(await steps.step(page, 'results')));

    // Partners are named, not numbered.
    const partnerBox = page.getByRole('checkbox', { name: /^ProDemos \(2\)$/ });
    await partnerBox.waitFor();
    expect(await page.locator('aside').innerText()).not.toContain(system.partnerOrganisation.organisationId);

    // Keyboard only: Tab to a facet's box and tick it with the space bar.
    const report = page.getByRole('checkbox', { name: /^rapport \(1\)$/ });
    await tabTo(page, report);
    await page.keyboard.press('Space');
    await page.getByText('1 resultaten').waitFor();
    expect(page.url()).toContain('kind=report');
    const method = page.getByRole('checkbox', { name: /^methode/ });
    await tabTo(page, method);
    await page.keyboard.press('Space');
    await page.getByText('2 resultaten').waitFor();
    await tabTo(page, partnerBox);
    await page.keyboard.press('Space');
    await page.waitForURL(/partner=/);
    await page.getByText('2 resultaten').waitFor();
    const results = await page.locator('ol.deelwijs-hits').innerText();
    expect(results).toContain(`Democratiespelen op school ${marker}`);
    expect(results).toContain(`Methode stemwijzer voor klassen ${marker}`);
    expect(results).not.toContain('Natuurwerkdag');
    violations.push(...(await steps.step(page, 'two-facets')));

    // The search is in the address bar: a reload keeps it.
    await page.reload();
    await page.getByText('2 resultaten').waitFor();
    expect(await page.getByRole('checkbox', { name: /^ProDemos/ }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: /^rapport/ }).isChecked()).toBe(true);
    await page.context().close();
  }, 180_000);

  it('an administrator opens an item, downloads its attachment and sees what changed between two versions', async () => {
    const steps = new Steps('knowledge-item');
    const page = await person('beheerder', `/knowledge?q=${marker}`);
    await page.getByRole('link', { name: `Democratiespelen op school ${marker}` }).click();
    await page.getByRole('heading', { level: 1, name: `Democratiespelen op school ${marker}` }).waitFor();
    // The item's body keeps its markup as text.
    expect(await page.locator('.deelwijs-item-body').innerText()).toContain('<script>');
    expect(await page.evaluate(() => document.querySelectorAll('main script').length)).toBe(0);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'deelnemers.csv' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('deelnemers.csv');
    const file = await download.createReadStream();
    let content = '';
    for await (const chunk of file) {
      content += chunk.toString();
    }
    expect(content).toBe('school,klassen\nDe Horst,3\n');

    await page.getByRole('heading', { level: 2, name: 'Versies' }).waitFor();
    const versions = page.locator('section[aria-labelledby="versions"] table tbody tr');
    await versions.first().waitFor();
    const count = await versions.count();
    expect(count).toBeGreaterThanOrEqual(3);
    // Created, published, edited: compare the first version with the latest.
    await page.getByLabel('Vergelijk versie').selectOption({ label: 'versie 1' });
    await page.getByRole('heading', { level: 3, name: `Verschil tussen versie 1 en ${count}` }).waitFor();
    const diff = page.locator('.deelwijs-diff');
    expect(await diff.locator('del').first().innerText()).toContain('in de klas');
    expect(await diff.locator('ins').first().innerText()).toContain('op school');
    expect(await diff.innerText()).toContain('Nieuw: de jongerenraad keek mee.');
    expect(await diff.innerText()).toContain('Status');
    violations.push(...(await steps.step(page, 'diff')));
    await page.context().close();
  }, 180_000);

  it('a reporter follows advices per advisory body through issued, answered and followed up', async () => {
    const steps = new Steps('advices');
    const page = await person('rapporteur', '/knowledge/advices');
    await page.getByRole('heading', { level: 1, name: 'Adviezen' }).waitFor();
    const youth = page.getByRole('region', { name: 'Jongerenraad' });
    await youth.getByRole('heading', { level: 3, name: 'Betrek leerlingen bij de agenda' }).waitFor();
    const youthText = await youth.innerText();
    expect(youthText).toContain('Stand: opgevolgd');
    expect(youthText).toMatch(/Beantwoord gedaan: \w+ 1 april 2026 · deels overgenomen/);
    expect(youthText).toContain('Evaluatie met de jongerenraad');
    const seniors = await page.getByRole('region', { name: 'Seniorenraad' }).innerText();
    expect(seniors).toMatch(/Beantwoord nog niet/);
    expect(seniors).toMatch(/Opgevolgd nog niet/);
    violations.push(...(await steps.step(page, 'per-body')));

    await page.getByLabel('Stand').selectOption({ label: 'uitgebracht' });
    await page.getByRole('region', { name: 'Jongerenraad' }).waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 3, name: 'Meer buitenlessen' }).waitFor();
    expect(await page.locator('main').innerText()).not.toContain('Betrek leerlingen bij de agenda');
    violations.push(...(await steps.step(page, 'issued-only')));
    await page.context().close();
  }, 120_000);
});
