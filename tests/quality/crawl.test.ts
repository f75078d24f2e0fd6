// The browser gates over every page of the built site (every URL of the sitemap plus the pages
// the sitemap rightly leaves out: 404 and noindex pages), served with the production headers in
// a real headless Chromium. Each page is visited once (tests/helpers/crawl.ts); the tests below
// judge the records: accessibility (axe, reflow), privacy, console and CSP, byte budgets.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { crawl, type PageVisit } from '../helpers/crawl.ts';
import { loadPages, readSitemap, serveWithProductionHeaders, siteDir, type ServedSite } from '../helpers/quality-site.ts';
import { resolveFile } from '../../server/static-server.ts';
import { PAGE_BUDGETS, PRE_SEARCH_SCRIPTS, pageTypeOf, type PageType } from './budgets.ts';

let browser: Browser;
let site: ServedSite;
let visits: PageVisit[] = [];
let sitemapPaths: string[] = [];

beforeAll(async () => {
  const dir = siteDir();
  const sitemap = await readSitemap(dir);
  sitemapPaths = sitemap.entries.map((entry) => entry.path);
  const extra = (await loadPages(dir)).filter((page) => !page.redirect && !sitemapPaths.includes(page.path)).map((page) => page.path);
  site = await serveWithProductionHeaders(dir);
  browser = await launchBrowser();
  const started = performance.now();
  const paths = [...new Set([...sitemapPaths, ...extra])];
  // Phone layouts differ (header wraps, grids collapse): axe checks one page of each type in each
  // language again at 320 px.
  const phone = new Map<string, string>();
  for (const p of paths) if (!phone.has(`${pageTypeOf(p)}|${p.startsWith('/en/')}`)) phone.set(`${pageTypeOf(p)}|${p.startsWith('/en/')}`, p);
  visits = await crawl({ browser, origin: site.origin, paths, phoneAxePaths: new Set(phone.values()) });
  console.log(`Crawled ${visits.length} pages (${sitemapPaths.length} from the sitemap; ${phone.size} also checked by axe at 320 px) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}, 600_000); // generous: on two shared cores it runs beside the Studio browser tests

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** One line per offending page, so a failure reads as a to-do list. */
const report = (lines: string[]) => (lines.length === 0 ? '' : `\n${lines.join('\n')}\n`);

describe('accessibility', () => {
  it('crawled every URL of the sitemap, in both languages', () => {
    expect(sitemapPaths.length).toBeGreaterThan(0);
    expect(sitemapPaths.some((p) => p.startsWith('/en/')), 'English pages in the sitemap').toBe(true);
    expect(sitemapPaths.some((p) => !p.startsWith('/en/')), 'German pages in the sitemap').toBe(true);
    const bad = visits.filter((visit) => visit.status !== 200).map((visit) => `${visit.path}: HTTP ${visit.status}`);
    expect(bad, report(bad)).toEqual([]);
  });

  it('axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any page (one page per type also at 320 px)', () => {
    const lines = visits.flatMap((visit) =>
      visit.axe.map((v) => `${visit.path}${v.width ? ` at ${v.width}` : ''}: [${v.impact}] ${v.id} – ${v.help}\n    ${v.targets.slice(0, 5).join('\n    ')}${v.targets.length > 5 ? `\n    … and ${v.targets.length - 5} more` : ''}`),
    );
    const count = visits.reduce((sum, visit) => sum + visit.axe.reduce((n, v) => n + v.targets.length, 0), 0);
    console.log(`axe: ${count} violating elements on ${visits.filter((v) => v.axe.length > 0).length} of ${visits.length} pages`);
    expect(lines, report(lines)).toEqual([]);
  });

  it('no horizontal scrolling at 320 px width or at 200 % zoom (WCAG 1.4.10)', () => {
    const lines = visits.flatMap((visit) =>
      visit.overflow.filter((o) => o.scrollWidth > o.clientWidth).map((o) => `${visit.path} at ${o.size}: scrollWidth ${o.scrollWidth} > ${o.clientWidth}; widest: ${o.widest}`),
    );
    expect(lines, report(lines)).toEqual([]);
  });
});

describe('privacy', () => {
  it('no request leaves the site’s own origin', () => {
    const origins = new Set(visits.flatMap((visit) => visit.requests.map((r) => new URL(r.url).origin)));
    console.log(`Request origins over the whole crawl: ${origins.size} (${[...origins].map((o) => (o === site.origin ? 'the site itself' : o)).join(', ')})`);
    const lines = visits.flatMap((visit) => visit.requests.filter((r) => new URL(r.url).origin !== site.origin).map((r) => `${visit.path}: ${r.type} ${r.url}`));
    expect(lines, report(lines)).toEqual([]);
  });

  it('no cookies, no localStorage, no sessionStorage', () => {
    const lines = visits.flatMap((visit) => [
      ...visit.cookies.map((c) => `${visit.path}: cookie ${c}`),
      ...visit.localStorage.map((k) => `${visit.path}: localStorage["${k}"]`),
      ...visit.sessionStorage.map((k) => `${visit.path}: sessionStorage["${k}"]`),
    ]);
    expect(lines, report(lines)).toEqual([]);
  });
});

describe('integrity in the browser', () => {
  it('no console errors, uncaught exceptions or failed same-origin loads', () => {
    const lines = visits.flatMap((visit) => [...visit.consoleErrors, ...visit.failed].map((message) => `${visit.path}: ${message}`));
    expect(lines, report(lines)).toEqual([]);
  });

  it('no Content-Security-Policy violations under the production headers', () => {
    const lines = visits.flatMap((visit) => [...new Set(visit.cspViolations)].map((message) => `${visit.path}: ${message}`));
    expect(lines, report(lines)).toEqual([]);
  });
});

describe('budgets', () => {
  const gzipCache = new Map<string, number>();
  async function gzipBytes(urlPath: string): Promise<number> {
    const dir = siteDir();
    if (!gzipCache.has(urlPath)) {
      const found = await resolveFile(dir, urlPath);
      gzipCache.set(urlPath, found ? gzipSync(await readFile(found.file), { level: 9 }).length : 0);
    }
    return gzipCache.get(urlPath)!;
  }
  const column = (type: string): 'html' | 'css' | 'js' | 'fonts' | 'other' | undefined =>
    ({ document: 'html', stylesheet: 'css', script: 'js', font: 'fonts', fetch: 'other', xhr: 'other', other: 'other' }) [type] as 'html' | 'css' | 'js' | 'fonts' | 'other' | undefined;

  interface Weight {
    path: string;
    type: PageType;
    html: number;
    css: number;
    js: number;
    fonts: number;
    other: number;
    total: number;
    scripts: string[];
  }
  let weights: Weight[] = [];

  beforeAll(async () => {
    weights = await Promise.all(
      visits.map(async (visit) => {
        const weight: Weight = { path: visit.path, type: pageTypeOf(visit.path), html: 0, css: 0, js: 0, fonts: 0, other: 0, total: 0, scripts: [] };
        const seen = new Set<string>();
        for (const resource of visit.loaded) {
          const key = column(resource.type);
          if (!key || seen.has(resource.path)) continue;
          seen.add(resource.path);
          const bytes = await gzipBytes(resource.path);
          weight[key] += bytes;
          weight.total += bytes;
          if (key === 'js') weight.scripts.push(`${resource.path} (${bytes} B)`);
        }
        return weight;
      }),
    );
    // The heaviest page of each type, as a table.
    const heaviest = new Map<PageType, Weight>();
    for (const weight of weights) if ((heaviest.get(weight.type)?.total ?? -1) < weight.total) heaviest.set(weight.type, weight);
    const rows = [...heaviest.values()].map((w) => ({
      'page type': w.type,
      'heaviest page': w.path,
      'html B': w.html,
      'css B': w.css,
      'js B': w.js,
      'fonts B': w.fonts,
      'other B': w.other,
      'total B': w.total,
      'budget B': PAGE_BUDGETS[w.type],
      ok: w.total <= PAGE_BUDGETS[w.type] ? 'yes' : 'NO',
    }));
    console.log('Gzip bytes per page type (HTML + CSS + JS + fonts, images aside):');
    console.table(rows);
  });

  it('every page stays within the budget of its type', () => {
    const lines = weights.filter((w) => w.total > PAGE_BUDGETS[w.type]).map((w) => `${w.path} (${w.type}): ${w.total} B gzip > budget ${PAGE_BUDGETS[w.type]} B`);
    expect(lines, report(lines)).toEqual([]);
  });

  it(`before search is used, at most ${PRE_SEARCH_SCRIPTS.maxFiles} scripts under ${PRE_SEARCH_SCRIPTS.maxGzipBytes} B gzip together`, () => {
    const lines = weights
      .filter((w) => w.scripts.length > PRE_SEARCH_SCRIPTS.maxFiles || w.js > PRE_SEARCH_SCRIPTS.maxGzipBytes)
      .map((w) => `${w.path}: ${w.scripts.length} scripts, ${w.js} B gzip: ${w.scripts.join(', ')}`);
    expect(lines, report(lines)).toEqual([]);
  });
});
