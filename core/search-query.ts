// What the search UI sends to Pagefind, and the ranking it asks for. Pure and shared by the UI
// (src/browser/search.ts) and the tests.
//
// Pagefind matches every word of a query (AND) and knows nothing of question words, so "wann
// hat der KSP offen" would find nothing. The UI therefore tries a few variants in order and
// keeps the first with results: the query as typed, without function words, with "ae/oe/ue"
// turned back into umlauts (for prefixes the stemmer cannot repair, e.g. "Oeffnungsz"), and
// finally each word on its own (results merged).

/** Ranking for pagefind.options(): titles and the editors' search words weigh most. */
export const searchRanking = {
  // Matches in metadata add to the body score. `keywords` are the editors' terms, synonyms and
  // compound forms (src/lib/search-terms.ts); `related` are synonyms of words a body mentions.
  metaWeights: { title: 7, keywords: 6, related: 1, summary: 1, provider: 0.5, type: 0, date: 0, image: 0, image_alt: 0 },
  // Service pages are short and press items long; a milder length normalisation keeps a press
  // item that merely mentions a service from outranking the service on term frequency alone.
  pageLength: 0.5,
};

/**
 * Everything passed to pagefind.options(). `noWorker`: our index is small, so searching on the
 * main thread takes milliseconds, and skipping the web worker saves its 43 KB script on the
 * first query (see npm run bench:search).
 */
export const searchOptions = { ranking: searchRanking, excerptLength: 26, noWorker: true };

/**
 * On a large site, older press items and past events have an index of their own
 * (src/build/search-archive.ts): the search page loads it only when a query needs it. The file at
 * ARCHIVE_MANIFEST_PATH is always written and names the languages that have an archive, with
 * their page counts: {"version":1,"languages":{"de":5550}}.
 */
export const ARCHIVE_BASE_PATH = '/pagefind/archive/';
export const ARCHIVE_MANIFEST_PATH = '/pagefind/archive.json';
export const ARCHIVE_MANIFEST_VERSION = 1;

export interface ArchiveManifest {
  version: typeof ARCHIVE_MANIFEST_VERSION;
  /** Language (as Pagefind files it, e.g. "de") → pages in its archive. */
  languages: Record<string, number>;
}

const functionWords = new Set(
  (
    'wann wo wie was wer warum welche welcher welches ist sind hat haben habt kann können muss ' +
    'ich man mein meine meinen mir mich der die das den dem des ein eine einen einem im in am an ' +
    'bei beim zum zur für fuer mit von vom und oder auf aus es gibt gibts heute noch ' +
    'the a an is are was when where how what who which can could do does i my me you your we our us to of for at in on and or it there'
  ).split(' '),
);

/** A question or function word ("wann", "der", "the"): never searched alone, never a compound part. */
export function isFunctionWord(word: string): boolean {
  return functionWords.has(word.toLocaleLowerCase('de').replace(/[?!.,;:]+$/, ''));
}

export function normalizeQuery(query: string): string {
  return query.replace(/\s+/g, ' ').trim();
}

/** "Reisepaesse" → "Reisepässe"; "Steuer", "neue", "Quelle" stay as they are. */
export function restoreUmlauts(query: string): string {
  return query
    .replace(/(?<![eq])ue/gi, (m) => (m[0] === 'U' ? 'Ü' : 'ü'))
    .replace(/ae/gi, (m) => (m[0] === 'A' ? 'Ä' : 'ä'))
    .replace(/(?<!o)oe/gi, (m) => (m[0] === 'O' ? 'Ö' : 'ö'));
}

export function withoutFunctionWords(query: string): string {
  return normalizeQuery(query)
    .split(' ')
    .filter((word) => !isFunctionWord(word))
    .join(' ');
}

/** The queries to try, in order, without duplicates or empty strings. */
export function queryVariants(query: string): string[] {
  const typed = normalizeQuery(query);
  const short = withoutFunctionWords(typed);
  const candidates = [typed, short, restoreUmlauts(short || typed)];
  return [...new Set(candidates.filter((candidate) => candidate.length > 0))];
}

/** The single words for the last fallback (each searched alone, results merged). */
export function fallbackWords(query: string): string[] {
  const words = (withoutFunctionWords(query) || normalizeQuery(query)).split(' ').filter((word) => word.length >= 2);
  return words.length > 1 ? words : [];
}
