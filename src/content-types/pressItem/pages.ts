// What the press pages get, and the addresses of the press list's pages and feed. German pages
// exist for every press item, English ones for items with an English page (pressHasEnglish).
import { paginationSegment, sectionPath, type Locale } from '../../../core/i18n/index.ts';
import { getPressItems, getSiteSettings, type PressItem } from '../../lib/content/index.ts';
import { scoped } from '../../lib/content/scope.ts';
import { indexBy, relatedPress } from '../../lib/relations.ts';
import { getEnglishPartnerIds } from '../partner/pages.ts';
import { getEnglishServiceIds } from '../service/pages.ts';
import { pressHasEnglish } from './content.ts';

export const PRESS_PAGE_SIZE = 5;

/**
 * Press items of one language, newest first (the query orders them). Once per build (or preview
 * request) and language: every page of the press list asks for the other language's count.
 */
const pressByLocale = scoped(() => new Map<Locale, Promise<PressItem[]>>());
export function pressItemsFor(locale: Locale): Promise<PressItem[]> {
  const byLocale = pressByLocale();
  let items = byLocale.get(locale);
  if (!items) byLocale.set(locale, (items = getPressItems().then((all) => (locale === 'de' ? all : all.filter(pressHasEnglish)))));
  return items;
}

/** How many press items each language's list has (every page of a list names its counterpart). */
export async function pressCounts(): Promise<Record<Locale, number>> {
  const [de, en] = await Promise.all([pressItemsFor('de'), pressItemsFor('en')]);
  return { de: de.length, en: en.length };
}

/** One page of the press list: its items and where it stands. */
export interface PressListPage {
  data: PressItem[];
  currentPage: number;
  lastPage: number;
}

/**
 * The pages of the press list, PRESS_PAGE_SIZE items each: page 1 at the section root, then
 * …/seite/2/ (German) or …/page/2/ (English). An empty list still has its first page.
 */
export async function pressListPaths(locale: Locale) {
  const [items, counts] = await Promise.all([pressItemsFor(locale), pressCounts()]);
  const lastPage = Math.max(1, Math.ceil(items.length / PRESS_PAGE_SIZE));
  return Array.from({ length: lastPage }, (_, index) => {
    const page: PressListPage = { data: items.slice(index * PRESS_PAGE_SIZE, (index + 1) * PRESS_PAGE_SIZE), currentPage: index + 1, lastPage };
    return { params: { page: pressListParam(locale, page.currentPage) }, props: { page, counts } };
  });
}

export async function pressPaths(locale: Locale) {
  const [items, settings, englishPartnerIds, englishServiceIds] = await Promise.all([pressItemsFor(locale), getSiteSettings(), getEnglishPartnerIds(), getEnglishServiceIds()]);
  const byPartner = indexBy(items, (i) => i.relatedPartners.map((p) => p._id));
  return items.map((item) => ({
    params: { slug: item.slug },
    props: { item, related: relatedPress(item, byPartner), settings, englishPartnerIds, englishServiceIds },
  }));
}

/** URL path of page n of the press list: /presse/, /presse/seite/2/, /en/press/page/2/ … */
export function pressListPath(locale: Locale, page: number): string {
  return page <= 1 ? sectionPath('press', locale) : `${sectionPath('press', locale)}${paginationSegment[locale]}/${page}/`;
}

/** The rest parameter of the press list route for page n: undefined for the first page. */
export function pressListParam(locale: Locale, page: number): string | undefined {
  return page <= 1 ? undefined : `${paginationSegment[locale]}/${page}`;
}

export function pressFeedPath(locale: Locale): string {
  return `${sectionPath('press', locale)}rss.xml`;
}
