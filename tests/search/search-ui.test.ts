// The search page in headless Chromium against the built site, served with the production
// headers (CSP included): linkable ?q=, URL kept in sync, filters, keyboard-only use, axe, the
// form without JavaScript, and the search code loading only when it is needed.
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { searchPath, serveWithHeaders, waitForResults } from './site.ts';

let browser: Browser;
let site: Awaited<ReturnType<typeof serveWithHeaders>>;

beforeAll(async () => {
  site = await serveWithHeaders();
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** A fresh page that records CSP violations and failed script loads. */
async function openPage(options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { context, page, problems };
}

const resultLinks = (page: Page) => page.$$eval('[data-search-results] li h3 a', (links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
const resultTypes = (page: Page) => page.$$eval('[data-search-results] li p span:first-child', (spans) => spans.map((span) => span.textContent?.trim()));

describe('search page', () => {
  it('?q= pre-fills the field and runs the search, under the production CSP', async () => {
    const { context, page, problems } = await openPage();
    await page.goto(`${site.url}${searchPath.de}?q=Reisepass`);
    await waitForResults(page);
    expect(await page.inputValue('main input[name="q"]')).toBe('Reisepass');
    expect(await page.textContent('[data-search-status]')).toMatch(/\d+ Ergebnisse? für „Reisepass“/);
    expect((await resultLinks(page))[0]).toBe('/dienstleistungen/reisepass-abholen/');
    // Excerpts highlight the matched words; the badge names the type in words.
    expect(await page.locator('[data-search-results] mark').count()).toBeGreaterThan(0);
    expect((await resultTypes(page))[0]).toBe('Dienstleistung');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps the URL in sync while typing and shows English strings on the English page', async () => {
    const { context, page, problems } = await openPage();
    await page.goto(`${site.url}${searchPath.en}`);
    await page.fill('main input[name="q"]', 'passport');
    await waitForResults(page);
    expect(new URL(page.url()).searchParams.get('q')).toBe('passport');
    expect(await page.textContent('[data-search-status]')).toMatch(/\d+ results? for “passport”/);
    expect((await resultTypes(page))[0]).toBe('Service');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('filters narrow the results by type and by provider', async () => {
    const { context, page } = await openPage();
    await page.goto(`${site.url}${searchPath.de}?q=Kassel`);
    await waitForResults(page);
    const all = await page.$$eval('[data-search-results] li', (items) => items.length);
    const allCount = Number((await page.textContent('[data-search-status]'))!.match(/\d+/)![0]);
    expect(new Set(await resultTypes(page)).size).toBeGreaterThan(1);

    await page.check('input[name="type"][value="Presse"]');
    await page.waitForFunction((before) => !document.querySelector('[data-search-status]')?.textContent?.startsWith(`${before} `), allCount);
    await waitForResults(page);
    const pressCount = Number((await page.textContent('[data-search-status]'))!.match(/\d+/)![0]);
    expect(pressCount).toBeGreaterThan(0);
    expect(pressCount).toBeLessThan(allCount);
    expect(new Set(await resultTypes(page))).toEqual(new Set(['Presse']));
    expect(new URL(page.url()).searchParams.getAll('type')).toEqual(['Presse']);
    expect(all).toBeGreaterThan(0);

    // A linked filtered search restores the filters.
    await page.goto(`${site.url}${searchPath.de}?q=Beratung&type=Dienstleistung&provider=${encodeURIComponent('Städtische Werke Kassel')}`);
    await waitForResults(page);
    expect(await page.isChecked('input[name="type"][value="Dienstleistung"]')).toBe(true);
    const links = await resultLinks(page);
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((link) => link.startsWith('/dienstleistungen/'))).toBe(true);
    expect(links).toContain('/dienstleistungen/gas-fernwaerme-beratung/');
    expect(links).not.toContain('/dienstleistungen/deutschlandticket-beratung/');
    await context.close();
  });

  it('works with the keyboard alone', async () => {
    const { context, page } = await openPage();
    await page.goto(`${site.url}${searchPath.de}`);
    // Tab from the top of the page to the search page's field.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.id === 'search-page-q')) break;
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-page-q');
    await page.keyboard.type('Strom');
    await page.keyboard.press('Enter');
    await waitForResults(page);
    expect((await resultLinks(page))[0]).toBe('/dienstleistungen/stromvertrag-abschliessen/');

    // Tab on to the type filter, tick "Dienstleistung" with the space bar.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value === 'Dienstleistung')) break;
    }
    await page.keyboard.press('Space');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('type') === 'Dienstleistung');
    await waitForResults(page);
    expect(new Set(await resultTypes(page))).toEqual(new Set(['Dienstleistung']));

    // Tab on past the provider filter to the first result; Enter follows it.
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.closest('[data-search-results]') !== null)) break;
    }
    expect(await page.evaluate(() => document.activeElement?.closest('[data-search-results]') !== null)).toBe(true);
    await Promise.all([page.waitForURL(/\/dienstleistungen\/stromvertrag-abschliessen\/$/), page.keyboard.press('Enter')]);
    await context.close();
  });

  it('has no axe violations with results and filters open', async () => {
    for (const [locale, query] of [['de', 'Pass'], ['en', 'tickets']] as const) {
      const { context, page } = await openPage();
      await page.goto(`${site.url}${searchPath[locale]}?q=${query}`);
      await waitForResults(page);
      expect(await page.locator('[data-search-results] li').count()).toBeGreaterThan(0);
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
      expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      await context.close();
    }
  });

  it('corrects a typo, says so in the live status and offers the correction as a link', async () => {
    const { context, page, problems } = await openPage();
    await page.goto(`${site.url}${searchPath.de}?q=Rsiepass`);
    await waitForResults(page);
    const status = page.locator('[data-search-status]');
    expect(await status.getAttribute('aria-live')).toBe('polite');
    expect(await status.textContent()).toMatch(/^Meinten Sie: Reisepass\? Keine Ergebnisse für „Rsiepass“\. Stattdessen gesucht: „Reisepass“ – \d+ Ergebnisse\.$/);
    expect((await resultLinks(page))[0]).toBe('/dienstleistungen/reisepass-abholen/');
    expect(await page.isHidden('[data-search-help]')).toBe(true);
    // The link searches for the correction: the field, the URL and the status follow.
    await status.locator('a').click();
    await page.waitForFunction(() => /^\d+ Ergebnisse für „Reisepass“\.$/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
    expect(await page.inputValue('main input[name="q"]')).toBe('Reisepass');
    expect(new URL(page.url()).searchParams.get('q')).toBe('Reisepass');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-page-q');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('splits a compound the pages do not contain and names both queries', async () => {
    const { context, page } = await openPage();
    await page.goto(`${site.url}${searchPath.de}?q=Gasvertrag`);
    await waitForResults(page);
    expect(await page.textContent('[data-search-status]')).toMatch(/^\d+ Ergebnisse für „Gasvertrag“ und „Gas Vertrag“\.$/);
    expect(await page.locator('[data-search-status] a').count()).toBe(0);
    expect((await resultLinks(page))[0]).toBe('/dienstleistungen/gas-fernwaerme-beratung/');
    await context.close();
  });

  it('says in English what it searched instead on the English page', async () => {
    const { context, page } = await openPage();
    await page.goto(`${site.url}${searchPath.en}?q=pasport`);
    await waitForResults(page);
    expect(await page.textContent('[data-search-status]')).toMatch(/^Did you mean: passport\? No results for “pasport”\. Searched for “passport” instead – \d+ results\.$/);
    expect((await resultLinks(page))[0]).toBe('/en/services/reisepass-abholen/');
    await context.close();
  });

  it('loads the vocabulary only when a query finds little', async () => {
    const { context, page } = await openPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await page.goto(`${site.url}${searchPath.de}?q=Reisepass`);
    await waitForResults(page);
    await page.waitForLoadState('networkidle');
    expect(requests.filter((p) => p.includes('vocabulary'))).toEqual([]);
    await page.fill('main input[name="q"]', 'Rsiepass');
    await page.press('main input[name="q"]', 'Enter');
    await page.waitForFunction(() => document.querySelector('[data-search-status]')?.textContent?.includes('Rsiepass'));
    expect(requests.filter((p) => p.includes('vocabulary'))).toEqual(['/pagefind/vocabulary-de.json']);
    await context.close();
  });

  it('never ends in a dead end: no results show the most used services, today\'s status and the phone number', async () => {
    for (const [locale, query, heading] of [['de', 'Führerschein', 'Häufig genutzte Dienstleistungen'], ['en', 'driving licence', 'Most used services']] as const) {
      const { context, page, problems } = await openPage();
      await page.goto(`${site.url}${searchPath[locale]}?q=${encodeURIComponent(query)}`);
      await waitForResults(page);
      expect(await page.locator('[data-search-results] li').count()).toBe(0);
      const help = page.locator('[data-search-help]');
      expect(await help.isVisible()).toBe(true);
      expect(await help.locator('h3').first().textContent()).toBe(heading);
      const links = await help.locator('a').evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).getAttribute('href')));
      const services = locale === 'de' ? '/dienstleistungen/' : '/en/services/';
      expect(links.filter((href) => href?.startsWith(services) && href !== services).length).toBeGreaterThanOrEqual(3);
      expect(links).toContain(services);
      expect(links.some((href) => href?.startsWith('tel:'))).toBe(true);
      // The live status replaces the build-time text with the status at the moment of reading.
      expect(await help.locator('[data-live-status]').getAttribute('data-state')).toMatch(/^(open|closed)$/);
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
      expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it('has no axe violations with a corrected query, and the correction is reachable by keyboard', async () => {
    for (const [locale, query] of [['de', 'Rsiepass'], ['en', 'pasport']] as const) {
      const { context, page } = await openPage();
      await page.goto(`${site.url}${searchPath[locale]}?q=${query}`);
      await waitForResults(page);
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
      expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      await page.focus('main input[name="q"]');
      await page.keyboard.press('Tab'); // the submit button
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('[data-search-status]') !== null)).toBe(true);
      await context.close();
    }
  });

  it('loads the search code only when it is needed', async () => {
    const { context, page } = await openPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await page.goto(`${site.url}/dienstleistungen/`);
    await page.waitForLoadState('networkidle');
    expect(requests.filter((p) => p.startsWith('/pagefind/'))).toEqual([]);

    await page.goto(`${site.url}${searchPath.de}`);
    await page.waitForLoadState('networkidle');
    expect(requests.filter((p) => p.startsWith('/pagefind/'))).toEqual([]);
    await page.focus('main input[name="q"]');
    await page.waitForRequest((request) => request.url().endsWith('/pagefind/pagefind.js'));
    await context.close();
  });
});

describe('search without JavaScript', () => {
  it('the header form leads to the search page, which explains itself and links onwards', async () => {
    const { context, page } = await openPage({ javaScriptEnabled: false });
    await page.goto(`${site.url}/`);
    await page.fill('header input[name="q"]', 'Reisepass');
    await Promise.all([page.waitForURL(/\/suche\/\?q=Reisepass$/), page.press('header input[name="q"]', 'Enter')]);
    const text = await page.textContent('main');
    expect(text).toContain('Die Volltextsuche braucht JavaScript');
    const links = await page.$$eval('main a', (anchors) => anchors.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(links).toEqual(expect.arrayContaining(['/dienstleistungen/', '/oeffnungszeiten/']));
    await context.close();
  });

  it('every page has the header search form with a label', async () => {
    const { context, page } = await openPage({ javaScriptEnabled: false });
    for (const path of ['/', '/en/', '/dienstleistungen/reisepass-abholen/', '/en/services/reisepass-abholen/']) {
      await page.goto(`${site.url}${path}`);
      const form = page.locator('header form[role="search"]');
      expect(await form.getAttribute('action')).toBe(path.startsWith('/en/') ? '/en/search/' : '/suche/');
      expect(await form.getAttribute('method')).toBe('get');
      const id = await form.locator('input[name="q"]').getAttribute('id');
      expect(await page.locator(`label[for="${id}"]`).count()).toBe(1);
    }
    await context.close();
  });
});

const axeViolations = async (page: Page) => {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
};

/** How many pages Pagefind's own API returns for a query, without the search page's checks. */
const rawCount = (page: Page, query: string): Promise<number> =>
  // A string, so that the test runner does not rewrite the import() meant for the browser.
  page.evaluate(`import('/pagefind/pagefind.js').then(async (pagefind) => (await pagefind.search(${JSON.stringify(query)})).results.length)`);

/** The "Nicht im KSP" boxes shown, in order: their headings. */
const shownBoxes = (page: Page) => page.$$eval('[data-not-at-ksp]:not([hidden]) h2', (headings) => headings.map((h) => h.textContent?.trim()));

describe('search without noise, and needs the KSP does not serve', () => {
  it('a need the KSP does not serve: its box comes first, in German and English, and the help lists the others', async () => {
    for (const [locale, query, heading, lead, status] of [
      ['de', 'Führerschein', 'Führerschein', 'Das erledigen Sie nicht im KSP, sondern bei der Fahrerlaubnisbehörde der Stadt Kassel.', 'Keine Ergebnisse für „Führerschein“. Hinweis unten: „Führerschein“ – nicht im KSP.'],
      ['en', 'driving licence', 'Driving licence', 'This is not done at the KSP but by the City of Kassel’s driving licence authority.', 'No results for “driving licence”. See below: “Driving licence” – not at the KSP.'],
    ] as const) {
      const { context, page, problems } = await openPage();
      await page.goto(`${site.url}${searchPath[locale]}?q=${encodeURIComponent(query)}`);
      await waitForResults(page);
      expect(await page.textContent('[data-search-status]')).toBe(status);
      expect(await shownBoxes(page)).toEqual([heading]);
      const box = page.locator('[data-not-at-ksp]:not([hidden])');
      expect((await box.textContent())!.replace(/\s+/g, ' ')).toContain(lead);
      expect(await box.locator('a[href^="https://"]').getAttribute('href')).toBe('https://www.kassel.de');
      // No phone of the office is known: the KSP's own number stands there, its staff know where to go.
      expect(await box.locator('a[href^="tel:"]').getAttribute('href')).toBe('tel:+49561999990');
      // The box comes before the results and the help in reading order.
      expect(await page.evaluate(() => {
        const shown = document.querySelector('[data-not-at-ksp]:not([hidden])')!;
        return Boolean(shown.compareDocumentPosition(document.querySelector('[data-search-results]')!) & Node.DOCUMENT_POSITION_FOLLOWING);
      })).toBe(true);
      expect(await page.locator('[data-search-results] li').count()).toBe(0);
      const help = page.locator('[data-search-help]');
      expect(await help.isVisible()).toBe(true);
      expect(await help.locator('#search-none-elsewhere + ul li').count()).toBeGreaterThanOrEqual(5);
      expect(await axeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it('a typo of such a need ("Fürerschein") shows its box, not the pages that contain "für"', async () => {
    const { context, page } = await openPage();
    await page.goto(`${site.url}${searchPath.de}?q=F%C3%BCrerschein`);
    await waitForResults(page);
    expect(await rawCount(page, 'Fürerschein')).toBeGreaterThan(10); // Pagefind alone answers with every "für"
    expect(await page.textContent('[data-search-status]')).toBe('Keine Ergebnisse für „Fürerschein“. Hinweis unten: „Führerschein“ – nicht im KSP.');
    expect(await shownBoxes(page)).toEqual(['Führerschein']);
    expect(await page.locator('[data-search-results] li').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('"Kfz Zulassung" shows the box, not a press item that only matches "Zulassung"', async () => {
    const { context, page } = await openPage();
    await page.goto(`${site.url}${searchPath.de}?q=Kfz%20Zulassung`);
    await waitForResults(page);
    expect(await rawCount(page, 'Kfz Zulassung')).toBeGreaterThan(0);
    expect(await shownBoxes(page)).toEqual(['Kfz-Zulassung']);
    expect(await page.locator('[data-search-results] li').count()).toBe(0);
    await context.close();
  });

  it('a query that Pagefind answers only with "für" gets the zero-result help', async () => {
    const { context, page } = await openPage();
    await page.goto(`${site.url}${searchPath.de}?q=F%C3%BCrsorge`);
    await waitForResults(page);
    expect(await rawCount(page, 'Fürsorge')).toBeGreaterThan(10);
    expect(await page.textContent('[data-search-status]')).toBe('Keine Ergebnisse für „Fürsorge“.');
    expect(await page.locator('[data-search-results] li').count()).toBe(0);
    expect(await shownBoxes(page)).toEqual([]);
    expect(await page.isVisible('[data-search-help]')).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('a compound Pagefind answers with a fragment ("bauen" for "Bauernhof", "Baugenehmigung") finds nothing or its box', async () => {
    for (const [query, boxes] of [['Bauernhof', []], ['Baugenehmigung', ['Baugenehmigung']]] as const) {
      const { context, page } = await openPage();
      await page.goto(`${site.url}${searchPath.de}?q=${encodeURIComponent(query)}`);
      await waitForResults(page);
      // Pagefind alone returns the children's workshop, which says "bauen".
      expect(await rawCount(page, query), query).toBeGreaterThan(0);
      expect(await page.locator('[data-search-results] li').count(), query).toBe(0);
      expect(await shownBoxes(page)).toEqual(boxes);
      expect(await page.isVisible('[data-search-help]')).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    }
  });

  it('everyday English phrases find their service first', async () => {
    for (const [query, expected] of [
      ['pick up passport', '/en/services/reisepass-abholen/'],
      ['register my address', '/en/services/wohnsitz-anmelden-beratung/'],
      ['bulky waste collection', '/en/services/sperrmuell-anmelden/'],
      ['get rid of furniture', '/en/services/sperrmuell-anmelden/'],
      // "residents" is not "residence": no "Residence permit" box above the parking permit.
      ['parking permit for residents', '/en/services/bewohnerparkausweis-beantragen/'],
    ] as const) {
      const { context, page } = await openPage();
      await page.goto(`${site.url}${searchPath.en}?q=${encodeURIComponent(query)}`);
      await waitForResults(page);
      expect((await resultLinks(page))[0], query).toBe(expected);
      expect(await shownBoxes(page)).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    }
  });
});
