import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createHmac, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { parse } from 'yaml';
import { ActivityHeldV1 } from '@deelwijs/contracts';
import {
  browserKit,
  PortalSystem,
  publishEvent,
  seedProgrammeWithSharingTargets,
  TEST_NATS,
  waitFor,
  WebhookReceiver,
  type PortalHttpClient,
} from '@deelwijs/testing';

/** What the page functions below touch in the browser (this code is compiled for Node, without the DOM library). */
declare const document: {
  activeElement: { id?: string } | null;
  documentElement: { scrollWidth: number };
};

const { browserSuite, builtWebApp, launchChromium, personContext, PHONE, signIn, Steps, tabTo } = browserKit;

const CODE = 'overijssel-2026';
const PERIOD = '2026-Q3';
const REPORT_PATH = `/reporting/programmes/${CODE}/reports/${PERIOD}`;

/** A call to the reporting service through the portal; a refusal fails the setup. */
async function reporting(client: PortalHttpClient, method: string, route: string, body?: unknown): Promise<any> {
  const answer = await client.api(method, `/api/reporting${route}`, { body });
  if (answer.status >= 300) {
    throw new Error(`${method} ${route}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/** Recomputes the period's figures now (a snapshot of today) and waits until the job is done. */
async function recompute(reporter: PortalHttpClient): Promise<void> {
  const job = await reporting(reporter, 'POST', `/programmes/${CODE}/recomputations`, { period: PERIOD });
  await waitFor(
    () => reporting(reporter, 'GET', `/recomputations/${job.id}`),
    (status) => status.state === 'completed' || status.state === 'failed',
    { timeoutMs: 60_000, what: 'the recomputation to finish' },
  ).then((status) => expect(status.state).toBe('completed'));
}

/**
 * The report workflow in Chromium against the real system (OpenID provider, services, portal):
 * an administrator subscribes a webhook; the demo reporter is told which prestatie lacks the
 * explanation the rules require, explains it with the printed page previewed as they type, and
 * submits; the demo approver approves with the keyboard only; the period shows locked; the PDF
 * downloads; the snapshot history shows what changed; the failed delivery is retried. Each step
 * is a screenshot under dist/screenshots/ and an axe-core check (no serious or critical WCAG 2.1
 * AA violation).
 */
describe('the portal in a browser (report workflow)', () => {
  let system: PortalSystem;
  let browser: Browser;
  let nc: NatsConnection;
  const receiver = new WebhookReceiver();
  const violations = browserSuite(() => ({ browser, system }));
  let required: string[] = [];
  let secret = '';

  beforeAll(async () => {
    builtWebApp();
    await receiver.start();
    [system, browser] = await Promise.all([
      PortalSystem.start({
        label: 'report-browser',
        // Two quick attempts, so that a failing receiver gives a failed delivery within the test.
        env: { reporting: { ...receiver.env(), DELIVERY_ATTEMPTS: '2', DELIVERY_BACKOFF_MS: '200' } },
      }),
      launchChromium(),
    ]);
    const admin = await system.signedIn('beheerder');
    // With 9.1.6's two extra figures, which fall short in the quarter: a prestatie that must be explained.
    const programme = parse(seedProgrammeWithSharingTargets());
    await reporting(admin, 'PUT', `/programmes/${CODE}`, programme);

    // History: the nightly snapshot keeps one per day, so the first one is moved to yesterday,
    // as if the night before had taken it; then a guest lesson held in the quarter arrives as
    // the activities service publishes it, and today's snapshot counts it.
    const reporter = await system.signedIn('rapporteur');
    await recompute(reporter);
    const database = new Client({ connectionString: system.processes.reporting.databaseUrl });
    await database.connect();
    try {
      const moved = await database.query(
        `UPDATE report_snapshots SET taken_on = taken_on - 1, taken_at = taken_at - interval '1 day' WHERE programme_code = $1 AND period = $2`,
        [CODE, PERIOD],
      );
      expect(moved.rowCount).toBe(1);
    } finally {
      await database.end();
    }
    nc = await connect({ servers: TEST_NATS });
    await publishEvent(jetstream(nc), system.namespace, ActivityHeldV1, {
      activityId: randomUUID(),
      type: 'guest-lesson',
      title: 'Gastles democratie',
      prestatieCode: '7.2.3',
      actionNumber: 1,
      startsAt: '2026-09-10T10:00:00+02:00',
      endsAt: '2026-09-10T12:00:00+02:00',
      participants: 27,
      actualCostCents: 150_00,
      heldAt: '2026-09-10T12:00:00+02:00',
    });
    const report = await waitFor(
      () => reporting(reporter, 'GET', `/programmes/${CODE}/reports/${PERIOD}?format=json`),
      (body) => body.prestaties.some((prestatie: any) => prestatie.indicators.some((indicator: any) => indicator.key === 'guest-lessons' && indicator.actual === 1)),
      { timeoutMs: 30_000, what: 'the guest lesson to be counted' },
    );
    await recompute(reporter);
    required = report.prestaties.filter((prestatie: any) => prestatie.explanationRequired).map((prestatie: any) => prestatie.code);
    expect(required.length).toBeGreaterThan(0);
  }, 300_000);

  // The browser and the system are closed by browserSuite; the NATS connection and the webhook receiver here.
  afterAll(async () => {
    await nc?.close();
    await receiver.stop();
  }, 60_000);

  async function person(username: string, viewport = browserKit.DESKTOP): Promise<Page> {
    const context = await personContext(browser, viewport);
    const page = await context.newPage();
    await signIn(page, system.urls.portal, username, system.account(username).password, REPORT_PATH);
    return page;
  }

  it('an administrator subscribes a signed webhook on the subscriptions page', async () => {
    const steps = new Steps('report-subscriptions');
    const context = await personContext(browser);
    const page = await context.newPage();
    await signIn(page, system.urls.portal, 'beheerder', system.account('beheerder').password);
    await page.getByRole('link', { name: 'Abonnementen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Abonnementen op rapportages' }).waitFor();
    await page.getByText('Er zijn nog geen abonnementen.').waitFor();
    violations.push(...(await steps.step(page, 'empty')));

    // The receiver refuses the first two requests: both attempts fail, and the delivery is failed.
    receiver.failNext(2, '/hook');
    await page.getByLabel('Adres', { exact: false }).fill(receiver.url('/hook'));
    await page.getByRole('button', { name: 'Abonnement toevoegen' }).click();
    await page.getByText(`Het abonnement op ${receiver.url('/hook')} is toegevoegd.`).waitFor();
    await page.getByRole('cell', { name: receiver.url('/hook'), exact: true }).waitFor();
    expect(await page.locator('main').innerText()).toContain('Geheime sleutel');
    secret = await page.locator('code').innerText();
    expect(secret.length).toBeGreaterThanOrEqual(16);
    violations.push(...(await steps.step(page, 'created')));
    await context.close();
  }, 120_000);

  it('a reporter is told which prestatie lacks its explanation, explains it with the preview showing the text, and submits', async () => {
    const steps = new Steps('report-reporter');
    const page = await person('rapporteur');
    await page.getByRole('heading', { level: 1, name: `Rapportage ${PERIOD}` }).waitFor();
    violations.push(...(await steps.step(page, 'draft')));

    await page.getByRole('button', { name: 'Rapportage indienen' }).click();
    await page.getByRole('button', { name: 'Ja, doorgaan' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'wijkt af en heeft nog geen toelichting' });
    await summary.waitFor();
    for (const code of required) {
      await summary.getByRole('link', { name: `Prestatie ${code} wijkt af en heeft nog geen toelichting.` }).waitFor();
    }
    violations.push(...(await steps.step(page, 'refused')));

    for (const code of required) {
      // The link in the summary leads to the field.
      await summary.getByRole('link', { name: `Prestatie ${code} wijkt af` }).click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(`explanation-${code.replace(/\./g, '-')}`);
      const text = `Toelichting ${code}: de jongerenraad adviseert pas in het vierde kwartaal.`;
      await page.keyboard.type(text);
      // The preview is the page as the service prints it, with the text typed and not yet saved.
      await page.frameLocator(`iframe[title="Voorbeeld van prestatie ${code}"]`).getByText(text).waitFor();
      if (code === required[0]) {
        violations.push(...(await steps.step(page, 'preview')));
      }
      await page
        .locator('section', { has: page.getByRole('heading', { level: 2, name: new RegExp(`^${code.replace(/\./g, '\\.')} `) }) })
        .getByRole('button', { name: 'Opslaan' })
        .click();
      await page.getByText(`De teksten bij ${code} zijn opgeslagen.`).waitFor();
    }

    await page.getByRole('button', { name: 'Rapportage indienen' }).click();
    await page.getByRole('button', { name: 'Ja, doorgaan' }).click();
    await page.getByText('De rapportage is ingediend.').waitFor();
    await page.getByText('De rapportage is ingediend en wacht op goedkeuring.').waitFor();
    expect(await page.getByRole('textbox').count()).toBe(0);
    violations.push(...(await steps.step(page, 'submitted')));
    await page.context().close();
  }, 180_000);

  it('the approver approves with the keyboard only; the period shows locked with no edit, downloads and its history', async () => {
    const steps = new Steps('report-approver');
    const page = await person('goedkeurder');
    await page.getByRole('heading', { level: 1, name: `Rapportage ${PERIOD}` }).waitFor();
    violations.push(...(await steps.step(page, 'submitted')));

    await tabTo(page, page.getByRole('button', { name: 'Goedkeuren' }));
    await page.keyboard.press('Enter');
    // The confirmation takes the focus: Enter confirms.
    await waitFor(
      () => page.getByRole('button', { name: 'Ja, doorgaan' }).evaluate((element) => element === (document.activeElement as unknown)),
      Boolean,
      { what: 'the confirmation to take the focus' },
    );
    violations.push(...(await steps.step(page, 'confirm')));
    await page.keyboard.press('Enter');
    await page.getByText('De rapportage is goedgekeurd; de periode is vergrendeld.').waitFor();
    await page.getByText('Deze periode is goedgekeurd en vergrendeld.').first().waitFor();
    expect(await page.getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Opslaan|Goedkeuren|Terugsturen|indienen/ }).count()).toBe(0);
    violations.push(...(await steps.step(page, 'locked')));

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Hele rapportage: PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${CODE}-${PERIOD}-nl.pdf`);
    const chunks: Buffer[] = [];
    for await (const chunk of (await download.createReadStream()) as AsyncIterable<Buffer>) {
      chunks.push(chunk);
    }
    expect(Buffer.concat(chunks).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const history = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Geschiedenis: momentopnamen' }) });
    await history.getByRole('heading', { level: 3, name: /Wat veranderde tussen/ }).waitFor();
    const changed = await history.innerText();
    expect(changed).toContain('7.2.3 · gastlessen op scholen: gerealiseerd\nwas: 0; nu: 1');
    expect(changed).toContain('7.2.3 · lasten: gerealiseerd\nwas: €\u00a00,00; nu: €\u00a0150,00');
    violations.push(...(await steps.step(page, 'history')));
    await page.context().close();

    // The reporter, on a phone, finds the same period locked: no field, no save.
    const phone = await person('rapporteur', PHONE);
    await phone.getByText('Deze periode is goedgekeurd en vergrendeld.').first().waitFor();
    expect(await phone.getByRole('textbox').count()).toBe(0);
    expect(await phone.getByRole('button', { name: /Opslaan|indienen/ }).count()).toBe(0);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    violations.push(...(await steps.step(phone, 'locked-phone')));
    await phone.context().close();
  }, 180_000);

  it('an administrator sees the failed delivery and retries it; the receiver gets the signed report', async () => {
    const steps = new Steps('report-deliveries');
    const admin = await system.signedIn('beheerder');
    await waitFor(
      () => reporting(admin, 'GET', '/deliveries'),
      (body) => body.items.some((delivery: any) => delivery.status === 'failed'),
      { timeoutMs: 60_000, what: 'the delivery to fail twice' },
    );
    const context = await personContext(browser);
    const page = await context.newPage();
    await signIn(page, system.urls.portal, 'beheerder', system.account('beheerder').password, '/reporting/subscriptions');
    await page.getByRole('cell', { name: 'mislukt' }).waitFor();
    violations.push(...(await steps.step(page, 'failed')));

    await page.getByRole('button', { name: `Verzending aan ${receiver.url('/hook')} opnieuw proberen` }).click();
    await page.getByText('De verzending wordt opnieuw geprobeerd.').waitFor();
    await page.getByRole('cell', { name: /afgeleverd/ }).waitFor({ timeout: 30_000 });
    violations.push(...(await steps.step(page, 'delivered')));
    const delivered = receiver.requests.filter((request) => request.path === '/hook' && request.status === 200);
    expect(delivered).toHaveLength(1);
    expect(JSON.parse(delivered[0].body)).toMatchObject({ programmeCode: CODE, period: PERIOD });
    // Signed with the secret the page showed once, as a receiver checks it: HMAC-SHA256 of "<t>.<body>".
    const signature = Object.fromEntries(String(delivered[0].headers['deelwijs-signature']).split(',').map((part) => part.split('=', 2)));
    expect(signature.v1).toBe(createHmac('sha256', secret).update(`${signature.t}.${delivered[0].body}`).digest('hex'));
    await context.close();
  }, 120_000);
});
