// What the sitemap needs to know about each page, collected while the pages render: BaseLayout
// records every page's language alternates, whether it may be indexed and its lastmod, and the sitemap
// integration (src/integrations/sitemap.ts) reads them after the build. Shared through
// globalThis because Astro renders pages from a separately bundled copy of this module.
import type { Locale } from '../../core/i18n/index.ts';

export interface PageRecord {
  locale: Locale;
  /** Site-relative paths of the page in each language that has it. */
  alternates: Partial<Record<Locale, string>>;
  noindex: boolean;
  /** When its main content last changed (src/lib/lastmod.ts); absent: no reliable date. */
  lastmod?: string | undefined;
}

const store = globalThis as { __kspPages?: Map<string, PageRecord> };
const pages: Map<string, PageRecord> = (store.__kspPages ??= new Map());

/** Normalised to a trailing slash so /en/services and /en/services/ are one page. */
export function normalisePath(pathname: string): string {
  return pathname.endsWith('/') ? pathname : `${pathname}/`;
}

export function recordPage(pathname: string, record: PageRecord): void {
  pages.set(normalisePath(pathname), record);
}

export function pageRecord(pathname: string): PageRecord | undefined {
  return pages.get(normalisePath(pathname));
}

/** hreflang links for a sitemap entry: every language version plus x-default (German). */
export function sitemapLinks(record: PageRecord, site: string): { lang: string; url: string }[] {
  const links = (['de', 'en'] as const).flatMap((lang) => (record.alternates[lang] ? [{ lang, url: new URL(record.alternates[lang]!, site).href }] : []));
  if (links.length < 2) return [];
  return [...links, { lang: 'x-default', url: new URL(record.alternates.de!, site).href }];
}

/** Meta descriptions: one paragraph, at most ~160 characters, cut at a word. */
export function metaDescription(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[\s,;:.–-]+$/, '')}…`;
}
