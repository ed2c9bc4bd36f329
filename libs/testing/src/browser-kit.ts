import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { repositoryRoot } from './service-process';

/** What the page functions below touch in the browser (this code is compiled for Node, without the DOM library). */
declare const document: {
  activeElement: unknown;
  getElementById(id: string): { textContent: string | null } | null;
  documentElement: { lang: string; scrollWidth: number };
};

/**
 * Browser tests and benchmarks (playwright-core driving Debian's Chromium, axe-core): launch,
 * a person's context, sign-in at the embedded provider, screenshots with an accessibility check
 * per step, and keyboard-only movement.
 */

/** Debian's Chromium (Playwright's own browser download does not work here), headless. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Date and time fields in Dutch notation, as a person's browser in the Netherlands shows them.
  '--lang=nl-NL',
];

/** Playwright is loaded when a browser is wanted, not by every test that imports @deelwijs/testing. */
export function launchChromium(): Promise<Browser> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** A person's own browser: Dutch, in Amsterdam, at the given size. */
export function personContext(browser: Browser, viewport = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({ locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', viewport });
}

export function builtWebApp(): string {
  const dir = path.join(repositoryRoot(), 'dist', 'services', 'portal-web');
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: build the web app first (npm test and npm start do)`);
  }
  return dir;
}

/**
 * The hooks every browser spec shares. Answers the list each step's accessibility violations are
 * pushed onto: after each test, any there fail that test (the step that found them is in it).
 * After all tests, the browser and the system that `parts` hands over are closed and stopped;
 * a spec that started more stops that in its own afterAll.
 */
export function browserSuite(parts: () => { browser?: Browser; system?: { stop(): Promise<void> } }): string[] {
  const violations: string[] = [];
  afterAll(async () => {
    const { browser, system } = parts();
    await browser?.close();
    await system?.stop();
  }, 60_000);
  afterEach(() => {
    const found = violations.splice(0);
    expect(found).toEqual([]);
  });
  return violations;
}

/**
 * One step of a person's task: a full-page screenshot under dist/screenshots/ and an
 * accessibility check of the page as it now stands (WCAG 2.1 A and AA); serious and critical
 * violations are returned for the test to assert on.
 */
export class Steps {
  private count = 0;
  readonly directory = path.join(repositoryRoot(), 'dist', 'screenshots');
  readonly taken: string[] = [];

  constructor(private readonly flow: string) {
    mkdirSync(this.directory, { recursive: true });
  }

  async step(page: Page, name: string): Promise<string[]> {
    this.count += 1;
    const file = path.join(this.directory, `${this.flow}-${String(this.count).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    this.taken.push(path.relative(repositoryRoot(), file));
    const found = await accessibilityViolations(page, (builder) => builder.exclude(SCRIPTLESS_FRAMES));
    // axe-core runs inside each frame, which a sandbox without scripts forbids (its analysis then
    // never finishes): such a frame's document is checked on a page of its own instead.
    for (const frame of await scriptlessFrames(page)) {
      const scratch = await page.context().newPage();
      try {
        await scratch.setContent(frame.html);
        found.push(...(await accessibilityViolations(scratch)).map((violation) => `frame "${frame.title}": ${violation}`));
      } finally {
        await scratch.close();
      }
    }
    return found.map((violation) => `${name}: ${violation}`);
  }
}

/** Frames sandboxed without scripts (the report preview shows the printed page that way). */
const SCRIPTLESS_FRAMES = 'iframe[sandbox]:not([sandbox~="allow-scripts"])';

function scriptlessFrames(page: Page): Promise<Array<{ title: string; html: string }>> {
  return page
    .locator(SCRIPTLESS_FRAMES)
    .evaluateAll((frames) =>
      (frames as unknown as Array<{ title: string; srcdoc: string }>)
        .filter((frame) => frame.srcdoc !== '')
        .map((frame) => ({ title: frame.title, html: frame.srcdoc })),
    );
}

/** Serious and critical WCAG 2.1 A and AA violations on the page as it now stands. */
async function accessibilityViolations(
  page: Page,
  narrow: (builder: import('@axe-core/playwright').AxeBuilder) => import('@axe-core/playwright').AxeBuilder = (builder) => builder,
): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose
  const { AxeBuilder } = require('@axe-core/playwright') as typeof import('@axe-core/playwright');
  const result = await narrow(new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])).analyze();
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}) at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** Signs in at the embedded provider's page, as the person would, and lands back in the portal. */
export async function signIn(
  page: Page,
  portalUrl: string,
  username: string,
  password: string,
  path = '/',
): Promise<void> {
  await page.goto(`${portalUrl}${path}`);
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.waitForURL((url) => url.href.startsWith(portalUrl));
}

/** Moves the focus with Tab (Shift+Tab when backwards) until the element has it, as a keyboard user does. */
export async function tabTo(
  page: Page,
  target: Locator,
  { backwards = false, limit = 80 } = {},
): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) {
      return;
    }
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${target} never received the focus after ${limit} presses of Tab`);
}

/**
 * The cells of a table's body rows that a person on this screen cannot get to: a cell counts
 * as reachable when it lies within the viewport's width, or inside a sideways-scrolling region
 * that the keyboard can focus (tabindex) and that has a name (aria-label or aria-labelledby),
 * so that a touch, a mouse and a keyboard can all scroll it into view. Returned as
 * "row r, column c: text" for the test to show.
 */
export async function unreachableCells(table: Locator): Promise<string[]> {
  return table.evaluate((element) => {
    type Box = { left: number; right: number };
    type Node = {
      parentElement: Node | null;
      tabIndex: number;
      scrollWidth: number;
      clientWidth: number;
      scrollLeft: number;
      textContent: string | null;
      getAttribute(name: string): string | null;
      getBoundingClientRect(): Box;
      querySelectorAll(selector: string): ArrayLike<Node>;
    };
    const view = globalThis as unknown as {
      innerWidth: number;
      getComputedStyle(node: Node): { overflowX: string };
    };
    const tableNode = element as unknown as Node;
    /** The nearest ancestor that scrolls sideways and holds more than it shows. */
    const scroller = (node: Node): Node | undefined => {
      for (let up = node.parentElement; up; up = up.parentElement) {
        const overflow = view.getComputedStyle(up).overflowX;
        if ((overflow === 'auto' || overflow === 'scroll') && up.scrollWidth > up.clientWidth) {
          return up;
        }
      }
      return undefined;
    };
    const bodyRows = Array.from(tableNode.querySelectorAll(':scope > tbody > tr'));
    const rows = bodyRows.length > 0 ? bodyRows : Array.from(tableNode.querySelectorAll('tr'));
    const found: string[] = [];
    rows.forEach((row, rowIndex) => {
      Array.from(row.querySelectorAll(':scope > th, :scope > td')).forEach((cell, columnIndex) => {
        const box = cell.getBoundingClientRect();
        if (box.left >= -0.5 && box.right <= view.innerWidth + 0.5) {
          return;
        }
        const region = scroller(cell);
        if (region) {
          const named = Boolean(region.getAttribute('aria-label') || region.getAttribute('aria-labelledby'));
          const outer = region.getBoundingClientRect();
          const inside = box.right - outer.left + region.scrollLeft <= region.scrollWidth + 0.5;
          const shown = outer.left >= -0.5 && outer.right <= view.innerWidth + 0.5;
          if (region.tabIndex >= 0 && named && inside && shown) {
            return;
          }
        }
        found.push(`row ${rowIndex + 1}, column ${columnIndex + 1}: ${(cell.textContent ?? '').trim()}`);
      });
    });
    return found;
  });
}
