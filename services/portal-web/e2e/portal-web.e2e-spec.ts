import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { browserKit, PortalSystem } from '@deelwijs/testing';

/** What the page functions below touch in the browser (this code is compiled for Node, without the DOM library). */
declare const document: {
  activeElement: unknown;
  getElementById(id: string): { textContent: string | null } | null;
  documentElement: { lang: string; scrollWidth: number };
};

const { browserSuite, builtWebApp, DESKTOP, launchChromium, personContext, PHONE, signIn, Steps, tabTo } = browserKit;

/** Today's date and the date in some days, as Amsterdam's calendar has them (YYYY-MM-DD). */
function amsterdamDate(daysFromNow = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(
    new Date(Date.now() + daysFromNow * 86_400_000),
  );
}

async function description(field: Locator): Promise<string> {
  return field.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id: string) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

async function text(page: Page): Promise<string> {
  return page.locator('main').innerText();
}

/**
 * The web app in Chromium against the real system (the embedded OpenID provider, the three
 * services and the portal, as processes): organisers plan, move, check in and close out; a
 * partner registers classes and manages its API keys. Each step is a screenshot under
 * dist/screenshots/ and an axe-core check (no serious or critical WCAG 2.1 AA violation).
 */
describe('the portal in a browser (organisers and partners)', () => {
  let system: PortalSystem;
  let browser: Browser;
  const violations = browserSuite(() => ({ browser, system }));
  const title = `Gastles democratie ${Date.now().toString(36)}`;
  let activityPath = '';

  beforeAll(async () => {
    builtWebApp();
    [system, browser] = await Promise.all([PortalSystem.start({ label: 'browser' }), launchChromium()]);
  }, 240_000);

  async function organiser(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
    const context = await personContext(browser, viewport);
    const page = await context.newPage();
    await signIn(page, system.urls.portal, 'organisator', system.account('organisator').password);
    return { context, page };
  }

  it('an organiser signs in, sees the activities, is refused a bad title next to the field, and plans a guest lesson', async () => {
    const steps = new Steps('organiser');
    const context = await personContext(browser);
    const page = await context.newPage();
    await page.goto(system.urls.portal);
    await page.getByLabel('Gebruikersnaam').waitFor();
    violations.push(...(await steps.step(page, 'sign-in')));
    await page.getByLabel('Gebruikersnaam').fill('organisator');
    await page.getByLabel('Wachtwoord').fill(system.account('organisator').password);
    await page.getByRole('button', { name: 'Aanmelden' }).click();

    await page.getByRole('heading', { level: 1, name: 'Activiteiten' }).waitFor();
    expect(await page.locator('header').innerText()).toMatch(/organisator/);
    violations.push(...(await steps.step(page, 'activities')));

    await page.getByRole('link', { name: 'Nieuwe activiteit' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Nieuwe activiteit' }).waitFor();
    await page.getByLabel('Soort activiteit').selectOption({ label: 'gastles' });
    // Longer than the API takes: its refusal must stand next to the field, in Dutch.
    await page.getByLabel('Titel (Nederlands)').fill('x'.repeat(301));
    await page.getByLabel('Gemeente').fill('Zwolle');
    await page
      .getByLabel('Plaatsen tellen in')
      .selectOption({ label: 'groepen (een schoolklas is één groep)' });
    await page.getByLabel('Aantal plaatsen').fill('2');
    await page.getByLabel('Geraamde kosten (euro)').fill('1.250,00');
    await page.getByLabel('Alle partners mogen aanmelden').check();
    await page.getByLabel('Datum', { exact: false }).fill(amsterdamDate(1));
    await page.getByLabel('Begintijd').fill('10:00');
    await page.getByLabel('Eindtijd').fill('12:00');
    await page.getByLabel('Meteen publiceren').check();
    await page.getByRole('button', { name: 'Activiteit aanmaken' }).click();
    await page.getByRole('alert').first().waitFor();
    expect(await description(page.getByLabel('Titel (Nederlands)'))).toContain(
      'Gebruik ten hoogste 300 tekens.',
    );
    violations.push(...(await steps.step(page, 'refused-title')));

    await page.getByLabel('Titel (Nederlands)').fill(title);
    await page.getByRole('button', { name: 'Activiteit aanmaken' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    activityPath = new URL(page.url()).pathname;
    const facts = await text(page);
    expect(facts).toContain('gepubliceerd');
    expect(facts).toContain('€\u00a01.250,00');
    expect(facts).toContain('0 van 2 groepen');
    violations.push(...(await steps.step(page, 'planned')));

    // Held before it starts: the API refuses, and the refusal reads as a sentence.
    await page.getByRole('button', { name: 'Markeren als gehouden' }).click();
    await page
      .getByText('Een activiteit kan pas als gehouden worden gemarkeerd als ze begonnen is.')
      .waitFor();
    violations.push(...(await steps.step(page, 'refused-held')));

    await page.getByRole('link', { name: 'Activiteiten', exact: true }).click();
    await page.getByRole('button', { name: 'Maand' }).click();
    await page
      .getByRole('link', { name: new RegExp(title) })
      .first()
      .waitFor();
    violations.push(...(await steps.step(page, 'month')));
    await context.close();
  }, 180_000);

  it('an organiser plans a series with the recurrence picker and sees its dates first', async () => {
    const steps = new Steps('series');
    const { context, page } = await organiser();
    await page.getByRole('link', { name: 'Nieuwe reeks' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Nieuwe reeks activiteiten' }).waitFor();
    await page.getByLabel('Soort activiteit').selectOption({ label: 'workshop' });
    await page.getByLabel('Titel (Nederlands)').fill('Workshop participatie');
    await page.getByLabel('Eerste datum').fill(amsterdamDate(7));
    await page.getByLabel('Om de hoeveel weken').fill('2');
    await page.getByLabel('Aantal keer', { exact: true }).fill('4');
    await page.getByRole('heading', { name: 'Deze reeks plant 4 activiteiten' }).waitFor();
    violations.push(...(await steps.step(page, 'recurrence')));
    await page.getByRole('button', { name: 'Reeks aanmaken (4 activiteiten)' }).click();
    await page.getByRole('button', { name: 'Maand', pressed: true }).waitFor();
    await page
      .getByRole('link', { name: /Workshop participatie/ })
      .first()
      .waitFor();
    violations.push(...(await steps.step(page, 'planned')));
    await context.close();
  }, 120_000);

  it('a partner finds the guest lesson, registers two classes and a third goes on the waiting list', async () => {
    const steps = new Steps('partner');
    const context = await personContext(browser);
    const page = await context.newPage();
    await signIn(page, system.urls.portal, 'partner', system.account('partner').password);
    await page.getByRole('heading', { level: 1, name: 'Activiteiten voor uw organisatie' }).waitFor();
    violations.push(...(await steps.step(page, 'activities')));
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const classes = [
      { school: 'Thomas a Kempis College', klas: 'havo 4b', count: '27', teacher: 'J. Jansen' },
      { school: 'Celeanum', klas: 'vwo 5a', count: '24', teacher: 'M. de Vries' },
      { school: 'Greijdanus', klas: 'havo 5c', count: '22', teacher: 'K. Bakker' },
    ];
    for (const [index, klas] of classes.entries()) {
      await page.getByLabel('School (verplicht)').fill(klas.school);
      await page.getByLabel('Klas', { exact: true }).fill(klas.klas);
      await page.getByLabel('Aantal deelnemers (verplicht)').fill(klas.count);
      await page.getByLabel('Naam docent of begeleider (verplicht)').fill(klas.teacher);
      await page.getByLabel('E-mailadres (verplicht)').fill(`docent${index}@school.example`);
      await page.getByRole('button', { name: 'Klas aanmelden' }).click();
      await page
        .getByText(
          index < 2
            ? 'De klas is aangemeld.'
            : 'De activiteit is vol: de klas staat op de wachtlijst (positie 1).',
        )
        .waitFor();
    }
    await page.getByRole('heading', { name: 'Wachtlijst (1)' }).waitFor();
    expect(await text(page)).toContain('Groepen (2)');
    violations.push(...(await steps.step(page, 'registered')));
    await context.close();
  }, 120_000);

  it('a partner creates an API key, sees it once, and revokes it', async () => {
    const steps = new Steps('api-keys');
    const context = await personContext(browser);
    const page = await context.newPage();
    await signIn(
      page,
      system.urls.portal,
      'partner',
      system.account('partner').password,
      '/partners/api-keys',
    );
    await page.getByRole('heading', { level: 1, name: 'API-sleutels' }).waitFor();
    await page.getByLabel('Naam van de sleutel').fill('CRM ProDemos');
    await page.getByRole('button', { name: 'Sleutel aanmaken' }).click();
    await page.getByText('Kopieer hem nu: hij wordt maar één keer getoond.').waitFor();
    const key = await page.getByLabel('De nieuwe sleutel').innerText();
    expect(key.length).toBeGreaterThan(20);
    violations.push(...(await steps.step(page, 'created')));
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Sleutel “CRM ProDemos” intrekken' }).click();
    await page.getByText(/ingetrokken op/).waitFor();
    await page.reload();
    await page.getByText(/ingetrokken op/).waitFor();
    expect(await text(page)).not.toContain(key);
    violations.push(...(await steps.step(page, 'revoked')));
    await context.close();
  }, 120_000);

  it('the organiser makes room: a higher capacity moves the waiting list up', async () => {
    const steps = new Steps('capacity');
    const { context, page } = await organiser();
    await page.goto(`${system.urls.portal}${activityPath}`);
    await page.getByRole('heading', { name: 'Wachtlijst (1)' }).waitFor();
    violations.push(...(await steps.step(page, 'waiting-list')));
    await page.getByRole('button', { name: 'Wijzigen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Activiteit wijzigen' }).waitFor();
    await page.getByLabel('Aantal plaatsen').fill('4');
    await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByRole('heading', { name: 'Groepen (3)' }).waitFor();
    await page.getByRole('heading', { name: 'Wachtlijst (0)' }).waitFor();
    expect(await text(page)).toContain('3 van 4 groepen');
    violations.push(...(await steps.step(page, 'promoted')));
    await context.close();
  }, 120_000);

  it('at the door on a phone, with the keyboard alone, an organiser checks a class in and adds a walk-in', async () => {
    const steps = new Steps('check-in');
    const { context, page } = await organiser(PHONE);
    await page.goto(`${system.urls.portal}${activityPath}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Inchecken aan de deur' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Inchecken' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    violations.push(...(await steps.step(page, 'list')));

    await tabTo(page, page.getByLabel('Zoek op naam, school of klas'));
    await page.keyboard.type('kempis');
    const checkIn = page.getByRole('button', { name: 'Thomas a Kempis College, havo 4b inchecken' });
    await tabTo(page, checkIn);
    await page.keyboard.press('Enter');
    await page.getByText('Thomas a Kempis College, havo 4b is ingecheckt.').waitFor();
    await page.getByText('27 van 73 personen ingecheckt').waitFor();
    violations.push(...(await steps.step(page, 'class-checked-in')));

    await tabTo(page, page.getByLabel('Naam', { exact: true }));
    await page.keyboard.type('Anna de Boer');
    await tabTo(page, page.getByLabel('E-mailadres'));
    await page.keyboard.type('anna@example.nl');
    await tabTo(page, page.getByRole('button', { name: 'Toevoegen en inchecken' }));
    await page.keyboard.press('Enter');
    await page.getByText('Anna de Boer is ingecheckt.').waitFor();
    await page.getByText('28 van 74 personen ingecheckt').waitFor();
    violations.push(...(await steps.step(page, 'walk-in')));
    await context.close();
  }, 120_000);

  it('after the lesson the organiser moves it to when it really was, marks it held and closes it out in euros', async () => {
    const steps = new Steps('close-out');
    const { context, page } = await organiser();
    await page.goto(`${system.urls.portal}${activityPath}`);
    await page.getByRole('button', { name: 'Verplaatsen' }).click();
    // It took place earlier today (from midnight, so that it has started whatever the hour).
    await page.getByLabel('Datum').fill(amsterdamDate(0));
    await page.getByLabel('Begintijd').fill('00:00');
    await page.getByLabel('Eindtijd').fill('00:30');
    // Into the past: without a reason the service refuses, and the form says so at the field.
    await page.getByRole('button', { name: 'Verplaatsen' }).last().click();
    await page.getByText('Geef een reden op: de nieuwe datum ligt in het verleden.').waitFor();
    await page.getByLabel('Reden', { exact: true }).fill('Gastles vond vanochtend plaats; achteraf vastgelegd');
    await page.getByRole('button', { name: 'Verplaatsen' }).last().click();
    await page.getByText('De activiteit is verplaatst').waitFor();
    await page.getByRole('button', { name: 'Markeren als gehouden' }).click();
    await page.getByText('De activiteit is gehouden en telt mee voor de prestatie.').waitFor();
    violations.push(...(await steps.step(page, 'held')));

    await page.getByRole('button', { name: 'Afsluiten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Activiteit afsluiten' }).waitFor();
    expect(await text(page)).toContain('ingecheckte deelnemers te nemen (28)');
    await page.getByLabel('Werkelijke kosten (euro) (verplicht)').fill('1.180,50');
    await page.getByLabel('Wat werkte goed').fill('Het rollenspel over de gemeenteraad.');
    await page.getByLabel('Wat kan beter').fill('Meer tijd voor vragen.');
    await page.getByLabel('Vervolg').fill('Vervolgles in het voorjaar.');
    violations.push(...(await steps.step(page, 'form')));
    await page.getByRole('button', { name: 'Afsluiten' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const facts = await text(page);
    expect(facts).toContain('afgesloten');
    expect(facts).toContain('€\u00a01.180,50');
    expect(facts).toMatch(/Aantal deelnemers\s+28/);
    violations.push(...(await steps.step(page, 'closed')));
    await context.close();
  }, 120_000);

  it('a session that ends while typing: sign in again, come back to the form, and what was typed is still there', async () => {
    const steps = new Steps('session');
    const { context, page } = await organiser();
    await page.goto(`${system.urls.portal}/organisers/activities/new`);
    await page.getByLabel('Soort activiteit').selectOption({ label: 'lezing' });
    await page.getByLabel('Titel (Nederlands)').fill('Lezing over de Staten');
    await context.clearCookies();
    await page.getByRole('button', { name: 'Activiteit aanmaken' }).click();
    await page.getByLabel('Gebruikersnaam').waitFor();
    await page.getByLabel('Gebruikersnaam').fill('organisator');
    await page.getByLabel('Wachtwoord').fill(system.account('organisator').password);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nieuwe activiteit' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/organisers/activities/new');
    expect(await page.getByLabel('Titel (Nederlands)').inputValue()).toBe('Lezing over de Staten');
    violations.push(...(await steps.step(page, 'restored')));

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'New activity' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    violations.push(...(await steps.step(page, 'english')));
    await context.close();
  }, 120_000);

  it('a partner uploads a spreadsheet with bad rows, follows the progress, downloads the result per row, and a second upload registers nobody twice', async () => {
    const steps = new Steps('upload');
    const created = await system.processes.activities.request('POST', '/v1/activities', {
      roles: ['organiser'],
      body: {
        type: 'democracy-game',
        title: { nl: `Democratiespel ${title}` },
        prestatieCode: '7.2.3',
        openToAllPartners: true,
        capacity: 500,
        startsAt: `${amsterdamDate(3)}T13:00:00+01:00`,
        endsAt: `${amsterdamDate(3)}T15:00:00+01:00`,
        publish: true,
      },
    });
    expect(created.status).toBe(201);
    const sheet = [
      'Naam;E-mail;School;Klas;Aantal;Kenmerk',
      'Sanne Visser;s.visser@school.example;Carmel College;havo 3a;25;PD-1',
      'Foutje;geen-email;Carmel College;havo 3b;26;PD-2',
      ';leeg@school.example;Carmel College;havo 3c;24;PD-3',
      'Tom Smit;t.smit@school.example;Carmel College;vwo 4;;PD-4',
      'Sanne Visser;s.visser@school.example;Carmel College;havo 3a;25;PD-1',
    ].join('\r\n');
    const context = await personContext(browser);
    const page = await context.newPage();
    await signIn(
      page,
      system.urls.portal,
      'partner',
      system.account('partner').password,
      '/partners/uploads',
    );
    await page.getByRole('heading', { level: 1, name: 'Aanmeldingen uploaden' }).waitFor();
    for (const round of [1, 2]) {
      await page
        .getByLabel('Spreadsheet')
        .setInputFiles({ name: 'klassen.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet, 'utf8') });
      await page.getByRole('heading', { name: 'De eerste 5 van 5 rijen' }).waitFor();
      const activity = page.getByLabel('Activiteit voor de rijen');
      await activity.selectOption(
        (await activity.locator('option', { hasText: `Democratiespel ${title}` }).getAttribute('value'))!,
      );
      expect(await page.getByLabel('E-mailadres (verplicht)').inputValue()).toBe('E-mail');
      if (round === 1) {
        violations.push(...(await steps.step(page, 'mapping')));
      }
      await page.getByRole('button', { name: '5 rijen aanmelden' }).click();
      await page.getByText('Klaar: 1 aangemeld, 0 op de wachtlijst, 1 dubbel, 3 afgewezen.').waitFor();
      if (round === 1) {
        const rows = await text(page);
        expect(rows).toContain('Vul een geldig e-mailadres in');
        violations.push(...(await steps.step(page, 'result')));
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Resultaat per rij downloaden' }).click(),
        ]);
        // The service's own result file: row, outcome, registration, position, field and reason; none of the sheet's personal data.
        expect(download.suggestedFilename()).toMatch(/^import-[0-9a-f-]{36}-resultaat\.csv$/);
        const result = (await readFile((await download.path())!)).toString('utf8');
        expect(result).toContain('Rij / Row,Uitkomst / Outcome');
        expect(result).toContain('3,rejected,,,contactEmail,contactEmail must be an e-mail address');
        expect(result).toMatch(/\r\n2,accepted,[0-9a-f-]{36},,,\r\n/);
        expect(result).not.toContain('s.visser@school.example');
        expect(result.split('\r\n').filter(Boolean)).toHaveLength(6);
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'Aanmeldingen uploaden' }).waitFor();
      }
    }
    // The same file twice: one class registered, once.
    const id = (created.body as { id: string }).id;
    await page.goto(`${system.urls.portal}/partners/activities/${id}`);
    await page.getByRole('heading', { name: 'Groepen (1)' }).waitFor();
    violations.push(...(await steps.step(page, 'registered-once')));
    await context.close();
  }, 180_000);
});
