// What the content pages get. German pages exist for every page, English ones for pages with an
// English page (hasEnglishPage).
import type { Locale } from '../../../core/i18n/index.ts';
import { getPages, getSiteSettings } from '../../lib/content/index.ts';
import { hasEnglishPage } from './content.ts';

export async function contentPagePathsFor(locale: Locale) {
  const [pages, settings] = await Promise.all([getPages(), getSiteSettings()]);
  return pages
    .filter((page) => locale === 'de' || hasEnglishPage(page))
    .map((page) => ({ params: { page: locale === 'de' ? page.slug : page.slugEn! }, props: { page, settings } }));
}
