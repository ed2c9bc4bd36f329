import type { Browser } from 'playwright-core';
import { browserKit, PortalSystem } from '@deelwijs/testing';

const { builtWebApp, launchChromium, personContext, signIn, Steps } = browserKit;

/**
 * The queue dashboard in Chromium against the real system: the demo administrator follows the
 * link on the administration overview to Bull Board, which renders under the portal's content
 * security policy (nothing it needs is blocked; the web font it would fetch from Google is, on
 * purpose), and the board's own same-origin calls may change a queue.
 */
describe('the queue dashboard in a browser', () => {
  let system: PortalSystem;
  let browser: Browser;

  beforeAll(async () => {
    builtWebApp();
    [system, browser] = await Promise.all([PortalSystem.start({ label: 'board_browser' }), launchChromium()]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  }, 60_000);

  it('an administrator opens Bull Board from the administration overview and pauses and resumes a queue', async () => {
    const steps = new Steps('queue-board');
    const context = await personContext(browser);
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) {
        blocked.push(message.text());
      }
    });
    await signIn(page, system.urls.portal, 'beheerder', system.account('beheerder').password, '/administration');
    await page.getByRole('heading', { level: 1, name: 'Beheer' }).waitFor();
    expect(await steps.step(page, 'administration')).toEqual([]);

    await page.getByRole('link', { name: 'Wachtrijen van de achtergrondtaken (Bull Board)' }).click();
    await page.waitForURL(`${system.urls.portal}/admin/queues`);
    const queue = `${system.namespace}-reporting-housekeeping`;
    await page.getByText(queue, { exact: true }).first().waitFor();
    // Bull Board's own page is its authors' (its accessibility is not ours to fix): a screenshot only.
    await page.screenshot({ path: `${steps.directory}/queue-board-02-board.png`, fullPage: true });
    expect(blocked.filter((text) => !text.includes('fonts.googleapis.com'))).toEqual([]);

    // The board's calls are same-origin fetches from its page: the browser sends the portal's Origin.
    const call = (action: string) =>
      page.evaluate(async (url) => (await fetch(url, { method: 'PUT' })).status, `/admin/queues/api/queues/${encodeURIComponent(queue)}/${action}`);
    expect(await call('pause')).toBe(200);
    expect(await call('resume')).toBe(200);
  }, 60_000);
});
