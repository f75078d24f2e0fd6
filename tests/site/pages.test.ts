// Part A's page types in a real headless Chromium against the built site: each renders in both
// languages, the language switch lands on the counterpart (or says there is none), hreflang
// alternates are reciprocal, 404s help, and no page requests another host.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serveDist, type ServedSite } from '../helpers/browser.ts';


let browser: Browser;
let site: ServedSite;
let page: Page;
const external: string[] = [];

beforeAll(async () => {
  [browser, site] = await Promise.all([launchBrowser(), serveDist()]);
  page = await (await browser.newContext()).newPage();
  page.on('request', (request) => {
    if (!request.url().startsWith(site.url) && !request.url().startsWith('data:')) external.push(request.url());
  });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function open(path: string) {
  const response = await page.goto(`${site.url}${path}`);
  return {
    status: response?.status(),
    lang: await page.getAttribute('html', 'lang'),
    h1: (await page.locator('h1').first().textContent())?.trim(),
    title: await page.title(),
  };
}

const pageTypes: [string, string, 'de' | 'en', RegExp][] = [
  ['start', '/', 'de', /Kassel Service Point/],
  ['start', '/en/', 'en', /Kassel Service Point/],
  ['services', '/dienstleistungen/', 'de', /^Dienstleistungen$/],
  ['services', '/en/services/', 'en', /^Services$/],
  ['service', '/dienstleistungen/reisepass-abholen/', 'de', /Reisepass/],
  ['service', '/en/services/reisepass-abholen/', 'en', /passport/i],
  ['hours', '/oeffnungszeiten/', 'de', /^Öffnungszeiten$/],
  ['hours', '/en/opening-hours/', 'en', /^Opening hours$/],
  ['content page', '/impressum/', 'de', /Impressum/],
  ['content page', '/en/imprint/', 'en', /Imprint/],
  ['accessibility', '/barrierefreiheit/', 'de', /Barrierefreiheit/],
  ['accessibility', '/en/accessibility/', 'en', /Accessibility/],
  ['easy language', '/leichte-sprache/', 'de', /Leichte Sprache/],
];

describe('page types in both languages', () => {
  it.each(pageTypes)('%s %s renders in %s', async (_type, path, lang, heading) => {
    const result = await open(path);
    expect(result.status).toBe(200);
    expect(result.lang).toBe(lang);
    expect(result.h1).toMatch(heading);
    expect(await page.locator('main#main-content').count()).toBe(1);
    expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toMatch(new RegExp(`${path.replace(/\//g, '\\/')}$`));
  });

  it('titles and descriptions are unique across these pages', async () => {
    const seen = new Map<string, string>();
    for (const [, path] of pageTypes) {
      await open(path);
      const key = `${await page.title()}|${await page.locator('meta[name="description"]').getAttribute('content')}`;
      expect(seen.get(key), `${path} repeats ${seen.get(key)}`).toBeUndefined();
      seen.set(key, path);
    }
  });

  it('the start page shows status, address with floor, services, events and press', async () => {
    await open('/');
    await expect(page.locator('[data-live-status]').count()).resolves.toBe(1);
    expect(await page.locator('#where-heading + p').textContent()).toMatch(/GALERIA.*1\. Etage/);
    expect(await page.locator('section[aria-labelledby="services-heading"] li').count()).toBeGreaterThan(0);
    expect(await page.locator('section[aria-labelledby="events-heading"] a[href^="/veranstaltungen/"]').count()).toBeGreaterThan(0);
    expect(await page.locator('section[aria-labelledby="press-heading"] a[href^="/presse/"]').count()).toBeGreaterThan(0);
    expect(await page.locator('script[type="application/ld+json"]').first().textContent()).toContain('GovernmentOffice');
  });

  it('the service page has checklist, provider link, last reviewed and JSON-LD', async () => {
    await open('/dienstleistungen/reisepass-abholen/');
    expect(await page.locator('#bring-heading ~ ul input[type="checkbox"]').count()).toBeGreaterThan(0);
    expect(await page.locator('a[href^="/partner/"]').count()).toBeGreaterThan(0);
    expect(await page.locator('time[datetime]').count()).toBeGreaterThan(0);
    const ld = await page.locator('script[type="application/ld+json"]').allTextContents();
    expect(ld.join('')).toContain('GovernmentService');
    expect(ld.join('')).toContain('BreadcrumbList');
    expect(await page.getAttribute('main', 'data-pagefind-body')).toBe('');
  });

  it('the hours page has a real table and the special days', async () => {
    await open('/en/opening-hours/');
    expect(await page.locator('table caption').first().textContent()).toMatch(/Opening hours/);
    expect(await page.locator('table').first().locator('th[scope="row"]').count()).toBe(7);
    expect(await page.locator('#special-heading').count()).toBe(1);
  });

  it('the accessibility statement offers a feedback contact', async () => {
    await open('/barrierefreiheit/');
    expect(await page.locator('[data-accessibility-feedback] a[href^="mailto:"]').count()).toBe(1);
    expect(await page.locator('[data-accessibility-feedback] a[href^="tel:"]').count()).toBe(1);
  });
});

describe('language switch and alternates', () => {
  it('leads to the counterpart and back', async () => {
    await open('/dienstleistungen/reisepass-abholen/');
    await page.click('[data-language-switch]');
    expect(new URL(page.url()).pathname).toBe('/en/services/reisepass-abholen/');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.click('[data-language-switch]');
    expect(new URL(page.url()).pathname).toBe('/dienstleistungen/reisepass-abholen/');
    for (const [de, en] of [['/', '/en/'], ['/oeffnungszeiten/', '/en/opening-hours/'], ['/barrierefreiheit/', '/en/accessibility/']]) {
      await open(de!);
      await page.click('[data-language-switch]');
      expect(new URL(page.url()).pathname).toBe(en);
    }
  });

  it('announces reciprocal hreflang alternates with x-default', async () => {
    await open('/en/imprint/');
    expect(await page.getAttribute('link[hreflang="de"]', 'href')).toMatch(/\/impressum\/$/);
    expect(await page.getAttribute('link[hreflang="en"]', 'href')).toMatch(/\/en\/imprint\/$/);
    expect(await page.getAttribute('link[hreflang="x-default"]', 'href')).toMatch(/\/impressum\/$/);
  });

  it('a German page without English has no English page, no alternate, and a switch that says so', async () => {
    await open('/leichte-sprache/');
    expect(await page.locator('link[rel="alternate"][hreflang]').count()).toBe(0);
    const link = page.locator('[data-language-switch]');
    expect(await link.getAttribute('data-language-switch')).toBe('fallback');
    expect(await link.textContent()).toMatch(/not in English/);
    await link.click();
    expect(new URL(page.url()).pathname).toBe('/en/');
    expect((await open('/en/leichte-sprache/')).status).toBe(404);
  });

  it('English footers mark links to German-only pages', async () => {
    await open('/en/');
    const easy = page.locator('footer a[href="/leichte-sprache/"]');
    expect(await easy.getAttribute('hreflang')).toBe('de');
    expect(await easy.textContent()).toMatch(/German only/);
  });
});

describe('404', () => {
  it('answers 404 with help in the right language', async () => {
    const de = await open('/gibt-es-nicht/');
    expect(de.status).toBe(404);
    expect(de.lang).toBe('de');
    expect(await page.locator('main a[href="/dienstleistungen/"]').count()).toBe(1);
    expect(await page.locator('main a[href="/oeffnungszeiten/"]').count()).toBe(1);
    expect(await page.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex');
    const en = await open('/en/does-not-exist/');
    expect(en.status).toBe(404);
    expect(en.lang).toBe('en');
    expect(await page.locator('main a[href="/en/services/"]').count()).toBe(1);
  });
});

describe('third parties', () => {
  it('no page made a request to another host', () => {
    expect(external).toEqual([]);
  });
});
