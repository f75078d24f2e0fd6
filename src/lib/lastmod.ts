// A page's `lastmod` in the sitemap (and the build manifest): the newest `_updatedAt` of the
// documents that make up its main content, which search engines use only while it is
// "consistently and verifiably accurate" (Google's sitemap guidance). So a date is given only
// where it is true:
// - a document's own page (a detail page, a CMS page): the document and the documents the
//   registry names as part of its main content (`mainContent`: a service's provider, an event's
//   partners). Cards linking other pages, the header, footer, alert banner and site settings are
//   not main content: their change does not change what the page is about.
// - the page of a section without detail pages (opening hours): that section's documents.
// - lists, the home page, search and feedback pages: none. They show a little of many documents,
//   and the newest `_updatedAt` among them would move on edits the list does not show.
// A main-content document without a date makes the date unreliable: the page then gets none.
import { CONTENT_TYPES, type ContentType, type ContentTypeName } from '../../core/registry.ts';

interface Dated {
  _updatedAt?: string | null | undefined;
}

/** The newest of the dates as an ISO instant; undefined when there is none or one is missing. */
export function newestDate(dates: readonly (string | null | undefined)[]): string | undefined {
  let newest: number | undefined;
  for (const date of dates) {
    const time = date ? Date.parse(date) : Number.NaN;
    if (Number.isNaN(time)) return undefined;
    newest = newest === undefined ? time : Math.max(newest, time);
  }
  return newest === undefined ? undefined : new Date(newest).toISOString();
}

/** The documents of a document page's main content: the document and the references the registry names. */
export function mainContentDocuments<T extends Dated>(type: ContentTypeName, doc: T): Dated[] {
  const fields = (CONTENT_TYPES[type] as ContentType).mainContent ?? [];
  const referenced = fields.flatMap((field) => {
    const value = (doc as Record<string, unknown>)[field];
    if (value === null || value === undefined) return [];
    return (Array.isArray(value) ? value : [value]) as Dated[];
  });
  return [doc, ...referenced];
}

/** The `lastmod` of a document's own page (a detail page or a CMS page). */
export function documentLastmod<T extends Dated>(type: ContentTypeName, doc: T): string | undefined {
  return newestDate(mainContentDocuments(type, doc).map((d) => d._updatedAt));
}

/** The `lastmod` of the page of a section without detail pages: its documents are its main content. */
export function sectionLastmod(type: ContentTypeName, docs: readonly Dated[]): string | undefined {
  const pages = (CONTENT_TYPES[type] as ContentType).pages;
  if (pages?.kind !== 'section' || pages.detailPages) throw new Error(`${type} has detail pages: its list gets no lastmod (src/lib/lastmod.ts).`);
  return newestDate(docs.map((d) => d._updatedAt));
}
