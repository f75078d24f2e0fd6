// Every content type the site renders, in one place. The webhook's rendered types and its GROQ
// filter, the URL sections, the header navigation, the search filters and the byte budgets'
// page classes are all derived from this list, so a type is added here once and everything
// else follows (README: "Add a content type"). Pure data: the Netlify Function and the publish
// server import it too.
import { DRAFTS_PREFIX } from './sanity/ids.ts';
import type { AllSanitySchemaTypes } from './sanity/sanity.types.ts';

/** Text in both site languages (labels that belong to a type, not to one component). */
export interface Label {
  de: string;
  en: string;
}

/** Byte budget classes of tests/quality/budgets.ts: `large` is for pages with many facts. */
export type BudgetClass = 'standard' | 'large';

/** Where a type's pages live, and the byte budget class of each kind of page. */
export type Pages =
  | {
      /** A list at /<de>/ and /en/<en>/, with a page per document below it. */
      readonly kind: 'section';
      /** The section's name in sectionPath() ('services', 'press', …). */
      readonly key: string;
      readonly path: Label;
      readonly detailPages: true;
      readonly budget: { readonly list: BudgetClass; readonly detail: BudgetClass };
    }
  | { readonly kind: 'section'; readonly key: string; readonly path: Label; readonly detailPages: false; readonly budget: { readonly list: BudgetClass } }
  /** One page per document at the site root: /<slug>/ and /en/<slugEn>/ (content pages). */
  | { readonly kind: 'root'; readonly budget: { readonly detail: BudgetClass } };

/**
 * What the site does with one content type. A type with pages names their byte budget class, so
 * no page falls under a budget by accident.
 */
export interface ContentType {
  /** Absent: the type has no pages of its own and only feeds other pages (site settings). */
  readonly pages?: Pages;
  /** Place in the header navigation (1 = first) and its label; absent: not in the navigation. */
  readonly nav?: { readonly position: number; readonly label: Label };
  /** The search filter of the type's pages (`data-pagefind-filter="type:…"`); absent: not filterable. */
  readonly search?: { readonly key: string; readonly label: Label };
  /**
   * When a document gets an English page: every field named here has English content (a
   * `{de, en}` field its `en`, a plain string such as `slugEn` any text). Absent: a page in both
   * languages always. See `englishRule` in core/english.ts.
   */
  readonly english?: readonly string[];
  /**
   * Reference fields whose documents a page of this type shows as part of its own main content (a
   * service's provider), so their `_updatedAt` counts for the page's `lastmod` (src/lib/lastmod.ts).
   * Cards that link other pages, the header, footer and alert banner are not main content.
   */
  readonly mainContent?: readonly string[];
  /** Whether publishing a document of this type rebuilds the site (the webhook answers 202). */
  readonly rebuildsOnPublish: boolean;
  /**
   * Not content: a document that only steers publishing (the Studio's "Website neu bauen" writes
   * one). It has no publish badge and is not listed in the build manifest.
   */
  readonly control?: true;
}

/** Document types of the Studio schema (from the generated types), Sanity's own types aside. */
export type StudioDocumentType = Exclude<Extract<AllSanitySchemaTypes, { _id: string }>['_type'], `sanity.${string}`>;

/**
 * The registry. Keyed by every document type of the Studio schema: a new Studio type that is
 * not entered here is a type error (after `npm run typegen`). The order is the order of the
 * search filters.
 */
export const CONTENT_TYPES = {
  service: {
    pages: { kind: 'section', key: 'services', path: { de: 'dienstleistungen', en: 'services' }, detailPages: true, budget: { list: 'standard', detail: 'large' } },
    nav: { position: 1, label: { de: 'Dienstleistungen', en: 'Services' } },
    search: { key: 'service', label: { de: 'Dienstleistung', en: 'Service' } },
    english: ['title'],
    mainContent: ['provider'],
    rebuildsOnPublish: true,
  },
  pressItem: {
    pages: { kind: 'section', key: 'press', path: { de: 'presse', en: 'press' }, detailPages: true, budget: { list: 'standard', detail: 'standard' } },
    nav: { position: 4, label: { de: 'Presse', en: 'Press' } },
    search: { key: 'press', label: { de: 'Presse', en: 'Press' } },
    english: ['title', 'lead'],
    rebuildsOnPublish: true,
  },
  event: {
    pages: { kind: 'section', key: 'events', path: { de: 'veranstaltungen', en: 'events' }, detailPages: true, budget: { list: 'standard', detail: 'standard' } },
    nav: { position: 3, label: { de: 'Veranstaltungen', en: 'Events' } },
    search: { key: 'event', label: { de: 'Veranstaltung', en: 'Event' } },
    english: ['title', 'summary'],
    mainContent: ['partners'],
    rebuildsOnPublish: true,
  },
  partner: {
    pages: { kind: 'section', key: 'partners', path: { de: 'partner', en: 'partners' }, detailPages: true, budget: { list: 'standard', detail: 'standard' } },
    nav: { position: 5, label: { de: 'Partner', en: 'Partners' } },
    search: { key: 'partner', label: { de: 'Partner', en: 'Partner' } },
    english: ['summary'],
    rebuildsOnPublish: true,
  },
  page: {
    pages: { kind: 'root', budget: { detail: 'standard' } },
    search: { key: 'page', label: { de: 'Seite', en: 'Page' } },
    english: ['slugEn', 'title', 'body'],
    rebuildsOnPublish: true,
  },
  openingHours: {
    pages: { kind: 'section', key: 'hours', path: { de: 'oeffnungszeiten', en: 'opening-hours' }, detailPages: false, budget: { list: 'standard' } },
    nav: { position: 2, label: { de: 'Öffnungszeiten', en: 'Opening hours' } },
    rebuildsOnPublish: true,
  },
  siteSettings: {
    rebuildsOnPublish: true,
  },
  // Citizens' page feedback (core/feedback/): stored for the editors, never on the site, so
  // it is left out of the webhook filter and never starts a build.
  feedback: {
    rebuildsOnPublish: false,
  },
  rebuildRequest: {
    rebuildsOnPublish: true,
    control: true,
  },
} as const satisfies Record<StudioDocumentType, ContentType>;

export type ContentTypeName = keyof typeof CONTENT_TYPES;
const entries = Object.entries(CONTENT_TYPES) as [ContentTypeName, ContentType][];

// ---------------------------------------------------------------------------------------------
// The publish webhook

type Rebuilds<T> = T extends ContentTypeName ? ((typeof CONTENT_TYPES)[T]['rebuildsOnPublish'] extends true ? T : never) : never;
export type RebuildType = Rebuilds<ContentTypeName>;

/** Document types whose publish rebuilds the site; any other type never triggers a build. */
export const REBUILD_TYPES = entries.filter(([, entry]) => entry.rebuildsOnPublish).map(([name]) => name) as readonly RebuildType[];

/**
 * Types whose published documents the site shows: the build manifest lists their revisions and
 * the Studio shows the publish badge on them.
 */
export const CONTENT_DOCUMENT_TYPES: readonly RebuildType[] = REBUILD_TYPES.filter((type) => !(CONTENT_TYPES[type] as ContentType).control);

/**
 * The filter of the Sanity webhook (README "The Sanity webhook"): rendered types, no drafts. Release
 * versions pass it and are ignored by the receiver (isDraftOrVersionId in core/publish/webhook.ts).
 */
export const WEBHOOK_FILTER = `_type in [${REBUILD_TYPES.map((type) => JSON.stringify(type)).join(', ')}] && !(_id in path("${DRAFTS_PREFIX}**"))`;

/** The projection of the Sanity webhook: only what the receivers read. */
export const WEBHOOK_PROJECTION = '{_id, _type, _rev, "operation": delta::operation()}';

// ---------------------------------------------------------------------------------------------
// URL sections, navigation, search filters

type SectionOf<T> = T extends { pages: { kind: 'section'; key: infer K } } ? K : never;
/** URL sections of the content types ('services', 'hours', …). */
export type ContentSection = SectionOf<(typeof CONTENT_TYPES)[ContentTypeName]>;

/** Section key → URL segment per language, for every type with a section. */
export const CONTENT_SECTIONS = Object.fromEntries(
  entries.flatMap(([, entry]) => (entry.pages?.kind === 'section' ? [[entry.pages.key, entry.pages.path]] : [])),
) as Record<ContentSection, Label>;

/** The header navigation, in order. */
export const NAV_ITEMS: readonly { section: ContentSection; label: Label }[] = entries
  .flatMap(([, entry]) => (entry.nav && entry.pages?.kind === 'section' ? [{ position: entry.nav.position, section: entry.pages.key as ContentSection, label: entry.nav.label }] : []))
  .sort((a, b) => a.position - b.position)
  .map(({ section, label }) => ({ section, label }));

type SearchKeyOf<T> = T extends { search: { key: infer K } } ? K : never;
/** The search type of a page (`SearchMeta`'s `type`): only registered types have a filter. */
export type SearchType = SearchKeyOf<(typeof CONTENT_TYPES)[ContentTypeName]>;

/** The search page's type filters, in order. */
export const SEARCH_TYPES: readonly { key: SearchType; label: Label }[] = entries.flatMap(([, entry]) =>
  entry.search ? [{ key: entry.search.key as SearchType, label: entry.search.label }] : [],
);

export function searchTypeLabel(type: SearchType): Label {
  return SEARCH_TYPES.find((entry) => entry.key === type)!.label;
}
