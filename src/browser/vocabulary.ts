// Fetches the site's vocabulary for the query help (query-help.ts): once per page, and only when
// a query has found little, so a search that goes well never downloads it. Without it (an older
// build, a network error) the search goes on without help.
import { decodeVocabulary, vocabularyPath } from '../../core/search-vocabulary.ts';
import { buildVocabulary, type Vocabulary } from './query-help.ts';

const loaded = new Map<string, Promise<Vocabulary | undefined>>();

export function loadVocabulary(lang: string): Promise<Vocabulary | undefined> {
  let vocabulary = loaded.get(lang);
  if (!vocabulary) {
    const url = vocabularyPath(lang);
    vocabulary = fetch(url)
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return buildVocabulary(decodeVocabulary(await response.json()));
      })
      .catch((cause: unknown) => {
        console.warn(`Search: no spelling help, ${url} could not be read (${String(cause)}); "npm run build" writes it next to the Pagefind index.`);
        return undefined;
      });
    loaded.set(lang, vocabulary);
  }
  return vocabulary;
}
