// Click-to-edit targets for the Studio's Presentation tool. An element that shows a document's
// field carries `data-sanity` (document id, type, field path) while a preview request renders;
// the overlays of src/preview/page-script.ts turn it into a link to that field. In a build
// the attribute is undefined and Astro writes nothing. These attributes replace stega (text with
// invisible characters): they never reach an href, a date, a slug, JSON-LD, a meta tag or the
// search index, because they are only ever put on the visible element.
import { createDataAttribute } from '@sanity/visual-editing/create-data-attribute';
import { hasEnglish, type Locale } from '../../core/i18n/index.ts';
import { previewContext } from '../lib/content/scope.ts';

/** `data-sanity` for a field of a document, or undefined outside a preview. */
export function editTarget(type: string, id: string, path: string): string | undefined {
  const preview = previewContext();
  if (!preview) return undefined;
  return createDataAttribute({ baseUrl: preview.studioUrl, id, type, path }).toString();
}

/** The path of a localized field as a page shows it: English only where an English value exists. */
export function localizedPath(field: string, value: { en?: unknown } | undefined, locale: Locale): string {
  return `${field}.${locale === 'en' && hasEnglish(value) ? 'en' : 'de'}`;
}
