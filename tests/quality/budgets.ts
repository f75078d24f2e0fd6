// Every byte budget of the site, in one place. Bytes are gzip -9 sizes of the files in the built
// site that a page loads on its own (no clicks, no typing): its HTML, CSS, JavaScript and fonts.
// Images are left out; they have their own responsive sizes. The counts are deterministic
// (same build, same bytes), so they are asserted as tests and printed as a table.
//
// Raise a budget only with a reason in the commit message; lower it when a page gets lighter.

import { CONTENT_TYPES, type BudgetClass, type ContentType, type ContentTypeName } from '../../core/registry.ts';
import { paginationSegment, sectionPath } from '../../core/i18n/index.ts';
import { RESULT_TEMPLATE_PATHS } from '../../core/feedback/model.ts';

/**
 * Total gzip bytes (HTML + CSS + JS + fonts) of one page, per budget class; every content type
 * with pages names its class in the registry. Measured when set (embedded dataset): about
 * 7–11 KB per page, of which 4.7 KB is the one shared stylesheet; the budgets leave room for
 * content, not for another framework.
 */
export const BUDGET_CLASSES: Record<BudgetClass, number> = {
  standard: 16_000,
  // Issue 7: a service page under 40 KB gzip in all, images aside.
  large: 40_000,
};

/** A page class: a content type's list (`<type> list`) or detail pages (`<type>`), or a fixed page. */
export type PageType = 'start' | 'search' | '404' | ContentTypeName | `${ContentTypeName} list`;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const either = (paths: string[]) => `(${paths.map(escape).join('|')})`;
const pagination = either([paginationSegment.de, paginationSegment.en]);

/** URL path → page class with its budget; the first match wins, both languages. */
export const PAGE_TYPES: readonly { type: PageType; pattern: RegExp; budget: number }[] = [
  { type: 'start', pattern: /^\/(en\/)?$/, budget: BUDGET_CLASSES.standard },
  { type: '404', pattern: /(^|\/)404(\.html|\/)$/, budget: 12_000 },
  { type: 'search', pattern: new RegExp(`^${either([sectionPath('search', 'de'), sectionPath('search', 'en')])}$`), budget: BUDGET_CLASSES.standard },
  // The pages the feedback handler answers into (noindex; one segment at the root like a content page).
  { type: 'feedback', pattern: new RegExp(`^${either(Object.values(RESULT_TEMPLATE_PATHS))}$`), budget: BUDGET_CLASSES.standard },
  ...(Object.entries(CONTENT_TYPES) as [ContentTypeName, ContentType][]).flatMap(([name, entry]): { type: PageType; pattern: RegExp; budget: number }[] => {
    if (entry.pages?.kind === 'section') {
      const section = either([`/${entry.pages.path.de}/`, `/en/${entry.pages.path.en}/`]);
      return [
        // The list, and its further pages (/presse/seite/2/).
        { type: `${name} list`, pattern: new RegExp(`^${section}(${pagination}/\\d+/)?$`), budget: BUDGET_CLASSES[entry.pages.budget.list] },
        ...(entry.pages.detailPages ? [{ type: name, pattern: new RegExp(`^${section}[^/]+/$`), budget: BUDGET_CLASSES[entry.pages.budget.detail] }] : []),
      ];
    }
    return [];
  }),
  // Content pages: one path segment at the site root, in either language; after the sections,
  // whose lists have one segment too.
  ...(Object.entries(CONTENT_TYPES) as [ContentTypeName, ContentType][]).flatMap(([name, entry]) =>
    entry.pages?.kind === 'root' ? [{ type: name, pattern: /^\/(en\/)?[^/]+\/$/, budget: BUDGET_CLASSES[entry.pages.budget.detail] }] : [],
  ),
];

/** The page class of a built page; a page of no class stops the test with what to fix. */
export function pageTypeOf(urlPath: string): PageType {
  const found = PAGE_TYPES.find(({ pattern }) => pattern.test(urlPath));
  if (!found) throw new Error(`${urlPath} belongs to no page class: give its content type \`pages\` and \`budget\` in core/registry.ts.`);
  return found.type;
}

/** Budget of each page class (bytes, gzip). */
export const PAGE_BUDGETS = Object.fromEntries(PAGE_TYPES.map(({ type, budget }) => [type, budget])) as Record<PageType, number>;

/**
 * Before search is used, a page loads at most two scripts (the live-status script and the
 * search loader), together under 5 KB gzip. Pagefind and the search UI load only when a search
 * field is used, on the search page too (unless it is opened with ?q=, which the crawl does not do).
 */
export const PRE_SEARCH_SCRIPTS = {
  maxFiles: 2,
  maxGzipBytes: 5_000,
};

/**
 * The search vocabulary of one language (pagefind/vocabulary-<lang>.json, gzip -9), fetched only
 * when a query finds little (issue 19). The embedded site's must stay under 30 KB; at any size the
 * indexer keeps it under VOCABULARY_MAX_GZIP_BYTES (150 KB, src/build/vocabulary-writer.ts).
 * Measured when set: 6.9 KB German, 4.6 KB English.
 */
export const SEARCH_VOCABULARY_MAX_GZIP_BYTES = 30_000;
