// The build side of the search vocabulary (format: core/search-vocabulary.ts): the words
// Pagefind indexes on each page (the text of the data-pagefind-body element without what
// data-pagefind-ignore leaves out, plus the searched metadata: title, summary, keywords …),
// counted per language as the number of pages a word appears on, and written next to the index
// as pagefind/vocabulary-<lang>.json within a byte budget.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { searchRanking } from '../../core/search-query.ts';
import { encodeVocabulary, vocabularyPath, type VocabularyEntry } from '../../core/search-vocabulary.ts';

/** At most this many words per language: the frequent ones; the rest are rarely what was meant. */
export const VOCABULARY_MAX_WORDS = 25_000;
/** The file of one language stays within this (gzip -9), whatever the size of the site. */
export const VOCABULARY_MAX_GZIP_BYTES = 150 * 1024;

// Words of letters only (no numbers or dates), from 3 letters ("Gas") to a long compound.
const WORD = /\p{L}[\p{L}\p{M}]*/gu;
const MIN_LENGTH = 3;
const MAX_LENGTH = 40;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// A tag with its attributes; quoted values may contain ">".
const TAG = /<(\/?)([a-zA-Z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;

interface Tag {
  index: number;
  end: number;
  name: string;
  closing: boolean;
  attributes: string;
  /** Opens an element that has content and a closing tag. */
  opens: boolean;
}

function* tagsOf(html: string): Generator<Tag> {
  for (const match of html.matchAll(TAG)) {
    const name = match[2]!.toLowerCase();
    const attributes = match[3] ?? '';
    const closing = match[1] === '/';
    yield { index: match.index, end: match.index + match[0].length, name, closing, attributes, opens: !closing && !VOID.has(name) && !attributes.trimEnd().endsWith('/') };
  }
}

const attributePatterns = new Map<string, RegExp>();
/** Whether a tag's attributes include `name`; most tags do not even contain the text, which is checked first. */
function hasAttribute(attributes: string, name: string): boolean {
  if (!attributes.includes(name)) return false;
  let pattern = attributePatterns.get(name);
  if (!pattern) attributePatterns.set(name, (pattern = new RegExp(`(^|\\s)${name}(\\s|=|$)`)));
  return pattern.test(attributes);
}

/** The inner HTML of the first element carrying `attribute`, or undefined. */
function innerOf(html: string, attribute: string): string | undefined {
  let open: Tag | undefined;
  let depth = 0;
  for (const tag of tagsOf(html)) {
    if (!open) {
      if (tag.opens && hasAttribute(tag.attributes, attribute)) open = tag;
      continue;
    }
    if (tag.name !== open.name) continue;
    depth += tag.closing ? -1 : tag.opens ? 1 : 0;
    if (depth < 0) return html.slice(open.end, tag.index);
  }
  return open ? html.slice(open.end) : undefined;
}

/** The HTML without the elements `cut` selects (with everything inside them). */
function withoutElements(html: string, cut: (tag: Tag) => boolean): string {
  let out = '';
  let kept = 0;
  let open: Tag | undefined;
  let depth = 0;
  for (const tag of tagsOf(html)) {
    if (!open) {
      if (tag.opens && cut(tag)) {
        out += html.slice(kept, tag.index);
        open = tag;
        depth = 0;
      }
      continue;
    }
    if (tag.name !== open.name) continue;
    depth += tag.closing ? -1 : tag.opens ? 1 : 0;
    if (depth < 0) {
      kept = tag.end;
      open = undefined;
    }
  }
  return open ? out : out + html.slice(kept);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code === 0xad ? '' : String.fromCodePoint(code);
    }
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
}

// Metadata fields the search page ranks (weight > 0): Pagefind searches them like body text.
const searchedMeta = new Set(Object.entries(searchRanking.metaWeights).filter(([, weight]) => weight > 0).map(([key]) => key));

/** The distinct words Pagefind indexes on one page, as they are written there. */
export function pageWords(html: string): Set<string> {
  const body = innerOf(html, 'data-pagefind-body') ?? '';
  const visible = withoutElements(body.replace(/<!--[\s\S]*?-->/g, ' '), (tag) => tag.name === 'script' || tag.name === 'style' || tag.name === 'template' || hasAttribute(tag.attributes, 'data-pagefind-ignore'));
  const texts = [decodeEntities(visible.replace(TAG, ' '))];
  for (const match of html.matchAll(/data-pagefind-meta="([^"]*)"/g)) {
    const value = decodeEntities(match[1]!);
    const colon = value.indexOf(':');
    if (colon > 0 && searchedMeta.has(value.slice(0, colon))) texts.push(value.slice(colon + 1));
  }
  const words = new Set<string>();
  for (const text of texts) {
    for (const [word] of text.normalize('NFC').matchAll(WORD)) if (word.length >= MIN_LENGTH && word.length <= MAX_LENGTH) words.add(word);
  }
  return words;
}

/** Spellings with their key: toLocaleLowerCase is slow, and a site repeats its words on thousands of pages. */
const keys = new Map<string, string>();

function keyOf(word: string): string {
  let key = keys.get(word);
  if (key === undefined) {
    // A long-running process (tests, the dev server) starts over rather than grow without end.
    if (keys.size >= 1_000_000) keys.clear();
    keys.set(word, (key = word.toLocaleLowerCase('de')));
  }
  return key;
}

interface Counted {
  pages: number;
  /** How often each spelling was the page's spelling ("Strom", "strom"): the commonest is kept. */
  forms: Map<string, number>;
}

export interface WrittenVocabulary {
  lang: string;
  words: number;
  bytes: number;
  gzipBytes: number;
}

/** The `maxWords` most frequent entries, fewer if their file would exceed `maxGzipBytes`. */
export function fitVocabulary(entries: readonly VocabularyEntry[], maxWords = VOCABULARY_MAX_WORDS, maxGzipBytes = VOCABULARY_MAX_GZIP_BYTES): { json: string; words: number; gzipBytes: number } {
  const attempt = (words: number) => {
    const json = JSON.stringify(encodeVocabulary(entries, words));
    return { json, words, gzipBytes: gzipSync(json, { level: 9 }).length };
  };
  let best = attempt(Math.min(entries.length, maxWords));
  if (best.gzipBytes <= maxGzipBytes) return best;
  // Too large: the largest number of words that fits (gzip grows with the words, not strictly).
  let [fits, tooMany] = [0, best.words];
  best = attempt(0);
  while (tooMany - fits > 1) {
    const middle = Math.floor((fits + tooMany) / 2);
    const tried = attempt(middle);
    if (tried.gzipBytes <= maxGzipBytes) [fits, best] = [middle, tried];
    else tooMany = middle;
  }
  return best;
}

/** One language's counts as plain data (the search archive's cache keeps them): key, pages, spellings with their counts. */
export type SerializedCounts = [key: string, pages: number, forms: [form: string, count: number][]][];

/**
 * Counts the words of every indexed page per language; writes one file per language. The file
 * does not depend on the order pages were counted in (entries are sorted by count and word, and
 * the commonest spelling wins with ties broken by the spelling), so counts of pages counted
 * elsewhere can be added (addCounts) with the same result.
 */
export class VocabularyCounter {
  readonly #languages = new Map<string, Map<string, Counted>>();

  #countsOf(lang: string): Map<string, Counted> {
    let counts = this.#languages.get(lang);
    if (!counts) this.#languages.set(lang, (counts = new Map()));
    return counts;
  }

  addPage(lang: string, html: string): void {
    const counts = this.#countsOf(lang);
    const seen = new Set<string>();
    for (const word of pageWords(html)) {
      const key = keyOf(word);
      if (seen.has(key)) continue;
      seen.add(key);
      const counted = counts.get(key) ?? { pages: 0, forms: new Map<string, number>() };
      counted.pages += 1;
      counted.forms.set(word, (counted.forms.get(word) ?? 0) + 1);
      counts.set(key, counted);
    }
  }

  /** The counts of one language as plain data. */
  counts(lang: string): SerializedCounts {
    return [...(this.#languages.get(lang) ?? new Map<string, Counted>())].map(([key, { pages, forms }]) => [key, pages, [...forms]]);
  }

  /** Adds counts taken from another counter (counts(lang)): as if its pages had been counted here. */
  addCounts(lang: string, serialized: SerializedCounts): void {
    const counts = this.#countsOf(lang);
    for (const [key, pages, forms] of serialized) {
      const counted = counts.get(key);
      if (!counted) {
        counts.set(key, { pages, forms: new Map(forms) });
        continue;
      }
      counted.pages += pages;
      for (const [form, count] of forms) counted.forms.set(form, (counted.forms.get(form) ?? 0) + count);
    }
  }

  /** The languages counted so far. */
  languages(): string[] {
    return [...this.#languages.keys()];
  }

  /** The words of one language with their page counts, in the commonest spelling. */
  entries(lang: string): VocabularyEntry[] {
    return [...(this.#languages.get(lang) ?? new Map<string, Counted>()).values()].map(({ pages, forms }) => {
      const [word] = [...forms].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0]!;
      return { word, count: pages };
    });
  }

  /** Writes pagefind/vocabulary-<lang>.json for every language into the site directory. */
  async write(siteDir: string): Promise<WrittenVocabulary[]> {
    const written: WrittenVocabulary[] = [];
    for (const lang of [...this.#languages.keys()].sort()) {
      const { json, words, gzipBytes } = fitVocabulary(this.entries(lang));
      await writeFile(path.join(siteDir, ...vocabularyPath(lang).split('/').filter(Boolean)), json);
      written.push({ lang, words, bytes: Buffer.byteLength(json), gzipBytes });
    }
    return written;
  }
}
