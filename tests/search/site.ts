// Shared setup of the search tests: the built site served with the production headers from
// netlify.toml (so the Content-Security-Policy applies) and a helper that runs a query through
// the real search page and returns the result URLs in order.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { headersForPath, loadNetlifyRules } from '../../src/lib/publish/netlify-config.ts';
import { createStaticHandler } from '../../scripts/lib/static-server.ts';
import { root } from '../helpers/browser.ts';

/** The site directory under test: dist/ unless SEARCH_DIST points elsewhere. */
export const siteDir = path.resolve(root, process.env.SEARCH_DIST ?? 'dist');

export async function serveWithHeaders(dir = siteDir) {
  const rules = loadNetlifyRules(path.join(root, 'netlify.toml'));
  const server = createServer(createStaticHandler({ getRoot: () => dir, headersFor: (urlPath) => headersForPath(rules, urlPath) }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

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
