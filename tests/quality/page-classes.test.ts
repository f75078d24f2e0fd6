// The built site against the content type registry: every page belongs to a budget class of its
// own type (no page falls under the content pages' class unless it is a content page), and every
// search type a page announces is a filter on the search page. A content type added without its
// registry entry fails here.
import { beforeAll, describe, expect, it } from 'vitest';
import { contentPagePaths } from '../../src/content-types/page/content.ts';
import { SEARCH_TYPES } from '../../core/registry.ts';
import { createContentApi } from '../../src/lib/content/index.ts';
import { embeddedSource, DEFAULT_DATASET_FILE } from '../../src/lib/sanity/source.ts';
import { loadPages, type Page } from '../helpers/quality-site.ts';
import { pageTypeOf } from './budgets.ts';

let pages: Page[] = [];
beforeAll(async () => {
  pages = (await loadPages()).filter((page) => !page.redirect);
});

describe('page classes', () => {
  it('puts every page into a class, and only content pages into the content pages’ class', async () => {
    const contentPages = new Set((await createContentApi(embeddedSource(process.env.KSP_CONTENT_FILE ?? DEFAULT_DATASET_FILE)).getPages()).flatMap((page) => Object.values(contentPagePaths(page))));
    const wrong = pages.flatMap((page) => {
      try {
        return pageTypeOf(page.path) === 'page' && !contentPages.has(page.path) ? [`${page.path}: not a content page, but falls under its budget; give its content type \`pages\` in core/registry.ts`] : [];
      } catch (error) {
        return [(error as Error).message];
      }
    });
    expect(pages.length).toBeGreaterThan(0);
    expect(wrong, wrong.join('\n')).toEqual([]);
  });
});

describe('search filters', () => {
  it('offer every type that a page announces to Pagefind', () => {
    for (const locale of ['de', 'en'] as const) {
      const searchPage = pages.find((page) => page.path === (locale === 'de' ? '/suche/' : '/en/search/'))!;
      const offered = new Set(searchPage.doc.querySelectorAll('input[name="type"]').map((box) => box.getAttribute('value')));
      expect([...offered].sort(), locale).toEqual(SEARCH_TYPES.map((type) => type.label[locale]).sort());
      const announced = pages
        .filter((page) => page.lang === locale)
        .flatMap((page) => page.doc.querySelectorAll('[data-pagefind-filter^="type:"]').map((element) => ({ path: page.path, type: element.getAttribute('data-pagefind-filter')!.slice('type:'.length) })));
      expect(announced.length, locale).toBeGreaterThan(0);
      const unfiltered = announced.filter(({ type }) => !offered.has(type)).map(({ path, type }) => `${path}: type "${type}" has no filter on the search page`);
      expect(unfiltered, unfiltered.join('\n')).toEqual([]);
    }
  });
});
