// Where the privacy statement lives in a language (the CMS page of type "privacy"), for the note
// next to the feedback forms' contact field.
import type { Locale } from '../../../core/i18n/index.ts';
import { getPages } from '../../lib/content/index.ts';
import { contentPagePaths } from '../../content-types/page/content.ts';

export async function getPrivacyHref(locale: Locale): Promise<string | undefined> {
  const privacy = (await getPages()).find((page) => page.pageType === 'privacy');
  if (!privacy) return undefined;
  const paths = contentPagePaths(privacy);
  return paths[locale] ?? paths.de;
}
