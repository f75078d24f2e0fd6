// Extra search words for a page, computed at build time and stored as Pagefind metadata (never
// shown to readers or screen readers). Pagefind stems German but knows neither synonyms nor
// compound words (Pagefind/pagefind#738, #777), so this module adds them:
//   - the editors' words: a service's `searchTerms` and the global synonym list;
//   - compound words in both directions: "Reisepass abholen" also yields "Reisepassabholung",
//     "Reisepassabholung" also yields "Reisepass" and "Abholung", "Personalausweis" yields
//     "Ausweis" (parts are checked against a lexicon of the site's own words).
// Pure functions, no I/O: the content is passed in by src/lib/content/search-context.ts.
import type { Locale } from '../../core/i18n/index.ts';
import { memoize } from '../../core/bounded-cache.ts';
import { foldWord } from '../../core/fold-word.ts';

export interface SynonymGroup {
  /** The word that stands on the website, e.g. "Reisepass". */
  term: string;
  /** Words people type instead, e.g. ["Pass", "passport"]. */
  synonyms: string[];
}

export interface SearchSubject {
  locale: Locale;
  /** The page title: its words carry the most weight. */
  title: string;
  /** Words editors entered for this page (a service's `searchTerms`). */
  terms?: readonly string[];
  /** A short summary; synonyms of words found here are added like the title's. */
  summary?: string;
  /** The plain body text; synonyms of words found only here go to the weaker `related` list. */
  body?: string;
  /**
   * True for pages that are the answer to their title (services, fixed pages): their words go
   * to `keywords`, title included. Press items, events and partner pages only mention a topic:
   * their extra words go to `related`, so a service outranks the news item about it.
   */
  primary?: boolean;
}

export interface SearchWords {
  /** Words that make the page a top result (title-level weight). */
  keywords: string[];
  /** Synonyms of words the body merely mentions (body-level weight). */
  related: string[];
}

// Function words never form compounds and never match a synonym on their own.
const stopWords = new Set(
  ('und oder für fur den dem der die das des ein eine einer eines einem im in am an auf aus bei beim mit ' +
    'nach von vom zu zum zur über uber ihr ihre ihren sie wir ich etwas oder and or for the of a an to in on at by with your you')
    .split(' '),
);

// Frequent heads of German compounds in a city service context, so that "Personalausweis"
// yields "Ausweis" even when no page uses the bare word. The site's own words are added on top.
const baseLexicon = [
  'pass', 'ausweis', 'vertrag', 'karte', 'ticket', 'steuer', 'antrag', 'anmeldung', 'abholung', 'beratung',
  'zeiten', 'gebühr', 'tarif', 'tonne', 'müll', 'schein', 'stelle', 'büro', 'marke', 'plan', 'gutschein',
  'führung', 'sachen', 'parken', 'wärme', 'strom', 'gas', 'abfall', 'kalender', 'wohnung', 'umzug',
];

// Remembered per word (memoize): a build folds and stems the same few thousand words (and every
// tail of every compound) again and again; at 10,000 documents that was 10 % of the build.

/** Lower case with umlauts and ß folded (ä → a), the way Pagefind compares words. */
export const fold = memoize(foldWord);

/** A crude German stem for comparing word forms: "Abholung", "abholen" → "abhol". */
export const stemKey = memoize((word) => {
  const folded = fold(word);
  for (const suffix of ['ungen', 'ung', 'en', 'er', 'es', 'e', 'n', 's']) {
    if (folded.endsWith(suffix) && folded.length - suffix.length >= 3) return folded.slice(0, -suffix.length);
  }
  return folded;
});

// What separates words: anything but letters, digits and hyphens.
const NON_WORD = /[^\p{L}\p{N}-]+/u;

/** The words of a text, with hyphenated words also kept whole ("D-Ticket"). */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  for (const token of text.split(NON_WORD)) {
    if (!token) continue;
    if (!token.includes('-')) {
      words.push(token);
      continue;
    }
    const parts = token.split('-').filter(Boolean);
    words.push(...parts);
    if (parts.length > 1) words.push(parts.join(''));
  }
  return words;
}

const capitalize = (word: string) => word.charAt(0).toLocaleUpperCase('de') + word.slice(1);

/** The lexicon compound parts are checked against: stem keys of words with at least 4 letters. */
export function buildLexicon(texts: Iterable<string>): Set<string> {
  const lexicon = new Set(baseLexicon.map(stemKey));
  for (const text of texts) {
    for (const word of wordsOf(text)) {
      if (word.length >= 4 && !stopWords.has(fold(word))) lexicon.add(stemKey(word));
    }
  }
  return lexicon;
}

/**
 * Known words a German compound ends with: "Bewohnerparkausweis" → ["Parkausweis", "Ausweis"],
 * plus the part before the longest one ("Bewohner"). Pagefind already finds a compound by its
 * beginning (prefix match), so the heads are what is missing.
 */
export function decompound(word: string, lexicon: ReadonlySet<string>): string[] {
  if (word.length < 7 || /\d/.test(word)) return [];
  const parts: string[] = [];
  for (let cut = 3; cut <= word.length - 3; cut++) {
    const head = word.slice(cut);
    if (head.length < 3 || !lexicon.has(stemKey(head))) continue;
    if (parts.length === 0) {
      // The modifier, without a linking "s" ("Eintrittskarte" → "Eintritt").
      const modifier = word.slice(0, cut).replace(/(?<=[^s])s$/, '');
      if (modifier.length >= 3) parts.push(capitalize(modifier));
    }
    parts.push(capitalize(head));
  }
  return parts;
}

/** The noun of a German verb: "abholen" → "Abholung", "verlängern" → "Verlängerung". */
export function nominalize(verb: string): string | undefined {
  if (!/^\p{Ll}/u.test(verb) || verb.length < 5) return undefined;
  if (/(er|el)n$/.test(verb)) return capitalize(`${verb.slice(0, -1)}ung`);
  if (/en$/.test(verb)) return capitalize(`${verb.slice(0, -2)}ung`);
  return undefined;
}

/** Compounds of adjacent words: "Reisepass abholen" → "Reisepassabholung", "Reisepassabholen". */
export function compounds(text: string): string[] {
  const words = wordsOf(text.replace(/\([^)]*\)/g, ' ')).filter((word) => !stopWords.has(fold(word)) && !/\d/.test(word));
  const result: string[] = [];
  const isAcronym = (word: string) => word === word.toLocaleUpperCase('de');
  for (let i = 0; i + 1 < words.length; i++) {
    const [first, second] = [words[i]!, words[i + 1]!];
    if (first.length < 4 || second.length < 4 || isAcronym(first) || isAcronym(second)) continue;
    const noun = nominalize(second);
    // noun + verb ("Reisepass abholen") or noun + noun ("Kassel Gutschein")
    if (noun) result.push(capitalize(first) + noun.toLocaleLowerCase('de'));
    if (noun || /^\p{Lu}/u.test(second)) result.push(capitalize(first) + second.toLocaleLowerCase('de'));
  }
  return result;
}

/** The words of a text, as stem keys and as one folded string padded with spaces. */
interface WordIndex {
  keys: Set<string>;
  text: string;
}

/** A word folded and stemmed, remembered as a pair: one lookup per word of every page's text. */
const wordKeys = memoize((word) => ({ folded: fold(word), stem: stemKey(word) }));

function textIndex(text: string): WordIndex {
  const stems = new Set<string>();
  const folded: string[] = [];
  for (const word of wordsOf(text)) {
    const keys = wordKeys(word);
    stems.add(keys.stem);
    folded.push(keys.folded);
  }
  return { keys: stems, text: ` ${folded.join(' ')} ` };
}

/**
 * How a synonym term is looked up: one word by its stem key, a phrase as folded words padded
 * with spaces. Remembered per term: every page checks every synonym group.
 */
const phraseKey = memoize((phrase): { stem: string } | { padded: string } => {
  const words = wordsOf(phrase);
  return words.length === 1 ? { stem: stemKey(words[0]!) } : { padded: ` ${words.map(fold).join(' ')} ` };
}, 10_000);

function containsPhrase(index: WordIndex, phrase: string): boolean {
  const key = phraseKey(phrase);
  return 'stem' in key ? index.keys.has(key.stem) : index.text.includes(key.padded);
}

/** Adds the words of `list` that are not yet in `seen` (compared case- and umlaut-insensitively). */
function addUnique(target: string[], seen: Set<string>, list: Iterable<string>) {
  for (const raw of list) {
    const word = raw.trim();
    const key = fold(word);
    if (!word || seen.has(key)) continue;
    seen.add(key);
    target.push(word);
  }
}

/** What the words of every page are looked up in (loaded by src/lib/content/search-context.ts). */
export interface SearchContext {
  /** The site's own words, for splitting compounds (buildLexicon). */
  lexicon: ReadonlySet<string>;
  /** The built-in synonym groups plus the editors' list. */
  synonyms: readonly SynonymGroup[];
}

/** The extra search words for one page. */
export function searchWords(subject: SearchSubject, context: SearchContext): SearchWords {
  const { locale, title, terms = [], summary = '', body = '', primary = true } = subject;
  const german = locale === 'de';
  const keywords: string[] = [];
  const seen = new Set<string>();

  if (primary) addUnique(keywords, seen, [title]);
  addUnique(keywords, seen, terms);
  if (german) {
    for (const phrase of [title, ...terms]) addUnique(keywords, seen, compounds(phrase));
    for (const word of [...wordsOf(title), ...terms.flatMap(wordsOf)]) addUnique(keywords, seen, decompound(word, context.lexicon));
  }

  // Synonyms of words the page is about (title, summary, editors' terms and the parts above).
  const about = textIndex([title, summary, ...terms, ...keywords].join('\n'));
  const aboutTerms = new Set<string>();
  for (const group of context.synonyms) {
    if (containsPhrase(about, group.term)) {
      aboutTerms.add(fold(group.term));
      addUnique(keywords, seen, [group.term, ...group.synonyms]);
    }
  }

  // Synonyms of words the body merely mentions: findable, but ranked like body text.
  const related: string[] = [];
  if (body) {
    const mentioned = textIndex(body);
    const relatedSeen = new Set(seen);
    for (const group of context.synonyms) {
      if (aboutTerms.has(fold(group.term))) continue;
      if (containsPhrase(mentioned, group.term)) addUnique(related, relatedSeen, group.synonyms);
    }
  }
  if (!primary) return { keywords: [], related: [...keywords, ...related] };
  return { keywords, related };
}

/** Plain text of Portable Text blocks, for the body synonym check. */
export function blocksToPlainText(blocks: readonly { children?: readonly { text?: string }[] }[] | undefined): string {
  return (blocks ?? []).map((block) => (block.children ?? []).map((span) => span.text ?? '').join('')).join('\n');
}
