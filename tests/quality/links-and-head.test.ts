// Integrity of the built HTML, read with a real HTML parser: every internal link, image, script
// and stylesheet resolves to a file the host serves, every #fragment to an element on the target
// page; every page has one h1, a lang, a title, a meta description and its canonical URL; titles
// and descriptions are unique.
import path from 'node:path';
import type { HTMLElement } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileExistsForPath, loadPages, pageForPath, readSitemap, siteDir, type Page } from '../helpers/quality-site.ts';
import { FEEDBACK_PATH } from '../../core/feedback/model.ts';

/** Addresses answered by a Netlify Function and the publish server, not by a file in dist/. */
const ENDPOINTS = new Set([FEEDBACK_PATH]);

let pages: Page[] = [];
let realPages: Page[] = [];
let origin = '';

beforeAll(async () => {
  pages = await loadPages();
  realPages = pages.filter((page) => !page.redirect);
  origin = (await readSitemap()).origin;
});

const report = (lines: string[]) => (lines.length === 0 ? '' : `\n${lines.join('\n')}\n`);

/** Every URL a page points at, with the element it came from (for the report). */
function referencesOf(doc: HTMLElement): { url: string; from: string }[] {
  const refs: { url: string; from: string }[] = [];
  const add = (element: HTMLElement, attribute: string, value: string | undefined) => {
    if (value !== undefined) refs.push({ url: value.trim(), from: `<${element.tagName.toLowerCase()} ${attribute}="${value.trim()}">` });
  };
  for (const element of doc.querySelectorAll('a[href], area[href], link[href]')) add(element, 'href', element.getAttribute('href'));
  for (const element of doc.querySelectorAll('img[src], script[src], iframe[src], source[src], video[src], audio[src], track[src]')) add(element, 'src', element.getAttribute('src'));
  for (const element of doc.querySelectorAll('video[poster]')) add(element, 'poster', element.getAttribute('poster'));
  for (const element of doc.querySelectorAll('form[action]')) add(element, 'action', element.getAttribute('action'));
  // Open Graph and Twitter cards: a shared link shows this image and address.
  for (const element of doc.querySelectorAll('meta[property="og:image"], meta[property="og:url"], meta[name="twitter:image"]')) add(element, 'content', element.getAttribute('content'));
  for (const element of doc.querySelectorAll('img[srcset], source[srcset]')) {
    for (const candidate of (element.getAttribute('srcset') ?? '').split(',')) {
      const url = candidate.trim().split(/\s+/)[0];
      if (url) add(element, 'srcset', url);
    }
  }
  return refs;
}

describe('links and anchors', () => {
  it('every internal link, asset and #fragment resolves', async () => {
    const broken: string[] = [];
    const checked = new Map<string, string | undefined>();
    for (const page of realPages) {
      const base = new URL(page.path, origin);
      for (const { url, from } of referencesOf(page.doc)) {
        if (url === '' || /^(mailto|tel|data|sms):/i.test(url)) continue;
        if (/^javascript:/i.test(url)) {
          broken.push(`${from} – javascript: URLs break under the CSP and without JS\t${page.path}`);
          continue;
        }
        let target: URL;
        try {
          target = new URL(url, base);
        } catch {
          broken.push(`${from} – not a valid URL\t${page.path}`);
          continue;
        }
        if (target.origin !== origin) {
          if (/^https?:$/.test(target.protocol) && /^(localhost|127\.0\.0\.1)$/.test(target.hostname)) broken.push(`${from} – points at a local development server\t${page.path}`);
          continue; // other sites: not checked (no network in tests)
        }
        if (ENDPOINTS.has(target.pathname) && from.startsWith('<form')) continue;
        const key = `${target.pathname}#${target.hash}`;
        if (!checked.has(key)) {
          let problem: string | undefined;
          if (!(await fileExistsForPath(target.pathname))) problem = `${target.pathname} does not exist in ${path.relative(process.cwd(), siteDir())}`;
          else if (target.hash.length > 1) {
            const targetPage = target.pathname === base.pathname ? page : await pageForPath(pages, target.pathname);
            const id = decodeURIComponent(target.hash.slice(1));
            if (targetPage && !targetPage.ids.has(id)) problem = `no element with id="${id}" on ${targetPage.path}`;
          }
          checked.set(key, problem);
        }
        const problem = checked.get(key);
        if (problem) broken.push(`${from} – ${problem}\t${page.path}`);
      }
    }
    console.log(`Checked ${checked.size} distinct internal URLs from ${realPages.length} pages`);
    // One line per broken reference, with the pages it is on (a footer link is on every page).
    const grouped = new Map<string, string[]>();
    for (const line of broken) {
      const [what, where] = line.split('\t') as [string, string | undefined];
      grouped.set(what, [...(grouped.get(what) ?? []), ...(where ? [where] : [])]);
    }
    const lines = [...grouped].map(([what, where]) => `${what}${where.length > 0 ? ` – on ${where.slice(0, 3).join(', ')}${where.length > 3 ? ` and ${where.length - 3} more pages` : ''}` : ''}`);
    expect(lines, report(lines)).toEqual([]);
  });
});

describe('head and headings', () => {
  it('every page has exactly one h1', () => {
    const lines = realPages.map((page) => ({ page, count: page.doc.querySelectorAll('h1').length })).filter(({ count }) => count !== 1).map(({ page, count }) => `${page.path}: ${count} h1 elements`);
    expect(lines, report(lines)).toEqual([]);
  });

  it('every page has the lang of its language section (de at /, en at /en/)', () => {
    const lines = realPages
      .filter((page) => page.lang !== (page.path.startsWith('/en/') ? 'en' : 'de'))
      .map((page) => `${page.path}: <html lang="${page.lang ?? ''}">, expected "${page.path.startsWith('/en/') ? 'en' : 'de'}"`);
    expect(lines, report(lines)).toEqual([]);
  });

  it('every page has a title and a meta description', () => {
    const lines = realPages.flatMap((page) => [
      ...(page.title ? [] : [`${page.path}: no <title>`]),
      ...(page.description?.trim() ? [] : [`${page.path}: no <meta name="description">`]),
    ]);
    expect(lines, report(lines)).toEqual([]);
  });

  it('every page has an absolute canonical URL on the site origin, pointing at itself (404 pages none)', () => {
    const lines = realPages.flatMap((page) => {
      // A 404 page is served at every missing address; it has no address of its own to name.
      if (page.is404) return page.canonical ? [`${page.path}: a 404 page must not name a canonical URL (${page.canonical})`] : [];
      if (!page.canonical) return [`${page.path}: no <link rel="canonical">`];
      let canonical: URL;
      try {
        canonical = new URL(page.canonical);
      } catch {
        return [`${page.path}: canonical "${page.canonical}" is not an absolute URL`];
      }
      if (canonical.origin !== origin) return [`${page.path}: canonical ${page.canonical} is not on ${origin}`];
      if (canonical.pathname !== page.path) return [`${page.path}: canonical points at ${canonical.pathname}`];
      return [];
    });
    expect(lines, report(lines)).toEqual([]);
  });

  it.each(['title', 'description'] as const)('%ss are unique', (field) => {
    const byValue = new Map<string, string[]>();
    for (const page of realPages) {
      const value = page[field]?.trim();
      if (value) byValue.set(value, [...(byValue.get(value) ?? []), page.path]);
    }
    const lines = [...byValue].filter(([, paths]) => paths.length > 1).map(([value, paths]) => `"${value}": ${paths.join(', ')}`);
    expect(lines, report(lines)).toEqual([]);
  });
});
