// What src/lib/search-terms.ts needs from the content: the synonym groups (built-in plus the
// editors' list from the site settings) and a lexicon of the site's own words for splitting
// compounds. Loaded once per build (or preview request) through the content layer.
import { getPages, getPartners, getServices, getSiteSettings } from './content/index.ts';
import { scoped } from './content/scope.ts';
import { mergeSynonyms } from './search-synonyms.ts';
import { buildLexicon, searchWords, type SearchSubject, type SearchWords, type SynonymGroup } from './search-terms.ts';

export interface SearchContext {
  lexicon: ReadonlySet<string>;
  synonyms: readonly SynonymGroup[];
}

/** Once per build or preview request. */
export const getSearchContext = scoped(
  async (): Promise<SearchContext> => {
    const [settings, services, pages, partners] = await Promise.all([getSiteSettings(), getServices(), getPages(), getPartners()]);
    const synonyms = mergeSynonyms(settings.searchSynonyms);
    const texts = [
      ...services.flatMap((s) => [s.title.de, s.title.en ?? '', ...(s.searchTerms?.de ?? []), ...(s.searchTerms?.en ?? [])]),
      ...pages.flatMap((p) => [p.title.de, p.title.en ?? '']),
      ...partners.map((p) => p.name),
      ...synonyms.flatMap((g) => [g.term, ...g.synonyms]),
    ];
    return { lexicon: buildLexicon(texts), synonyms };
  },
);

/** The extra search words of one page (see search-terms.ts). */
export async function getSearchWords(subject: SearchSubject): Promise<SearchWords> {
  return searchWords(subject, await getSearchContext());
}
