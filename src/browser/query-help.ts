// Query-time help for the search page, pure (no DOM, no network): when a query finds little,
// each word the site does not use is replaced by what it most likely meant, using the site's
// own vocabulary (core/search-vocabulary.ts):
//   1. the same word with umlauts or ß ("Gebuhr", "Gebuehr" → "Gebühr", "Strasse" → "Straße");
//   2. a German compound split into two (or three) known words ("Gasvertrag" → "Gas Vertrag"),
//      because Pagefind splits no compounds at query time (Pagefind/pagefind#738);
//   3. the closest known word within edit distance 2 (1 for words of 4 to 7 letters; 2 only
//      with the same first letter), the most frequent of equally close ones ("Pasport" →
//      "Passport").
// The search page then searches the changed query and says so (src/browser/search.ts).
import { isFunctionWord, normalizeQuery, restoreUmlauts } from '../../core/search-query.ts';
import { foldWord as fold } from '../../core/fold-word.ts';
import type { VocabularyEntry } from '../../core/search-vocabulary.ts';

/** Fewer results than this count as "little": the help is tried. */
export const FEW_RESULTS = 3;

export interface Vocabulary {
  /** Most frequent first. */
  entries: readonly VocabularyEntry[];
  /** Lower-case spellings of all words. */
  lower: ReadonlySet<string>;
  /** Folded key (ä → a, ß → ss) → the most frequent entry with it. */
  byFold: ReadonlyMap<string, VocabularyEntry>;
  /** Folded keys by length, with their entries, for the edit distance search. */
  byLength: ReadonlyMap<number, readonly [string, VocabularyEntry][]>;
  /** All folded keys in code unit order, for prefix lookups (isKnownWord). */
  sorted: readonly string[];
}

export function buildVocabulary(entries: readonly VocabularyEntry[]): Vocabulary {
  const lower = new Set<string>();
  const byFold = new Map<string, VocabularyEntry>();
  const byLength = new Map<number, [string, VocabularyEntry][]>();
  for (const entry of entries) {
    lower.add(entry.word.toLocaleLowerCase('de'));
    const key = fold(entry.word);
    if (byFold.has(key)) continue; // entries come most frequent first
    byFold.set(key, entry);
    const bucket = byLength.get(key.length) ?? [];
    bucket.push([key, entry]);
    byLength.set(key.length, bucket);
  }
  const sorted = [...byFold.keys()].sort();
  return { entries, lower, byFold, byLength, sorted };
}

/**
 * The words of a query the site must know, as Pagefind reads them (lower case, no punctuation:
 * "Kfz-Zulassung" is "kfzzulassung"). Function words, words under 3 letters and words with digits
 * are left out: the vocabulary holds none of them.
 */
export function judgedWords(query: string): string[] {
  return normalizeQuery(query)
    .split(' ')
    .filter((word) => !isFunctionWord(word))
    .map((word) => word.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter((word) => word.length >= 3 && !/\d/.test(word));
}

// Endings Pagefind's stemmer removes before it looks a word up (German and English, roughly).
const ENDINGS = ['ungen', 'ung', 'ing', 'ies', 'en', 'er', 'es', 'em', 'ed', 'e', 'n', 's'];

/**
 * Whether the site uses the word, or a word it is the beginning of. Pagefind finds "Zulassung" in
 * "Zulassungsbescheinigung" and "Reisepässe" as "Reisepass"; a word the site does not use it
 * answers with the longest indexed word that begins the query word ("für" for "Fürerschein",
 * "bau" for "Baugenehmigung") or leaves out (Pagefind 1.6, find_word_extensions): noise.
 */
export function isKnownWord(word: string, vocabulary: Vocabulary): boolean {
  const key = fold(word);
  if (vocabulary.byFold.has(key)) return true;
  const ending = ENDINGS.find((end) => key.endsWith(end) && key.length - end.length >= 3);
  const stem = ending ? key.slice(0, -ending.length) : key;
  // The first key not before the stem in sort order is the only one that can begin with it.
  let [low, high] = [0, vocabulary.sorted.length];
  while (low < high) {
    const middle = (low + high) >> 1;
    if (vocabulary.sorted[middle]! < stem) low = middle + 1;
    else high = middle;
  }
  return vocabulary.sorted[low]?.startsWith(stem) ?? false;
}

/**
 * Edit distance with adjacent transpositions ("Reisepsas"), or `max + 1` as soon as it must be
 * larger than `max` (optimal string alignment).
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length]!, max + 1);
}

/**
 * How far a word may be from its correction. Two edits turn many short words into other words
 * ("driving" → "dining", "fishing" → "filling"), so only words of 8 letters or more get two.
 */
const maxDistance = (length: number) => (length < 4 ? 0 : length < 8 ? 1 : 2);

/** The closest known word, the most frequent of equally close ones; undefined if none is close. */
export function correctWord(word: string, vocabulary: Vocabulary): VocabularyEntry | undefined {
  const key = fold(word);
  const max = maxDistance(key.length);
  let best: { distance: number; entry: VocabularyEntry } | undefined;
  for (let length = key.length - max; length <= key.length + max; length++) {
    for (const [candidate, entry] of vocabulary.byLength.get(length) ?? []) {
      const distance = editDistance(key, candidate, best ? Math.min(max, best.distance) : max);
      // Two edits, and a different first letter too, is more often another word than a typo
      // ("relocation" is not "location").
      if (distance > max || distance === 0 || (distance === 2 && candidate[0] !== key[0])) continue;
      if (!best || distance < best.distance || (distance === best.distance && entry.count > best.entry.count)) best = { distance, entry };
    }
  }
  return best?.entry;
}

/** A compound part the index knows, as the vocabulary spells it. */
function knownPart(part: string, vocabulary: Vocabulary): VocabularyEntry | undefined {
  if (part.length < 3 || isFunctionWord(part)) return undefined;
  return vocabulary.byFold.get(part);
}

/** The modifier as written, or without a linking element ("Hundesteuer" → "Hund"). */
function knownModifier(part: string, vocabulary: Vocabulary): VocabularyEntry | undefined {
  for (const linking of ['', 's', 'es', 'n', 'en', 'e']) {
    if (!part.endsWith(linking)) continue;
    const entry = knownPart(part.slice(0, part.length - linking.length), vocabulary);
    if (entry) return entry;
  }
  return undefined;
}

/**
 * Known words a compound is made of: two if possible, else three; among several splits the one
 * whose parts are most frequent (geometric mean, after Koehn and Knight 2003). Parts have at
 * least 3 letters and are no function words ("Ausweiss" is not "aus" + "weiss").
 */
export function splitCompound(word: string, vocabulary: Vocabulary): string[] | undefined {
  const key = fold(word);
  if (key.length < 6) return undefined;
  const twoParts = (text: string): { parts: VocabularyEntry[]; score: number } | undefined => {
    let best: { parts: VocabularyEntry[]; score: number } | undefined;
    for (let cut = 3; cut <= text.length - 3; cut++) {
      const head = knownPart(text.slice(cut), vocabulary);
      const modifier = head && knownModifier(text.slice(0, cut), vocabulary);
      if (!head || !modifier) continue;
      const score = Math.sqrt(head.count * modifier.count);
      if (!best || score > best.score) best = { parts: [modifier, head], score };
    }
    return best;
  };
  const two = twoParts(key);
  if (two) return two.parts.map((part) => part.word);
  let three: { parts: VocabularyEntry[]; score: number } | undefined;
  for (let cut = 3; cut <= key.length - 6; cut++) {
    const modifier = knownModifier(key.slice(0, cut), vocabulary);
    const rest = modifier && twoParts(key.slice(cut));
    if (!modifier || !rest) continue;
    const score = Math.cbrt(modifier.count * rest.parts[0]!.count * rest.parts[1]!.count);
    if (!three || score > three.score) three = { parts: [modifier, ...rest.parts], score };
  }
  return three?.parts.map((part) => part.word);
}

/** "spelling": a word corrected; "compound": a compound split; "shorter": words the site does not use left out. */
export type HelpKind = 'spelling' | 'compound' | 'shorter';

export interface Alternative {
  /** The query to search instead. */
  query: string;
  /** "spelling" when a word was corrected (the page asks "Did you mean"). */
  kind: HelpKind;
}

/** The same word with umlauts or ß as the site writes it, if the site writes it differently. */
function umlautVariant(word: string, vocabulary: Vocabulary): string | undefined {
  for (const candidate of [word, restoreUmlauts(word)]) {
    const entry = vocabulary.byFold.get(fold(candidate));
    if (entry) return entry.word;
  }
  return undefined;
}

/**
 * The query with every word the site does not use replaced (see the top of this file); undefined
 * when every word is known or nothing better is found. Words with digits and words of one or two
 * letters stay as typed.
 */
export function alternativeQuery(query: string, vocabulary: Vocabulary): Alternative | undefined {
  let kind: HelpKind | undefined;
  const words = normalizeQuery(query)
    .split(' ')
    .map((typed) => {
      const word = typed.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if (word.length < 3 || /\d/.test(word) || isFunctionWord(word) || vocabulary.lower.has(word.toLocaleLowerCase('de'))) return typed;
      const variant = umlautVariant(word, vocabulary);
      if (variant) {
        kind = 'spelling';
        return variant;
      }
      const parts = splitCompound(word, vocabulary);
      if (parts) {
        kind ??= 'compound';
        return parts.join(' ');
      }
      const corrected = correctWord(word, vocabulary);
      if (corrected) {
        kind = 'spelling';
        return corrected.word;
      }
      return typed;
    });
  return kind ? { query: words.join(' '), kind } : undefined;
}

export interface StatusStrings {
  countNone: string;
  countOne: string;
  countMany: string;
  resultsOne: string;
  resultsMany: string;
  didYouMean: string;
  searchedInstead: string;
  searchedAlso: string;
}

export interface Status {
  /** "Meinten Sie: {word}?" with the corrected query (for a link), only after a correction. */
  suggestion?: { before: string; query: string; after: string };
  text: string;
}

/**
 * What the page announces after a search: the count for the query, and when an alternative was
 * searched, what was searched instead (nothing found for the query) or as well (little found).
 */
export function statusOf(query: string, count: number, strings: StatusStrings, help?: { alternative: Alternative; originalCount: number }): Status {
  const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
  if (!help) {
    const template = count === 0 ? strings.countNone : count === 1 ? strings.countOne : strings.countMany;
    return { text: fill(template, { n: String(count), q: query }) };
  }
  const { alternative, originalCount } = help;
  const counted = fill(count === 1 ? strings.resultsOne : strings.resultsMany, { n: String(count) });
  const text = fill(originalCount === 0 ? strings.searchedInstead : strings.searchedAlso, { q: query, alt: alternative.query, count: counted });
  if (alternative.kind !== 'spelling') return { text };
  const [before = '', after = ''] = strings.didYouMean.split('{alt}');
  return { suggestion: { before, query: alternative.query, after }, text };
}
