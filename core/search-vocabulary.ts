// The site's own words with the number of pages each appears on: written per language by the
// search indexer (src/build/vocabulary-writer.ts) next to Pagefind's index, and read by the
// search page when a query finds little (src/browser/query-help.ts) to correct typos and split
// compounds into words the index knows. Pure and shared by the build and the browser.
//
// The file groups words by their page count, most frequent first, as one space-separated string
// per group: {"version":1,"groups":[[41,"Kassel Service Point"],[12,"Reisepass Strom"],…]}.
// A count appears once per group instead of once per word, which keeps the file small.

export const VOCABULARY_VERSION = 1;

/** Where the vocabulary of one language lives on the site (under /pagefind/: always revalidated). */
export function vocabularyPath(lang: string): string {
  return `/pagefind/vocabulary-${lang}.json`;
}

export interface VocabularyFile {
  version: typeof VOCABULARY_VERSION;
  groups: [count: number, words: string][];
}

/** Words and page counts, most frequent first (ties in alphabetical order). */
export interface VocabularyEntry {
  word: string;
  count: number;
}

/** The file for `entries`, keeping the `maxWords` most frequent. */
export function encodeVocabulary(entries: Iterable<VocabularyEntry>, maxWords: number): VocabularyFile {
  const sorted = [...entries].sort((a, b) => b.count - a.count || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0)).slice(0, Math.max(0, maxWords));
  const groups: [number, string][] = [];
  for (const { word, count } of sorted) {
    if (/\s/.test(word) || word.length === 0) throw new Error(`Search vocabulary: "${word}" contains a space; the vocabulary holds single words only.`);
    const last = groups.at(-1);
    if (last && last[0] === count) last[1] += ` ${word}`;
    else groups.push([count, word]);
  }
  return { version: VOCABULARY_VERSION, groups };
}

/** The entries of a vocabulary file, most frequent first; throws on anything else. */
export function decodeVocabulary(value: unknown): VocabularyEntry[] {
  const file = value as Partial<VocabularyFile> | null;
  if (!file || file.version !== VOCABULARY_VERSION || !Array.isArray(file.groups)) {
    throw new Error(`Search vocabulary: expected {"version":${VOCABULARY_VERSION},"groups":[…]}; rebuild the site so the indexer writes the current format.`);
  }
  const entries: VocabularyEntry[] = [];
  for (const group of file.groups) {
    if (!Array.isArray(group) || typeof group[0] !== 'number' || typeof group[1] !== 'string') throw new Error('Search vocabulary: every group must be [count, "words"].');
    for (const word of group[1].split(' ')) if (word) entries.push({ word, count: group[0] });
  }
  return entries;
}
