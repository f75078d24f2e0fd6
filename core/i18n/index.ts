// Locale helpers: UI strings, localized CMS fields and the URL of every page in both languages.
import { CONTENT_SECTIONS, NAV_ITEMS, type ContentSection } from '../registry.ts';
import { de, type UiKey } from './de.ts';
import { en } from './en.ts';

export const locales = ['de', 'en'] as const;
export type Locale = (typeof locales)[number];

const dictionaries: Record<Locale, Record<UiKey, string>> = { de, en };

export function t(locale: Locale, key: UiKey): string {
  return dictionaries[locale][key];
}

export type Localized<T> = { de: T; en?: T | undefined };

/** The value in the requested language, falling back to German (the required language). */
export function localize<T>(value: Localized<T>, locale: Locale): T;
export function localize<T>(value: Localized<T> | undefined, locale: Locale): T | undefined;
export function localize<T>(value: Localized<T> | undefined, locale: Locale): T | undefined {
  if (!value) return undefined;
  return locale === 'en' ? (value.en ?? value.de) : value.de;
}

/** True when an English value exists, so English pages never show German text unannounced. */
export function hasEnglish(value: { en?: unknown } | undefined): boolean {
  if (!value) return false;
  const english = value.en;
  return Array.isArray(english) ? english.length > 0 : typeof english === 'string' ? english.trim().length > 0 : english != null;
}

/** Section segments per language (the content types' from the registry); detail pages append the document slug. */
const sections: Record<Section, { de: string; en: string }> = { ...CONTENT_SECTIONS, search: { de: 'suche', en: 'search' } };
export type Section = ContentSection | 'search';

/** The navigation label of a content type's section (registry). */
export function sectionLabel(section: ContentSection, locale: Locale): string {
  const item = NAV_ITEMS.find((entry) => entry.section === section);
  if (!item) throw new Error(`Section "${section}" has no navigation label: give its content type a \`nav\` entry in core/registry.ts.`);
  return item.label[locale];
}

export function localePrefix(locale: Locale): string {
  return locale === 'de' ? '' : `/${locale}`;
}

export function homePath(locale: Locale): string {
  return `${localePrefix(locale)}/`;
}

export function sectionPath(section: Section, locale: Locale, slug?: string): string {
  return `${localePrefix(locale)}/${sections[section][locale]}/${slug ? `${slug}/` : ''}`;
}

/** The word before the number of a list's further pages: /presse/seite/2/, /en/press/page/2/. */
export const paginationSegment: Record<Locale, string> = { de: 'seite', en: 'page' };

export function pagePath(segment: string, locale: Locale): string {
  return `${localePrefix(locale)}/${segment}/`;
}
