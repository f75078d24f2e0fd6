// Every byte budget of the site, in one place. Bytes are gzip -9 sizes of the files in the built
// site that a page loads on its own (no clicks, no typing): its HTML, CSS, JavaScript and fonts.
// Images are left out; they have their own responsive sizes. The counts are deterministic
// (same build, same bytes), so they are asserted as tests and printed as a table.
//
// Raise a budget only with a reason in the commit message; lower it when a page gets lighter.

export type PageType =
  | 'start'
  | 'service list'
  | 'service'
  | 'opening hours'
  | 'partner list'
  | 'partner'
  | 'press list'
  | 'press item'
  | 'event list'
  | 'event'
  | 'search'
  | 'content page'
  | '404';

/** URL path → page type; the first match wins, both languages. */
export const PAGE_TYPES: readonly { type: PageType; pattern: RegExp }[] = [
  { type: 'start', pattern: /^\/(en\/)?$/ },
  { type: '404', pattern: /(^|\/)404(\.html|\/)$/ },
  { type: 'service list', pattern: /^\/(dienstleistungen|en\/services)\/$/ },
  { type: 'service', pattern: /^\/(dienstleistungen|en\/services)\/[^/]+\/$/ },
  { type: 'opening hours', pattern: /^\/(oeffnungszeiten|en\/opening-hours)\/$/ },
  { type: 'partner list', pattern: /^\/(partner|en\/partners)\/$/ },
  { type: 'partner', pattern: /^\/(partner|en\/partners)\/[^/]+\/$/ },
  // Pagination of the press list: /presse/seite/2/ or /presse/2/ (both spellings accepted).
  { type: 'press list', pattern: /^\/(presse|en\/press)\/((seite|page)\/)?(\d+\/)?$/ },
  { type: 'press item', pattern: /^\/(presse|en\/press)\/[^/]+\/$/ },
  { type: 'event list', pattern: /^\/(veranstaltungen|en\/events)\/((vergangene|past|archiv|archive)\/)?$/ },
  { type: 'event', pattern: /^\/(veranstaltungen|en\/events)\/[^/]+\/$/ },
  { type: 'search', pattern: /^\/(suche|en\/search)\/$/ },
  { type: 'content page', pattern: /^\/.*$/ },
];

export function pageTypeOf(urlPath: string): PageType {
  return PAGE_TYPES.find(({ pattern }) => pattern.test(urlPath))!.type;
}

/**
 * Total gzip bytes (HTML + CSS + JS + fonts) per page type; every page of a type must fit, the
 * heaviest is printed. Measured when set (embedded dataset): about 7–11 KB per page,
 * of which 4.7 KB is the one shared stylesheet; the budgets leave room for content, not for
 * another framework.
 */
export const PAGE_BUDGETS: Record<PageType, number> = {
  start: 16_000,
  'service list': 16_000,
  // Issue 7: a service page under 40 KB gzip in all, images aside.
  service: 40_000,
  'opening hours': 16_000,
  'partner list': 16_000,
  partner: 16_000,
  'press list': 16_000,
  'press item': 16_000,
  'event list': 16_000,
  event: 16_000,
  search: 16_000,
  'content page': 16_000,
  '404': 12_000,
};

/**
 * Before search is used, a page loads at most two scripts (the live-status script and the
 * search loader), together under 5 KB gzip. Pagefind and the search UI load only when a search
 * field is used, on the search page too (unless it is opened with ?q=, which the crawl does not do).
 */
export const PRE_SEARCH_SCRIPTS = {
  maxFiles: 2,
  maxGzipBytes: 5_000,
};
