// A CMS value in the page language, and whether it fell back to German: then the page marks
// the text with lang="de" and says it is untranslated (English pages never show German unannounced).
import type { Locale } from '../../core/i18n/index.ts';

export interface Picked<T> {
  value: T | undefined;
  /** True when an English page shows the German value. */
  fallback: boolean;
}

const present = (value: unknown): boolean =>
  Array.isArray(value) ? value.length > 0 : typeof value === 'string' ? value.trim().length > 0 : value != null;

export function pick<T>(field: { de?: T | undefined; en?: T | undefined | null } | undefined | null, locale: Locale): Picked<T> {
  if (!field) return { value: undefined, fallback: false };
  if (locale === 'en' && present(field.en)) return { value: field.en as T, fallback: false };
  if (locale === 'en') return { value: present(field.de) ? field.de : undefined, fallback: present(field.de) };
  return { value: present(field.de) ? field.de : undefined, fallback: false };
}
