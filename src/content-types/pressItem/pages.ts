// What the press pages get, and the addresses of the press list's pages and feed. German pages
// exist for every press item, English ones for items with an English page (pressHasEnglish).
import { paginationSegment, sectionPath, type Locale } from '../../i18n/index.ts';
import { getPressItems, getSiteSettings, type PressItem } from '../../lib/content/index.ts';
import { indexBy, relatedPress } from '../../lib/relations.ts';
import { getEnglishPartnerIds } from '../partner/pages.ts';
import { getEnglishServiceIds } from '../service/pages.ts';
import { pressHasEnglish } from './content.ts';

export const PRESS_PAGE_SIZE = 5;

/**
 * Press items of one language, newest first (the query orders them). Once per build and
 * language: every page of the press list asks for the other language's count.
 */
const pressByLocale = new Map<Locale, Promise<PressItem[]>>();
export function pressItemsFor(locale: Locale): Promise<PressItem[]> {
  let items = pressByLocale.get(locale);
  if (!items) pressByLocale.set(locale, (items = getPressItems().then((all) => (locale === 'de' ? all : all.filter(pressHasEnglish)))));
  return items;
}

/** How many press items each language's list has (every page of a list names its counterpart). */
export async function pressCounts(): Promise<Record<Locale, number>> {
  const [de, en] = await Promise.all([pressItemsFor('de'), pressItemsFor('en')]);
  return { de: de.length, en: en.length };
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
