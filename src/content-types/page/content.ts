// Content pages (imprint, privacy, accessibility, …): their query, their content contract,
// their getter, and where they live in each language.
import { defineQuery } from 'groq';
import { z } from 'zod';
import type { PagesQueryResult } from '../../../core/sanity/sanity.types.ts';
import type { ContentSource } from '../../lib/sanity/source.ts';
import { blockContent, localeString, nullish, parseAll, seo, slug, type Accepts } from '../../lib/content/contract.ts';
import { pagePath, type Locale } from '../../../core/i18n/index.ts';
import { englishRule, type EnglishSubject } from '../../../core/english.ts';

export const pagesQuery = defineQuery(`
  *[_type == "page"] | order(pageType asc) {
    _id,
    _updatedAt,
    pageType,
    title,
    "slug": slug.current,
    "slugEn": slugEn.current,
    summary,
    body,
    visibleUntil,
    seo
  }
`);

export const pageTypes = ['about', 'directions', 'imprint', 'privacy', 'accessibility', 'easyLanguage'] as const;

export const pageSchema = z.object({
  _id: z.string(),
  _updatedAt: nullish(z.string()),
  pageType: z.enum(pageTypes),
  title: localeString,
  slug,
  slugEn: nullish(slug),
  summary: localeString,
  body: blockContent,
  visibleUntil: nullish(z.iso.datetime({ offset: true })),
  seo,
});

export type PageContractMatches = Accepts<z.input<typeof pageSchema>, PagesQueryResult[number]>;

export type Page = z.output<typeof pageSchema>;

export async function loadPages(source: ContentSource): Promise<Page[]> {
  return parseAll('page', pageSchema, await source.fetch(pagesQuery));
}

/**
 * Whether a page has an English page (registry: an English slug, title and body), so no English
 * page shows German text.
 */
export const hasEnglishPage = englishRule('page');

/** Paths of the page per language: German at /<slug>/, English at /en/<slugEn>/ only when it has an English page. */
export function contentPagePaths(page: { slug: string; slugEn?: string | undefined } & EnglishSubject<'page'>): Partial<Record<Locale, string>> & { de: string } {
  return { de: pagePath(page.slug, 'de'), ...(hasEnglishPage(page) ? { en: pagePath(page.slugEn!, 'en') } : {}) };
}
