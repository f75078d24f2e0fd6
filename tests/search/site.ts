// Shared setup of the search tests: the built site served with the production headers from
// netlify.toml (so the Content-Security-Policy applies) and a helper that runs a query through
// the real search page and returns the result URLs in order.
import type { Page } from 'playwright-core';
import { serveDist, siteDirUnderTest } from '../helpers/browser.ts';

/** The site directory under test: dist/ unless KSP_DIST points elsewhere. */
export const siteDir = siteDirUnderTest();

/** The built site served with the production headers of netlify.toml. */
export const serveWithHeaders = (dir = siteDir) => serveDist(dir);

export const searchPath = { de: '/suche/', en: '/en/search/' } as const;

/** Waits until the search page has announced a result count (or "no results"). */
export async function waitForResults(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const status = document.querySelector('[data-search-status]');
    return Boolean(status?.textContent?.trim()) && !status?.hasAttribute('aria-busy');
  });
}

/** Opens the search page with ?q= and returns the result URLs (pathnames) in order. */
export async function searchVia(page: Page, base: string, locale: 'de' | 'en', query: string): Promise<string[]> {
  await page.goto(`${base}${searchPath[locale]}?q=${encodeURIComponent(query)}`);
  await waitForResults(page);
  return page.$$eval('[data-search-results] li h3 a', (links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
}
