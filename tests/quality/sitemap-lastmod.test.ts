// Which sitemap entries carry lastmod, derived from the registry (src/lib/lastmod.ts): every page
// of a document (the detail pages of a section, the CMS pages at the root) and the page of a
// section without detail pages have one; lists, their further pages, the home page and search do
// not (the feedback page is noindex, so not in the sitemap). A view that forgets to pass its lastmod to BaseLayout fails here. Read from the built dist/.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_TYPES, type ContentType } from '../../core/registry.ts';
import { homePath, paginationSegment, sectionPath, type Locale } from '../../core/i18n/index.ts';
import { siteDir } from '../helpers/quality-site.ts';

const LOCALES: Locale[] = ['de', 'en'];

async function entries(): Promise<Map<string, string | undefined>> {
  const xml = await readFile(path.join(siteDir(), 'sitemap-0.xml'), 'utf8');
  return new Map([...xml.matchAll(/<url><loc>([^<]+)<\/loc>(?:<lastmod>([^<]+)<\/lastmod>)?/g)].map((m) => [new URL(m[1]!).pathname, m[2]]));
}

describe('lastmod in the sitemap', () => {
  it('is on every document page and section page without details, and on no list, home or search page', async () => {
    const sitemap = await entries();
    const expected = new Map<string, boolean>();
    const sectioned = new Set<string>();
    for (const entry of Object.values(CONTENT_TYPES) as ContentType[]) {
      if (entry.pages?.kind !== 'section') continue;
      for (const locale of LOCALES) {
        const list = sectionPath(entry.pages.key as Parameters<typeof sectionPath>[0], locale);
        sectioned.add(list);
        for (const pagePath of sitemap.keys()) {
          if (!pagePath.startsWith(list)) continue;
          const isList = pagePath === list || pagePath.startsWith(`${list}${paginationSegment[locale]}/`);
          expected.set(pagePath, entry.pages.detailPages ? !isList : true);
        }
      }
    }
    const undated = new Set([homePath('de'), homePath('en'), sectionPath('search', 'de'), sectionPath('search', 'en')]);
    for (const pagePath of sitemap.keys()) {
      if (expected.has(pagePath) || undated.has(pagePath)) continue;
      // The rest: the CMS pages at the root (type `page`).
      expected.set(pagePath, true);
    }
    for (const pagePath of undated) expected.set(pagePath, false);

    const wrong = [...expected].filter(([pagePath, dated]) => Boolean(sitemap.get(pagePath)) !== dated).map(([pagePath, dated]) => `${pagePath}: ${dated ? 'needs' : 'must not have'} a lastmod`);
    expect(wrong).toEqual([]);
    expect([...expected.values()].filter(Boolean).length).toBeGreaterThan(50);
    for (const lastmod of sitemap.values()) if (lastmod) expect(lastmod).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
