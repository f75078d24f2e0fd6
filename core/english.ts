// The one rule for "does this document get an English page": the fields its registry entry
// names (CONTENT_TYPES[type].english) all have English content. Pages, links, cards, the
// sitemap's hreflang, feeds and the language switch all ask the type's rule, so nothing ever
// links to an English page that was not built, and no English page shows German unannounced.
import { hasEnglish } from './i18n/index.ts';
import { CONTENT_TYPES, type ContentType, type ContentTypeName } from './registry.ts';

type EnglishFields<T extends ContentTypeName> = (typeof CONTENT_TYPES)[T] extends { english: readonly (infer F extends string)[] } ? F : never;

/** A document as the rule reads it: each named field either `{de, en?}` or a plain string. */
export type EnglishSubject<T extends ContentTypeName> = { [F in EnglishFields<T>]?: { de?: unknown; en?: unknown } | string | undefined };

const hasText = (value: { de?: unknown; en?: unknown } | string | undefined): boolean =>
  typeof value === 'string' ? value.trim().length > 0 : hasEnglish(value);

/** The English-page rule of a content type; types without a rule have English pages always. */
export function englishRule<T extends ContentTypeName>(type: T): (doc: EnglishSubject<T>) => boolean {
  const entry: ContentType = CONTENT_TYPES[type];
  const fields = (entry.english ?? []) as readonly EnglishFields<T>[];
  return (doc) => fields.every((field) => hasText(doc[field]));
}
