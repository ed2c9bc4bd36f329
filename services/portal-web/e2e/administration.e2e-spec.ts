import { Queue } from 'bullmq';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { ActivityScheduledV1, createEnvelope, EventNamespace } from '@deelwijs/contracts';
import { browserKit, PortalSystem, TEST_NATS, TEST_REDIS, waitFor } from '@deelwijs/testing';

const { browserSuite, builtWebApp, launchChromium, personContext, signIn, Steps, tabTo } = browserKit;

/**
 * The administration pages in Chromium against the real system: the demo administrator adds an
 * organisation and gives it a key, edits a catalogue entry by keyboard alone, replays a real
 * dead letter and retries a real failed job; the demo privacy officer reads the audit. Each
 * step is a screenshot under dist/screenshots/ and an axe-core check (no serious or critical
 * WCAG 2.1 AA violation).
 */
describe('the administration pages in a browser', () => {
  let system: PortalSystem;
  let browser: Browser;
  const violations = browserSuite(() => ({ browser, system }));
  const suffix = Date.now().toString(36);

  beforeAll(async () => {
    builtWebApp();
    [system, browser] = await Promise.all([PortalSystem.start({ label: 'admin_browser' }), launchChromium()]);
  }, 240_000);

  async function administrator(): Promise<Page> {
    const context = await personContext(browser);
    const page = await context.newPage();
    await signIn(page, system.urls.portal, 'beheerder', system.account('beheerder').password, '/administration');
    await page.getByRole('heading', { level: 1, name: 'Beheer' }).waitFor();
    return page;
  }

  it('an administrator adds an organisation, issues it a key with two roles (shown once) and revokes it after confirming', async () => {
    const steps = new Steps('administration-organisations');
    const page = await administrator();
    violations.push(...(await steps.step(page, 'administration')));
    await page.getByRole('link', { name: 'Organisaties en API-sleutels' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organisaties en API-sleutels' }).waitFor();

    await page.getByRole('button', { name: 'Organisatie toevoegen' }).click();
    await page.getByText('Vul dit veld in.').waitFor();
    violations.push(...(await steps.step(page, 'name-required')));

    const name = `Bibliotheek Deventer ${suffix}`;
    await page.getByLabel('Naam van de organisatie').fill(name);
    await page.getByRole('button', { name: 'Organisatie toevoegen' }).click();
    await page.getByText(`Organisatie ${name} is toegevoegd.`).waitFor();
    await page.getByRole('heading', { level: 2, name: `API-sleutels van ${name}` }).waitFor();
    expect(await page.getByLabel('Organisatie', { exact: true }).locator('option:checked').innerText()).toBe(name);

    await page.getByLabel('Naam van de sleutel').fill('Uitleensysteem');
    await page.getByLabel('organisator').check();
    await page.getByRole('button', { name: 'Sleutel aanmaken' }).click();
    const key = await page.getByLabel('De nieuwe sleutel').innerText();
    expect(key.length).toBeGreaterThan(20);
    violations.push(...(await steps.step(page, 'key-shown-once')));
    await page.getByRole('button', { name: 'Ik heb de sleutel bewaard' }).click();
    expect(await page.locator('main').innerText()).not.toContain(key);
    const row = page.getByRole('row', { name: /Uitleensysteem/ });
    expect(await row.innerText()).toMatch(/partner, organisator/);

    // The key works against a service until it is revoked.
    const asKey = () => fetch(`${system.urls.activities}/v1/activities`, { headers: { 'x-api-key': key } });
    await waitFor(asKey, (answer) => answer.status === 200, { what: 'the new key to reach activities' });
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Sleutel “Uitleensysteem” intrekken' }).click();
    await row.getByText(/ingetrokken/).waitFor();
    violations.push(...(await steps.step(page, 'key-revoked')));
    await waitFor(asKey, (answer) => answer.status === 401, { what: 'the revoked key to stop working' });

    // Only an administrator adds organisations.
    const partner = await system.signedIn('partner');
    expect((await partner.api('POST', '/api/identity/organisations', { body: { name: 'Eigen club' } })).status).toBe(403);
    expect((await partner.api('POST', '/api/identity/api-keys', { body: { label: 'x', roles: ['organiser'] } })).status).toBe(400);
    await page.context().close();
  }, 180_000);

  it('an administrator renames an activity type with the keyboard alone', async () => {
    const steps = new Steps('administration-catalogues');
    const page = await administrator();
    await tabTo(page, page.getByRole('link', { name: 'Keuzelijsten' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Keuzelijsten' }).waitFor();
    violations.push(...(await steps.step(page, 'catalogues')));

    const edit = page.getByRole('button', { name: 'debat wijzigen' });
    await tabTo(page, edit);
    await page.keyboard.press('Enter');
    const dutch = page.getByRole('form', { name: 'debate wijzigen' }).getByLabel('Naam in het Nederlands');
    await tabTo(page, dutch);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(`debat in de klas ${suffix}`);
    await tabTo(page, page.getByRole('button', { name: 'Opslaan' }));
    violations.push(...(await steps.step(page, 'editing')));
    await page.keyboard.press('Enter');
    await page.getByText(`debat in de klas ${suffix} is opgeslagen.`).waitFor();
    violations.push(...(await steps.step(page, 'saved')));

    const types = (await (await fetch(`${system.urls.activities}/v1/activity-types`)).json()) as Array<{ slug: string; label: { nl: string } }>;
    expect(types.find((type) => type.slug === 'debate')?.label.nl).toBe(`debat in de klas ${suffix}`);
    await page.context().close();
  }, 180_000);

  it('an administrator sees a dead-lettered event of every consumer with its reason, and replays one', async () => {
    const steps = new Steps('administration-dead-letters');
    // A producer's bug: an event whose payload breaks its contract. Every consumer dead-letters it at once.
    const nc = await connect({ servers: TEST_NATS });
    const envelope = createEnvelope(ActivityScheduledV1.subject, { activityId: 'not-an-id', title: 'kapot' }, { producer: 'activities' });
    try {
      await jetstream(nc).publish(new EventNamespace(system.namespace).subject(ActivityScheduledV1.subject), JSON.stringify(envelope), {
        msgID: envelope.eventId,
      });
    } finally {
      await nc.close();
    }
    const page = await administrator();
    await page.getByRole('link', { name: 'Vastgelopen gebeurtenissen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vastgelopen gebeurtenissen' }).waitFor();
    const replays = page.getByRole('button', { name: /opnieuw aanbieden/ });
    await waitFor(
      async () => {
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'Vastgelopen gebeurtenissen' }).waitFor();
        await page.getByRole('status').filter({ hasText: 'Bezig met laden' }).waitFor({ state: 'detached' });
        return replays.count();
      },
      (count) => count === 3,
      { what: 'the three consumers’ dead letters on the page', timeoutMs: 30_000 },
    );
    const listed = await page.locator('main table').innerText();
    expect(listed).toContain(ActivityScheduledV1.subject);
    expect(listed).toContain(envelope.eventId);
    expect(listed).not.toContain('kapot');
    violations.push(...(await steps.step(page, 'listed')));

    await page.getByRole('button', { name: `${ActivityScheduledV1.subject} (rapportage) opnieuw aanbieden` }).click();
    await page.getByText(`${ActivityScheduledV1.subject} is opnieuw aangeboden aan rapportage.`).waitFor();
    violations.push(...(await steps.step(page, 'replayed')));
    await page.context().close();
  }, 180_000);

  it('an administrator sees a job that failed for good with its reason, and retries it', async () => {
    const steps = new Steps('administration-failed-work');
    // A job no handler knows (as after a rename without a migration): it fails for good at once.
    const queue = new Queue(`${system.namespace}-activities-housekeeping`, { connection: { url: TEST_REDIS }, prefix: 'deelwijs' });
    const jobId = `orphan-${randomUUID()}`;
    try {
      await queue.add('rename-leftover', {}, { jobId, attempts: 1 });
      await waitFor(() => queue.getJob(jobId), (job) => Boolean(job?.failedReason), { what: 'the job to fail' });
      const page = await administrator();
      await page.getByRole('link', { name: 'Mislukte taken en leveringen' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mislukte taken en leveringen' }).waitFor();
      await page.getByText('Geen mislukte leveringen.').waitFor();
      const retry = page.getByRole('button', { name: 'Taak rename-leftover (activiteiten) opnieuw proberen' });
      await retry.waitFor();
      expect(await page.locator('main').innerText()).toContain('No handler for job "rename-leftover" on queue "housekeeping"');
      violations.push(...(await steps.step(page, 'listed')));
      const failedBefore = (await queue.getJob(jobId))!.finishedOn;
      await retry.click();
      await page.getByText('rename-leftover (activiteiten) wordt opnieuw geprobeerd.').waitFor();
      violations.push(...(await steps.step(page, 'retried')));
      // It ran again (and, its name still unknown, failed again).
      await waitFor(() => queue.getJob(jobId), (job) => Boolean(job?.finishedOn && job.finishedOn !== failedBefore), { what: 'the retried job to run' });
      await page.context().close();
    } finally {
      await queue.close();
    }
  }, 180_000);

  it('the privacy officer reads the audit of every service for a period, and is told which e-mail address is wrong', async () => {
    const steps = new Steps('administration-audit');
    const context = await personContext(browser);
    const page = await context.newPage();
    await signIn(page, system.urls.portal, 'privacy', system.account('privacy').password);
    await page.getByRole('heading', { level: 1, name: 'Inzage in persoonsgegevens' }).waitFor();
    expect(await page.locator('nav').innerText()).not.toContain('Beheer');
    violations.push(...(await steps.step(page, 'audit')));

    await page.getByLabel('E-mailadres (niet verplicht)').fill('geen-adres');
    await page.getByRole('button', { name: 'Tonen' }).click();
    await page.getByLabel('E-mailadres (niet verplicht)').and(page.locator('[aria-invalid="true"]')).waitFor();
    violations.push(...(await steps.step(page, 'refused-email')));

    await page.getByLabel('E-mailadres (niet verplicht)').fill('');
    await page.getByRole('button', { name: 'Tonen' }).click();
    await page.getByRole('status').filter({ hasText: /vastgelegde/ }).first().waitFor();
    // The first read was itself audited in each service: the second shows those reads.
    await page.getByRole('button', { name: 'Tonen' }).click();
    await page.getByRole('status').filter({ hasText: /\d+ vastgelegde handelingen/ }).waitFor();
    const table = await page.locator('main table').innerText();
    for (const service of ['activiteiten', 'kennis', 'rapportage']) {
      expect(table).toContain(service);
    }
    violations.push(...(await steps.step(page, 'entries')));

    // Not for administrators' eyes, nor the other way round.
    const administratorClient = await system.signedIn('beheerder');
    expect((await administratorClient.api('GET', '/api/activities/privacy/audit?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z')).status).toBe(403);
    const officer = await system.signedIn('privacy');
    expect((await officer.api('GET', '/api/activities/dead-letters')).status).toBe(403);
    await context.close();
  }, 180_000);
});
