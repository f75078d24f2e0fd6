// Which document a preview page shows (Presentation tool, resolve.mainDocuments): opening a page
// in the preview opens its document beside it. The addresses come from the site's own registry
// and i18n, so a renamed section cannot leave the Studio behind.
import { defineDocuments, type DocumentResolver } from 'sanity/presentation';
import { homePath, locales, pagePath, sectionPath, type Locale } from '../../core/i18n/index';

const SLUG = ':slug';

const detail = (type: string, section: Parameters<typeof sectionPath>[0]): DocumentResolver[] =>
  locales.map((locale) => ({ route: sectionPath(section, locale, SLUG), filter: `_type == "${type}" && slug.current == $slug` }));

const contentPage = (locale: Locale): DocumentResolver => ({
  route: pagePath(SLUG, locale),
  filter: `_type == "page" && ${locale === 'de' ? 'slug' : 'slugEn'}.current == $slug`,
});

export const mainDocuments = defineDocuments([
  ...locales.map((locale) => ({ route: homePath(locale), filter: '_id == "siteSettings"' })),
  ...locales.map((locale) => ({ route: sectionPath('hours', locale), filter: '_type == "openingHours"' })),
  ...detail('service', 'services'),
  ...detail('partner', 'partners'),
  ...detail('pressItem', 'press'),
  ...detail('event', 'events'),
  // Last: a content page sits directly under the root, where every section would match too.
  ...locales.map(contentPage),
]);
