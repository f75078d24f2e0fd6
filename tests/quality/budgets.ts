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

/** Total gzip bytes (HTML + CSS + JS + fonts) per page type: the heaviest page of a type counts. */
export const PAGE_BUDGETS: Record<PageType, number> = {
  start: 30_000,
  'service list': 30_000,
  // Issue 7: a service page under 40 KB gzip in all, images aside.
  service: 40_000,
  'opening hours': 30_000,
  'partner list': 30_000,
  partner: 30_000,
  'press list': 30_000,
  'press item': 30_000,
  'event list': 30_000,
  event: 30_000,
  search: 30_000,
  'content page': 30_000,
  '404': 25_000,
};

/**
 * Before search is used, a page loads at most two scripts (the live-status script and the
 * search loader), together under 5 KB gzip. Pagefind and the search UI load only when the field
 * is used. The search page itself may load the search code at once (searching is what it is for).
 */
export const PRE_SEARCH_SCRIPTS = {
  maxFiles: 2,
  maxGzipBytes: 5_000,
  exemptTypes: ['search'] as PageType[],
};
