// Where the CMS's `page` documents live: German at /<slug>/, English at /en/<slugEn>/ only when
// the page really has English content (title and body), so no English page shows German text.
import { hasEnglish, pagePath, type Locale } from '../i18n/index.ts';

interface PageLike {
  slug: string;
  slugEn?: string | undefined;
  title: { de: string; en?: string | undefined };
  body: { de: unknown[]; en?: unknown[] | undefined };
}

export function hasEnglishPage(page: PageLike): boolean {
  return Boolean(page.slugEn) && hasEnglish(page.title) && hasEnglish(page.body);
}

/** Paths of the page per language; `en` is missing when there is no English page. */
export function contentPagePaths(page: PageLike): Partial<Record<Locale, string>> & { de: string } {
  return { de: pagePath(page.slug, 'de'), ...(hasEnglishPage(page) ? { en: pagePath(page.slugEn!, 'en') } : {}) };
}
