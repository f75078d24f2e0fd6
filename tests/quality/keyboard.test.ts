// Keyboard journeys in a real headless Chromium, served with the production headers: only Tab,
// Shift+Tab, Enter, Space and typing. Every loop is bounded; a failure lists the focus path.
// Pages are chosen from the build itself (e.g. a service page with a checklist and a translation).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { loadPages, serveWithProductionHeaders, type Page as SitePage, type ServedSite } from '../helpers/quality-site.ts';

let browser: Browser;
let site: ServedSite;
let context: BrowserContext;
let pages: SitePage[] = [];

beforeAll(async () => {
  pages = (await loadPages()).filter((page) => !page.redirect);
  site = await serveWithProductionHeaders();
  browser = await launchBrowser();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await site?.close();
});

/** Every request and stored key of the journeys: searching must not reach out or store either. */
const requests: string[] = [];
const stored: string[] = [];
/** Console errors (CSP refusals included) and uncaught exceptions while searching and navigating. */
const errors: string[] = [];

async function open(path: string): Promise<Page> {
  await closeContext();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.on('request', (request) => {
    if (!/^(data|blob):/.test(request.url())) requests.push(request.url());
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`${page.url()}: uncaught ${error.message}`));
  await page.goto(`${site.origin}${path}`);
  return page;
}

async function closeContext() {
  if (!context) return;
  for (const page of context.pages()) {
    stored.push(...(await page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]).catch(() => [])));
  }
  stored.push(...(await context.cookies()).map((cookie) => `cookie ${cookie.name}`));
  await context.close();
}

interface Focused {
  tag: string;
  text: string;
  href: string | null;
  id: string;
  /** Inside which landmark: header nav, main, footer… */
  inNav: boolean;
  inMain: boolean;
  inHeader: boolean;
  /** A visible focus indicator: outline or box-shadow, and a box on screen. */
  indicated: boolean;
}

const describeFocus = (page: Page) =>
  page.evaluate((): Focused | null => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
      tag: element.tagName.toLowerCase(),
      text: (element.getAttribute('aria-label') ?? element.textContent ?? (element as HTMLInputElement).value ?? '').trim().replace(/\s+/g, ' ').slice(0, 60),
      href: element.getAttribute('href'),
      id: element.id,
      inNav: element.closest('header nav') !== null,
      inMain: element.closest('main') !== null,
      inHeader: element.closest('header') !== null,
      indicated: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none' ? box.width > 1 && box.height > 1 : false,
    };
  });

const label = (focus: Focused | null) => (focus ? `${focus.tag}${focus.id ? `#${focus.id}` : ''}${focus.href ? `[href=${focus.href}]` : ''} "${focus.text}"` : '(body)');

/** Presses Tab until `done` holds for the focused element; at most `max` presses. */
async function tabUntil(page: Page, done: (focus: Focused) => boolean, max = 60): Promise<{ focus: Focused | undefined; path: Focused[] }> {
  const path: Focused[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focus = await describeFocus(page);
    if (!focus) continue;
    path.push(focus);
    if (done(focus)) return { focus, path };
  }
  return { focus: undefined, path };
}

const trail = (path: Focused[]) => `focus went: ${path.map(label).join(' → ') || 'nowhere'}`;

describe('keyboard journeys', () => {
  for (const start of ['/', '/en/']) {
    it(`skip link is the first stop on ${start} and moves focus to the main content`, async () => {
      const page = await open(start);
      await page.keyboard.press('Tab');
      const first = await describeFocus(page);
      expect(first?.href, `first Tab stop is ${label(first)}`).toBe('#main-content');
      expect(first?.indicated, 'the skip link is visible and has a focus indicator when focused').toBe(true);
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
      const next = await tabUntil(page, () => true, 1);
      expect(next.focus?.inMain, `the Tab after the skip link lands in main: ${label(next.focus ?? null)}`).toBe(true);
    });
  }

  it('the main navigation is reachable, each link shows focus, and Enter follows a link', async () => {
    const page = await open('/');
    const expected = pages.find((p) => p.path === '/')!.doc.querySelectorAll('header nav a').map((a) => a.getAttribute('href'));
    expect(expected.length, 'links in the header navigation').toBeGreaterThan(2);
    const { focus, path } = await tabUntil(page, (f) => f.inNav);
    expect(focus, trail(path)).toBeDefined();
    const reached = [focus!];
    for (let i = 1; i < expected.length; i++) {
      const next = await tabUntil(page, () => true, 1);
      reached.push(next.focus!);
    }
    expect(reached.map((f) => f.href)).toEqual(expected);
    const unindicated = [...path, ...reached].filter((f) => !f.indicated).map(label);
    expect(unindicated, 'focused without a visible focus indicator').toEqual([]);
    // Back to the first navigation link and follow it.
    for (let i = 1; i < expected.length; i++) await page.keyboard.press('Shift+Tab');
    expect((await describeFocus(page))?.href).toBe(expected[0]);
    await Promise.all([page.waitForURL(`${site.origin}${expected[0]}`), page.keyboard.press('Enter')]);
    expect(await page.locator(`header nav a[href="${expected[0]}"]`).getAttribute('aria-current')).toBe('page');
  });

  it('the language switch leads to the same page in the other language and back', async () => {
    const service = pages.find((p) => /^\/dienstleistungen\/[^/]+\/$/.test(p.path) && p.alternates.en);
    expect(service, 'a German service page with an English counterpart').toBeDefined();
    const english = new URL(service!.alternates.en!).pathname;
    const page = await open(service!.path);
    let step = await tabUntil(page, (f) => f.inHeader && f.href === english);
    expect(step.focus, trail(step.path)).toBeDefined();
    await Promise.all([page.waitForURL(`${site.origin}${english}`), page.keyboard.press('Enter')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    step = await tabUntil(page, (f) => f.inHeader && f.href === service!.path);
    expect(step.focus, trail(step.path)).toBeDefined();
    await Promise.all([page.waitForURL(`${site.origin}${service!.path}`), page.keyboard.press('Enter')]);
    expect(await page.getAttribute('html', 'lang')).toBe('de');
  });

  it('search: the header field, Enter, results, and a result followed by keyboard', async () => {
    const page = await open('/');
    const step = await tabUntil(page, (f) => f.inHeader && f.tag === 'input');
    expect(step.focus, trail(step.path)).toBeDefined();
    expect(step.focus!.indicated, 'the search field shows focus').toBe(true);
    await page.keyboard.type('Reisepass');
    await Promise.all([page.waitForURL(/\/suche\/?\?q=Reisepass/), page.keyboard.press('Enter')]);
    const result = page.locator('main ol a[href*="reisepass"]').first();
    await result.waitFor({ timeout: 15_000 });
    const href = await result.getAttribute('href');
    const toResult = await tabUntil(page, (f) => f.inMain && f.href === href, 80);
    expect(toResult.focus, trail(toResult.path)).toBeDefined();
    await Promise.all([page.waitForURL((url) => url.pathname === new URL(href!, site.origin).pathname), page.keyboard.press('Enter')]);
  });

  it('a service page’s checklist: each item is reached with Tab and ticked with Space', async () => {
    const service = pages.find((p) => /^\/dienstleistungen\/[^/]+\/$/.test(p.path) && p.doc.querySelectorAll('main input[type="checkbox"]').length >= 2);
    expect(service, 'a German service page with a checklist of at least two items').toBeDefined();
    const page = await open(service!.path);
    const first = await tabUntil(page, (f) => f.inMain && f.tag === 'input');
    expect(first.focus, trail(first.path)).toBeDefined();
    expect(first.focus!.indicated, 'the checkbox shows focus').toBe(true);
    const firstId = first.focus!.id;
    await page.keyboard.press('Space');
    expect(await page.isChecked(`#${firstId}`)).toBe(true);
    await page.keyboard.press('Tab');
    const second = await describeFocus(page);
    expect(second?.tag, 'the next Tab stop is the next checklist item').toBe('input');
    await page.keyboard.press('Space');
    expect(await page.isChecked(`#${second!.id}`)).toBe(true);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Space');
    expect(await page.isChecked(`#${firstId}`), 'Space unticks again').toBe(false);
  });

  it('the journeys, search included, made no request to another origin, stored nothing and logged no error', async () => {
    await closeContext();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => new URL(url).origin !== site.origin)).toEqual([]);
    expect(stored).toEqual([]);
    expect(errors).toEqual([]);
  });
});
