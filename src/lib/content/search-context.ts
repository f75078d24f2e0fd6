// What src/lib/search-terms.ts needs from the content: the synonym groups (built-in plus the
// editors' list from the site settings) and a lexicon of the site's own words for splitting
// compounds. Pages with search words (src/components/search/SearchMeta.astro) fetch it here and
// hand it down; SearchTerms computes a page's words from it without loading anything.
import { mergeSynonyms } from '../search-synonyms.ts';
import { buildLexicon, type SearchContext } from '../search-terms.ts';
import { getPages, getPartners, getServices, getSiteSettings } from './index.ts';
import { scoped } from './scope.ts';

export type { SearchContext };

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
