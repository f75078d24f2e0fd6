// What search engines read about the site as a whole: robots.txt points at the sitemap, the
// sitemap lists every indexable page and nothing else, and the hreflang alternates of the two
// languages are reciprocal, with x-default, in the HTML and in the sitemap alike.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileExistsForPath, loadPages, pageForPath, readSitemap, siteDir, type Page, type Sitemap } from '../helpers/quality-site.ts';

let pages: Page[] = [];
let sitemap: Sitemap;

beforeAll(async () => {
  pages = (await loadPages()).filter((page) => !page.redirect);
  sitemap = await readSitemap();
});

const report = (lines: string[]) => (lines.length === 0 ? '' : `\n${lines.join('\n')}\n`);
const indexable = (page: Page) => !page.is404 && !page.noindex;

describe('sitemap', () => {
  it('lists only existing, indexable pages, each once, under their canonical URL', async () => {
    const lines: string[] = [];
    const seen = new Set<string>();
    for (const entry of sitemap.entries) {
      if (seen.has(entry.loc)) lines.push(`${entry.loc}: listed twice`);
      seen.add(entry.loc);
      if (new URL(entry.loc).origin !== sitemap.origin) lines.push(`${entry.loc}: not on ${sitemap.origin}`);
      const page = await pageForPath(pages, entry.path);
      if (!page) lines.push(`${entry.loc}: no such page in the build`);
      else if (!indexable(page)) lines.push(`${entry.loc}: ${page.is404 ? 'a 404 page' : 'a noindex page'} must not be in the sitemap`);
      else if (page.canonical !== entry.loc) lines.push(`${entry.loc}: the page's canonical URL is ${page.canonical}`);
    }
    expect(lines, report(lines)).toEqual([]);
  });

  it('lists every indexable page (all but 404 and noindex pages)', () => {
    const listed = new Set(sitemap.entries.map((entry) => entry.path));
    const lines = pages.filter(indexable).filter((page) => !listed.has(page.path)).map((page) => `${page.path} is missing from ${sitemap.files.join(' / ')}`);
    expect(lines, report(lines)).toEqual([]);
  });

  it('its hreflang links match the alternates in the pages', async () => {
    const lines: string[] = [];
    for (const entry of sitemap.entries) {
      const page = await pageForPath(pages, entry.path);
      if (!page) continue;
      const inSitemap = JSON.stringify(Object.entries(entry.alternates).sort());
      const inPage = JSON.stringify(Object.entries(page.alternates).sort());
      if (inSitemap !== inPage) lines.push(`${entry.path}: sitemap ${inSitemap} ≠ page ${inPage}`);
    }
    expect(lines, report(lines)).toEqual([]);
  });
});

describe('robots.txt', () => {
  it('names the sitemap on the site origin and does not shut out the pages', async () => {
    const robots = await readFile(path.join(siteDir(), 'robots.txt'), 'utf8');
    const sitemaps = [...robots.matchAll(/^Sitemap:\s*(\S+)/gim)].map((match) => match[1]!);
    expect(sitemaps.length, 'a Sitemap: line').toBeGreaterThan(0);
    for (const url of sitemaps) {
      expect(new URL(url).origin, url).toBe(sitemap.origin);
      expect(await fileExistsForPath(new URL(url).pathname), `${url} exists`).toBe(true);
    }
    // `Disallow: /` would hide the whole site from search engines.
    expect(robots).not.toMatch(/^Disallow:\s*\/\s*$/m);
    const disallowed = [...robots.matchAll(/^Disallow:\s*(\S+)/gim)].map((match) => match[1]!);
    const hidden = sitemap.entries.filter((entry) => disallowed.some((prefix) => entry.path.startsWith(prefix))).map((entry) => entry.path);
    expect(hidden, 'sitemap pages that robots.txt disallows').toEqual([]);
  });
});

describe('hreflang alternates', () => {
  it('are absolute, lead to existing pages of the stated language, include the page itself and x-default', async () => {
    const lines: string[] = [];
    for (const page of pages.filter((p) => Object.keys(p.alternates).length > 0)) {
      const self = new URL(page.path, sitemap.origin).href;
      if (!page.alternates['x-default']) lines.push(`${page.path}: hreflang alternates without x-default`);
      if (!Object.entries(page.alternates).some(([lang, href]) => lang === page.lang && href === self)) lines.push(`${page.path}: the alternates do not list the page itself as hreflang="${page.lang}"`);
      for (const [lang, href] of Object.entries(page.alternates)) {
        let url: URL;
        try {
          url = new URL(href);
        } catch {
          lines.push(`${page.path}: hreflang="${lang}" href="${href}" is not absolute`);
          continue;
        }
        const target = url.origin === sitemap.origin ? await pageForPath(pages, url.pathname) : undefined;
        if (!target) lines.push(`${page.path}: hreflang="${lang}" → ${href} does not exist`);
        else if (lang !== 'x-default' && target.lang !== lang) lines.push(`${page.path}: hreflang="${lang}" → ${href}, but that page has lang="${target.lang}"`);
        else if (!indexable(target)) lines.push(`${page.path}: hreflang="${lang}" → ${href}, which is not indexable`);
      }
    }
    expect(lines, report(lines)).toEqual([]);
  });

  it('are reciprocal: if A names B, B names A', async () => {
    const lines: string[] = [];
    for (const page of pages) {
      const self = new URL(page.path, sitemap.origin).href;
      for (const [lang, href] of Object.entries(page.alternates)) {
        if (lang === 'x-default' || href === self) continue;
        const target = await pageForPath(pages, new URL(href).pathname);
        if (!target) continue; // reported above
        if (target.alternates[page.lang ?? ''] !== self) {
          lines.push(`${page.path} names ${href} (${lang}), but that page's hreflang="${page.lang}" is ${target.alternates[page.lang ?? ''] ?? 'missing'}`);
        }
        if (target.alternates['x-default'] !== page.alternates['x-default']) {
          lines.push(`${page.path} and ${target.path} disagree on x-default (${page.alternates['x-default']} vs ${target.alternates['x-default']})`);
        }
      }
    }
    expect(lines, report(lines)).toEqual([]);
  });
});
