// The search archive of a large site (src/build/search-archive.ts, src/browser/search.ts): older
// press items and past events in an index of their own that the first search does not load.
// The embedded site is too small to be split; here a copy of it is indexed with the split forced
// (splitMinPages 0) and a pinned date, and searched in headless Chromium under the production
// headers: an archived page is found automatically when the current index has nothing, and with
// one click ("Auch im Archiv suchen") when it has something. The built site itself stays
// unsplit and answers as before.
import AxeBuilder from '@axe-core/playwright';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexSite } from '../../src/build/index-search.ts';
import { isArchived } from '../../src/build/search-archive.ts';
import { indexedPages } from '../../server/search-catch-up.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { searchPath, serveWithHeaders, siteDir, waitForResults } from './site.ts';

const now = new Date('2026-12-06T12:00:00+01:00');
// Words only archived pages use (the partner pages list past events too, so an event's title
// words are no such words): the current index finds nothing for them.
const onlyArchived = {
  de: { query: 'Rückblick', page: '/presse/ein-jahr-ksp-rueckblick/' },
  en: { query: 'sustainability', page: '/en/events/themenwoche-nachhaltigkeit-2022/' },
};
const archivedPress = '/presse/deutschlandticket-beratung-im-ksp/';

let browser: Browser;
let splitDir: string;
let split: Awaited<ReturnType<typeof serveWithHeaders>>;
let whole: Awaited<ReturnType<typeof serveWithHeaders>>;

beforeAll(async () => {
  splitDir = await mkdtemp(path.join(os.tmpdir(), 'ksp-search-archive-'));
  await cp(siteDir, splitDir, { recursive: true });
  await indexSite(splitDir, { splitMinPages: 0, now });
  [split, whole, browser] = await Promise.all([serveWithHeaders(splitDir), serveWithHeaders(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await split?.close();
  await whole?.close();
  if (splitDir) await rm(splitDir, { recursive: true, force: true });
});

const resultLinks = (page: Page) => page.$$eval('[data-search-results] li h3 a', (links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));

async function openPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  const requests: string[] = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  return { context, page, problems, requests };
}

async function expectAxeClean(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

describe('which pages are archived', () => {
  const page = (type: string, date: string) => `<div hidden data-search-meta><span data-pagefind-filter="type:${type}"></span><span data-pagefind-meta="date:${date}"></span></div>`;

  it('press items after two years, events 30 days after they began, nothing else', () => {
    expect(isArchived(page('Presse', '2024-11-01'), now)).toBe(true);
    expect(isArchived(page('Press', '2025-01-10'), now)).toBe(false);
    expect(isArchived(page('Veranstaltung', '2026-10-01T10:00:00+02:00'), now)).toBe(true);
    expect(isArchived(page('Event', '2026-11-20T10:00:00+01:00'), now)).toBe(false);
    expect(isArchived(page('Event', '2027-01-21T11:00:00+01:00'), now)).toBe(false);
    expect(isArchived(page('Dienstleistung', '2015-01-01'), now)).toBe(false);
    expect(isArchived(page('Presse', 'kein Datum'), now)).toBe(false);
    expect(isArchived('<main data-pagefind-body>Presse 2015</main>', now)).toBe(false);
  });

  it('the split copy lists its archive; the built site, below the split size, has none', async () => {
    const manifest = JSON.parse(await readFile(path.join(splitDir, 'pagefind', 'archive.json'), 'utf8')) as { languages: Record<string, number> };
    // Five press items of 2021–2023 and five events of October 2022, in German and English.
    expect(manifest).toEqual({ version: 1, languages: { de: 10, en: 10 } });
    const built = JSON.parse(await readFile(path.join(siteDir, 'pagefind', 'archive.json'), 'utf8')) as unknown;
    expect(built).toEqual({ version: 1, languages: {} });
    // The publish server counts both indexes when it decides whether search may follow the pages.
    expect(await indexedPages(splitDir)).toBe(await indexedPages(siteDir));
    expect(await indexedPages(splitDir)).toBeGreaterThan(20);
  });
});

describe('search with an archive', () => {
  it('the first search loads only the current index, which lacks the archived pages', async () => {
    const { context, page, problems, requests } = await openPage();
    await page.goto(`${split.url}${searchPath.de}?q=Reisepass`);
    await waitForResults(page);
    expect((await resultLinks(page))[0]).toBe('/dienstleistungen/reisepass-abholen/');
    expect(requests.filter((p) => p.startsWith('/pagefind/archive/'))).toEqual([]);
    const inCurrent = await page.evaluate(`import('/pagefind/pagefind.js').then(async (pagefind) => (await pagefind.search('Rückblick')).results.length)`);
    expect(inCurrent).toBe(0);
    // The action names what the archive holds; it is a real button.
    await expect(page.locator('[data-search-archive] button').isVisible()).resolves.toBe(true);
    expect(await page.textContent('[data-search-archive]')).toMatch(/Auch im Archiv suchen\s*Ältere Pressemeldungen und vergangene Veranstaltungen/);
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  for (const locale of ['de', 'en'] as const) {
    it(`finds an archived page by itself when the current index has nothing (${locale})`, async () => {
      const { context, page, problems, requests } = await openPage();
      await page.goto(`${split.url}${searchPath[locale]}?q=${encodeURIComponent(onlyArchived[locale].query)}`);
      await waitForResults(page);
      expect(await resultLinks(page)).toContain(onlyArchived[locale].page);
      expect(requests.some((p) => p.startsWith('/pagefind/archive/'))).toBe(true);
      expect(await page.textContent('[data-search-status]')).toContain(locale === 'de' ? 'Mit Archiv' : 'Archive included');
      expect(await page.isVisible('[data-search-archive]')).toBe(false);
      expect(await page.isVisible('[data-search-help]')).toBe(false);
      await expectAxeClean(page);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('searches the archive as well when a word only archived pages use meets noise in the current index', async () => {
    // The current index answers "anniversary" with pages that merely begin like it; the site's
    // vocabulary holds the word, so it is searched where it is: in the archive.
    const { context, page, problems } = await openPage();
    await page.goto(`${split.url}${searchPath.en}?q=anniversary`);
    await waitForResults(page);
    const links = await resultLinks(page);
    expect(links).toContain('/en/press/ab-in-die-mitte-preis/');
    expect(links).not.toContain('/en/services/reisepass-abholen/');
    expect(await page.textContent('[data-search-status]')).toContain('Archive included');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('adds the archive with one click when the current index has results', async () => {
    const { context, page, problems } = await openPage();
    await page.goto(`${split.url}${searchPath.de}?q=Deutschlandticket`);
    await waitForResults(page);
    const current = await resultLinks(page);
    expect(current.length).toBeGreaterThan(0);
    expect(current).not.toContain(archivedPress);
    const before = await page.textContent('[data-search-status]');
    await page.click('[data-search-archive] button');
    await page.waitForFunction((text) => document.querySelector('[data-search-status]')?.textContent !== text && !document.querySelector('[data-search-status]')?.hasAttribute('aria-busy'), before);
    expect(await resultLinks(page)).toContain(archivedPress);
    expect(await page.textContent('[data-search-status]')).toContain('Mit Archiv');
    expect(await page.isVisible('[data-search-archive]')).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q');
    // The link keeps the archive: opened again, it searches both at once.
    expect(new URL(page.url()).searchParams.get('archiv')).toBe('1');
    await expectAxeClean(page);
    await page.goto(page.url());
    await waitForResults(page);
    expect(await resultLinks(page)).toContain(archivedPress);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a query that finds nothing anywhere still gets the help', async () => {
    const { context, page, problems } = await openPage();
    await page.goto(`${split.url}${searchPath.de}?q=Xylophonwerkstatt`);
    await waitForResults(page);
    expect(await resultLinks(page)).toEqual([]);
    expect(await page.isVisible('[data-search-help]')).toBe(true);
    expect(await page.textContent('[data-search-status]')).not.toContain('Mit Archiv');
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('search without an archive (the built site)', () => {
  it('finds the same page in its one index, with no archive action and no archive request', async () => {
    const { context, page, problems, requests } = await openPage();
    await page.goto(`${whole.url}${searchPath.de}?q=Rückblick`);
    await waitForResults(page);
    expect(await resultLinks(page)).toContain(onlyArchived.de.page);
    expect(await page.isVisible('[data-search-archive]')).toBe(false);
    expect(await page.textContent('[data-search-status]')).not.toContain('Mit Archiv');
    expect(requests.filter((p) => p.startsWith('/pagefind/archive/'))).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
