// Matches a query against the "Nicht im KSP" entries (src/components/search/NotAtKspBoxes.astro):
// needs the service point does not serve. Pure, no DOM. A term matches when each of its words is
// in the query, forgiving typos as the query help does ("Fürerschein" is "Führerschein"), or when
// the query written as one word is the term written as one word ("Kfz Zulassung", "Kfz-Zulassung"
// and "Kfzzulassung" are the same).
import { isFunctionWord } from '../../core/search-query.ts';
import { foldWord } from '../../core/fold-word.ts';
import { editDistance } from './query-help.ts';

export interface NotAtKspEntry {
  id: string;
  /** The entry's title and search words, as editors wrote them. */
  terms: readonly string[];
}

/** Folded words without punctuation and function words ("Kfz-Zulassung" → ["kfzzulassung"]). */
export function matchWords(text: string): string[] {
  return text
    .split(/\s+/)
    .filter((word) => word && !isFunctionWord(word))
    .map((word) => foldWord(word).replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean);
}

/**
 * How far a typed word may be from a term's word. Stricter than the query help's correction
 * (query-help.ts maxDistance): a box claims "not here", so two edits only from 11 letters on
 * ("residents" is not "residence").
 */
const maxDistance = (length: number) => (length < 4 ? 0 : length < 11 ? 1 : 2);

/** The same word, or a typo of it; two edits only with the same first letter. */
function sameWord(typed: string, term: string): boolean {
  if (typed === term) return true;
  const max = maxDistance(term.length);
  const distance = editDistance(typed, term, max);
  return distance <= max && (distance < 2 || typed[0] === term[0]);
}

/** The query's words and each two or three neighbours written as one ("kfz zulassung" → "kfzzulassung"). */
function withJoins(words: readonly string[]): string[] {
  const joins = [...words];
  for (let i = 0; i < words.length; i++) {
    if (i + 1 < words.length) joins.push(words[i]! + words[i + 1]!);
    if (i + 2 < words.length) joins.push(words[i]! + words[i + 1]! + words[i + 2]!);
  }
  return joins;
}

/** 2: the query is the term; 1: the query contains the term; 0: no match. */
export function termScore(queryWords: readonly string[], term: string): number {
  const words = matchWords(term);
  if (words.length === 0 || queryWords.length === 0) return 0;
  const joined = words.join('');
  if (sameWord(queryWords.join(''), joined)) return 2;
  const typed = withJoins(queryWords);
  const contained = words.every((word) => typed.some((candidate) => sameWord(candidate, word)));
  return contained || typed.some((candidate) => sameWord(candidate, joined)) ? 1 : 0;
}

/** The ids of the entries a query matches, best first (ties in the given order). */
export function matchNotAtKsp(query: string, entries: readonly NotAtKspEntry[]): string[] {
  const queryWords = matchWords(query);
  return entries
    .map((entry, index) => ({ id: entry.id, index, score: Math.max(0, ...entry.terms.map((term) => termScore(queryWords, term))) }))
    .filter((match) => match.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((match) => match.id);
}
