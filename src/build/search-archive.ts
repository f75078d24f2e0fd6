// Which indexed pages go into the search archive (core/search-query.ts ARCHIVE_BASE_PATH): on a
// large site, Pagefind's first download grows with the number of pages in a language's index
// (its pf_meta file holds a hash and a word count per page, which do not compress), and most
// pages of a large site are old press items and past events. The search page loads the current
// index first and the archive only when it is needed (src/browser/search.ts), so the first search
// stays small while no page becomes unfindable.
//
// The rule reads what every content page already says to Pagefind (SearchMeta.astro: the type
// filter and the date), so it is decided when the index is written, with that moment's date: a
// page copied from an incremental build's cache moves to the archive when its time has come.
import { SEARCH_TYPES, type SearchType } from '../../core/registry.ts';

/**
 * A language is split only from this many indexed pages on. Measured with `npm run bench:search`
 * (bench dataset): pf_meta costs about 7 bytes per page (7.6 KB of a first search of 115.6 KB at
 * 1,000 documents, 69 KB of 180.9 KB at 10,000); unsplit, the first search passes 150 KB at about
 * 5,000 pages of a language. Below 3,000 pages a split saves at most about 12 KB while a search
 * that needs the archive costs 40 KB or more (its pf_meta alone is 39.7 KB at 10,000 documents), so smaller sites,
 * the embedded one included, keep one index with exactly the bytes they had before.
 */
export const SPLIT_MIN_PAGES = 3000;

/** Press items stay in the current index for two years after they were published. */
export const PRESS_CURRENT_DAYS = 2 * 365;
/** Events stay in the current index for 30 days after they began (a long exhibition is still on). */
export const EVENT_CURRENT_DAYS = 30;

const DAY_MS = 86_400_000;

/** How long a page of each type stays current; types without an entry are always current. */
const CURRENT_DAYS: Partial<Record<SearchType, number>> = { press: PRESS_CURRENT_DAYS, event: EVENT_CURRENT_DAYS };

const typeByLabel = new Map(SEARCH_TYPES.flatMap(({ key, label }) => Object.values(label).map((text) => [text, key] as const)));

/** The search type and date a page gives Pagefind (SearchMeta.astro), from its HTML. */
export function searchFacts(html: string): { type: SearchType | undefined; date: Date | undefined } {
  const label = /data-pagefind-filter="type:([^"]*)"/.exec(html)?.[1];
  const value = /data-pagefind-meta="date:([^"]*)"/.exec(html)?.[1];
  const date = value ? new Date(value) : undefined;
  return { type: label === undefined ? undefined : typeByLabel.get(label), date: date && !Number.isNaN(date.getTime()) ? date : undefined };
}

/** Whether a page belongs to the archive at `now`: a press item over two years old, an event that began over 30 days ago. */
export function isArchived(html: string, now: Date): boolean {
  const { type, date } = searchFacts(html);
  const days = type && CURRENT_DAYS[type];
  return days !== undefined && date !== undefined && now.getTime() - date.getTime() > days * DAY_MS;
}
