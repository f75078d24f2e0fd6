// Where the privacy statement lives in a language (the CMS page of type "privacy"), for the note
// next to the feedback forms' contact field. The pages come from the page's frame (PageFrame).
import type { Locale } from '../../../core/i18n/index.ts';
import type { Page } from '../../lib/content/index.ts';
import { contentPagePaths } from '../../content-types/page/content.ts';

export function privacyHref(pages: readonly Page[], locale: Locale): string | undefined {
  const privacy = pages.find((page) => page.pageType === 'privacy');
  if (!privacy) return undefined;
  const paths = contentPagePaths(privacy);
  return paths[locale] ?? paths.de;
}
