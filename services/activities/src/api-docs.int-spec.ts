import type { Browser } from 'playwright-core';
import { browserKit, staffToken } from '@deelwijs/testing';
import { InProcessActivities } from './testing/in-process-activities';

/**
 * The API documentation as a person uses it, in a real browser: Swagger UI at /v1/docs renders
 * the service's operations from files the service serves itself, and "Try it out" after
 * "Authorize" with a bearer token sends the token and gets the service's answer.
 */
describe('API documentation at /v1/docs (real PostgreSQL, NATS, Redis, Chromium)', () => {
  let service: InProcessActivities;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    service = await InProcessActivities.start('api_docs');
    await service.app.listen(0, '127.0.0.1');
    base = await service.app.getUrl();
    browser = await browserKit.launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await service?.close();
  }, 30_000);

  it('renders every operation and tries one out with a bearer token', async () => {
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(base)) {
        external.push(request.url());
      }
    });
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) {
        refused.push(message.text());
      }
    });
    const answer = await page.goto(`${base}/v1/docs`);
    // The API's own policy is 'none' for everything; the page has one of its own, still strict.
    expect(answer!.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(20);

    await page.getByRole('button', { name: /Authorize/ }).first().click();
    const bearer = page.locator('.auth-container').filter({ hasText: 'bearer' });
    await bearer.locator('input').fill(staffToken(['organiser']));
    await bearer.locator('button.authorize').click();
    await bearer.locator('button.btn-done').click();

    const operation = page.locator('.opblock-get').filter({ has: page.locator('[data-path="/activities"]') });
    await operation.locator('.opblock-summary').first().click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => new URL(candidate.url()).pathname === '/v1/activities'),
      operation.getByRole('button', { name: 'Execute' }).click(),
    ]);
    expect(response.request().headers().authorization).toMatch(/^Bearer ey/);
    expect(response.status()).toBe(200);
    // Everything the page loaded came from the service: no CDN for a CSP to allow.
    expect(external).toEqual([]);
    expect(refused).toEqual([]);
    await page.close();
  }, 60_000);
});
