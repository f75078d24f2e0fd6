// "Nicht im KSP": needs the service point does not serve, with the office that does. No pages of
// their own: the search page (src/components/search/) shows the one a query matches as a box and
// lists them all when a search finds nothing. Their query, content contract and getter.
import { defineQuery } from 'groq';
import { z } from 'zod';
import type { NotAtKspQueryResult } from '../../../core/sanity/sanity.types.ts';
import type { ContentSource } from '../../lib/sanity/source.ts';
import { localeString, localeStringList, nullish, optionalLocaleString, parseAll, type Accepts } from '../../lib/content/contract.ts';
import { localize, type Locale } from '../../../core/i18n/index.ts';

export const notAtKspQuery = defineQuery(`
  *[_type == "notAtKsp"] | order(title.de asc) {
    _id,
    title,
    searchTerms,
    instead,
    note,
    link { url, label },
    office { name, address, phone }
  }
`);

export const notAtKspSchema = z.object({
  _id: z.string(),
  title: localeString,
  searchTerms: nullish(localeStringList),
  instead: localeString,
  note: optionalLocaleString,
  link: z.object({ url: z.url({ protocol: /^https$/ }), label: localeString }),
  office: nullish(z.object({ name: optionalLocaleString, address: nullish(z.string()), phone: nullish(z.string()) })),
});
export type NotAtKspContractMatches = Accepts<z.input<typeof notAtKspSchema>, NotAtKspQueryResult[number]>;

export type NotAtKsp = z.output<typeof notAtKspSchema>;

export async function loadNotAtKsp(source: ContentSource): Promise<NotAtKsp[]> {
  return parseAll('notAtKsp', notAtKspSchema, await source.fetch(notAtKspQuery));
}

/**
 * The words the search page matches a query against: the title and search words of both
 * languages (people type English on the German page too), without duplicates.
 */
export function notAtKspTerms(entry: NotAtKsp): string[] {
  const words = [entry.title.de, entry.title.en, ...(entry.searchTerms?.de ?? []), ...(entry.searchTerms?.en ?? [])];
  const seen = new Set<string>();
  return words.flatMap((word) => {
    const trimmed = word?.trim();
    if (!trimmed || seen.has(trimmed.toLocaleLowerCase('de'))) return [];
    seen.add(trimmed.toLocaleLowerCase('de'));
    return [trimmed];
  });
}

/** The entries shown on a page of `locale`, A–Z: on English pages only those written in English. */
export function notAtKspFor(entries: readonly NotAtKsp[], locale: Locale): NotAtKsp[] {
  const shown = locale === 'de' ? [...entries] : entries.filter((entry) => entry.title.en && entry.instead.en && entry.link.label.en);
  return shown.sort((a, b) => localize(a.title, locale).localeCompare(localize(b.title, locale), locale));
}
