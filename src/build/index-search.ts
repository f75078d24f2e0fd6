// Builds the Pagefind index of the site through Pagefind's Node API: either for a finished site
// directory (indexSite), or page by page while `astro build` is still writing it (SearchIndexer,
// used by scripts/build.ts). German and English pages get separate indexes, as Pagefind files
// pages by their <html lang>. Only pages that mark their main content with data-pagefind-body
// are indexed; their type, summary and search words come from src/components/SearchMeta.astro as
// metadata and filters (see src/lib/search-terms.ts). Next to the index, the words of the indexed
// pages go into one vocabulary file per language (src/build/vocabulary-writer.ts), which the
// search page uses to correct typos and split compounds. On a large site, each language's older
// press items and past events go into an archive index of their own under pagefind/archive/
// (src/build/search-archive.ts), which the search page loads only when a query needs it.
// With a build cache (KSP_BUILD_CACHE), a language's archive that has exactly the pages, order and
// HTML of the last index's is taken over from the cache instead of being indexed again
// (src/build/search-archive-cache.ts): a publish that changes no archived page then hands Pagefind
// only the current pages. The files are the same bytes either way.
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { ARCHIVE_BASE_PATH, ARCHIVE_MANIFEST_PATH, ARCHIVE_MANIFEST_VERSION, type ArchiveManifest } from '../../core/search-query.ts';
import { listFiles } from '../../core/file-tree.ts';
import { buildConfig } from '../lib/build-config.ts';
import { isArchived, SPLIT_MIN_PAGES } from './search-archive.ts';
import { ArchiveCache, pageDigest, type CachedArchive, type Reuse, type WrittenArchive } from './search-archive-cache.ts';
import { VocabularyCounter, type WrittenVocabulary } from './vocabulary-writer.ts';

export interface IndexOptions {
  /** Warn about indexed pages without <SearchMeta> (no type filter, no search words). */
  checkSearchMeta?: boolean;
  /** Up to this many indexed pages, languages are written at once (see PARALLEL_WRITE_MAX_PAGES). */
  parallelWriteMaxPages?: number;
  /** From this many indexed pages on, a language gets an archive index (see SPLIT_MIN_PAGES); Infinity: never. */
  splitMinPages?: number;
  /** The moment that decides which pages are archived; default: the build's "now" (KSP_BUILD_NOW). */
  now?: Date;
  /** How long a page named in Astro's log may take to be written (default WRITE_WAIT_MS). */
  writeWaitMs?: number;
  /**
   * Where pagefind/ (index, archive, vocabulary) is written; default: the site directory itself.
   * The publish server's catch-up reads the pages of the live release and writes into the next.
   */
  outDir?: string;
  /**
   * The build cache whose search/ keeps the archive for the next index (./search-archive-cache.ts);
   * default: KSP_BUILD_CACHE; false: none (every index is written in full, nothing is kept).
   */
  buildCacheDir?: string | false;
}

/** The archive's directory inside the index directory ("archive"). */
const ARCHIVE_DIR = path.basename(ARCHIVE_BASE_PATH);

/** Site pages outside Pagefind's own output, as paths relative to the site directory. */
async function sitePages(siteDir: string): Promise<string[]> {
  return (await listFiles(siteDir)).filter((file) => file.endsWith('.html') && !file.startsWith('pagefind/'));
}

const isIndexed = (html: string) => html.includes('data-pagefind-body');
const hasSearchMeta = (html: string) => html.includes('data-search-meta');
const urlPathOf = (sourcePath: string) => `/${sourcePath.replace(/index\.html$/, '')}`;

/**
 * Pagefind treats <dt> and <dd> as inline, so "Gebühren" + "Kostenlos" became "GebührenKostenlos"
 * in the index and in excerpts (https://github.com/Pagefind/pagefind/issues/736). Until that is
 * fixed upstream, the indexed copy gets a separator after each term and description; the pages
 * themselves stay unchanged.
 */
export function separateDefinitionLists(html: string): string {
  return html.replace(/(?<![:.!?])<\/dt>/g, ': </dt>').replace(/<\/dd>/g, ' </dd>');
}

/** Pages read and handed to Pagefind at a time: enough to keep it busy, few enough to keep the
 * HTML of a 10,000-page site out of memory. */
const IN_FLIGHT = 16;
/** How long a page named in Astro's log may take to be written before `finish` picks it up. */
const WRITE_WAIT_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Up to this many pages held by Pagefind, all languages are written at once. Pagefind's memory
 * peaks while it writes, at about 150 KB per page (1.5 GB for the 10,000 German pages of a
 * 10,000-document site): above this, languages are written one after the other. 8,000 pages
 * (about 1.2 GB) stay below what the build of such a site needs itself (1.8 GB at 10,000
 * documents); an archive taken over from the cache holds none. The current parts of a
 * 10,000-document site (7,595 pages) written at once: 24.5 s instead of 28.5 s for a catch-up.
 */
const PARALLEL_WRITE_MAX_PAGES = 8000;

/** The primary subtag of a page's <html lang> ("de-DE" → "de"); "unknown" without one. */
export function primaryLanguage(html: string): string {
  const lang = /<html\b[^>]*?\slang=["']?([A-Za-z]+)/i.exec(html.slice(0, 2048))?.[1];
  return lang ? lang.toLowerCase() : 'unknown';
}

/**
 * The HTML file a line of Astro's build log reports as written, relative to the output
 * directory: "21:59:10   ├─ /presse/meldung/index.html (+2ms)" → "presse/meldung/index.html". Astro
 * prints the path when it starts a page and the time when the file is written (or "(restored)"
 * when an incremental build copied it from its cache). Anything else,
 * including a line of another format, gives undefined: such pages are indexed after the build.
 */
export function writtenPage(line: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const plain = line.replace(/\x1b\[[\d;]*m/g, '');
  // An incremental build names a page it copied from its cache "(restored)" or "(cached)"
  // instead of the render time; indexing it here keeps Pagefind's page order that of a full build.
  const match = /(?:^|\s)├─ \/(\S+\.html) \((?:\+[\d.]+m?s|restored|cached)\)\s*$/.exec(plain);
  return match?.[1];
}

/** What `pagefind-entry.json` holds: the bundle's version and one entry per language index. */
interface PagefindEntry {
  version: string;
  languages: Record<string, unknown>;
  [key: string]: unknown;
}

/** See SearchIndexer#takeTurn. */
interface Turn {
  previous: Promise<void>;
  done: () => void;
}

/** Which index of a language a page goes into. */
type Part = 'current' | 'archive';

/** A language's Pagefind process and its index. */
interface Pagefind {
  service: PagefindModule;
  index: pagefind.PagefindIndex;
}

interface LanguageIndex {
  lang: string;
  part: Part;
  /** Pages in this part, held back ones included. */
  pages: number;
  /** Started with the first page handed to Pagefind. */
  pagefind?: Promise<Pagefind>;
  /** Archive pages held back, in order, while they equal the cached archive's (undefined: none are held). */
  held?: string[];
  /** The cached archive the held pages are compared with. */
  cached?: CachedArchive;
  /** Each archived page with its digest, in order (with a build cache only). */
  digests: [string, string][];
  /** The archive files Pagefind wrote (relative to pagefind/archive/), or the cached ones taken over. */
  files: string[];
  /** The archive was taken over from the cache. */
  reused: boolean;
  /** The entry its own run wrote (before it was merged with the other languages'). */
  entry?: PagefindEntry;
}

type PagefindModule = typeof pagefind;

/**
 * A Pagefind module of its own for one language. The Node API runs one Pagefind process per
 * module instance (and a query string makes a module instance of its own), so each language
 * gets a process that can end, and give back its memory, as soon as its index is written.
 */
async function pagefindFor(lang: string, part: Part): Promise<PagefindModule> {
  return (await import(`${import.meta.resolve('pagefind')}?language=${encodeURIComponent(lang)}&part=${part}`)) as PagefindModule;
}

/**
 * A Pagefind index that takes pages as they are written. `addPage` may be called while the
 * build still runs (a page that is not complete yet is left for later); `finish` adds every page
 * not added so far, then writes the index to `<siteDir>/pagefind`.
 *
 * Each language is an index in a Pagefind process of its own. On a large site they are written
 * one after the other, each process ending before the next writes: Pagefind's memory peaks
 * while it writes (2.0 GB for the 16,400 pages of a 10,000-document site when both languages
 * were written in one go). The bundle's `pagefind-entry.json` then lists every language,
 * exactly as a single run writes it.
 */
export class SearchIndexer {
  /** Pages indexed through `addPage`, i.e. while the build still ran. */
  addedDuringBuild = 0;
  /** Where `finish` spent its time: pages queued before it, pages found by it, writing. */
  readonly finishMs = { backlog: 0, rest: 0, write: 0, keep: 0 };
  /** The vocabulary files `finish` wrote, one per language. */
  vocabulary: WrittenVocabulary[] = [];
  /** Per language with an archive: whether it was taken over from the build cache, or why not. */
  readonly archiveReuse: Record<string, Reuse> = {};
  readonly #siteDir: string;
  readonly #outDir: string;
  readonly #checkSearchMeta: boolean;
  readonly #parallelWriteMaxPages: number;
  readonly #splitMinPages: number;
  #writeWaitMs: number;
  /** The build's own page list (`buildOrder`): each page's place in it. */
  #buildOrder: Map<string, number> | undefined;
  readonly #now: Date;
  readonly #handled = new Set<string>();
  /** Per language, every page in the order it reached Pagefind (both parts). */
  readonly #order = new Map<string, string[]>();
  readonly #indexed = new Set<string>();
  /** Per language and part, in the order their first page came: the order their entries are merged in. */
  readonly #languages = new Map<string, LanguageIndex>();
  readonly #missingMeta: string[] = [];
  /** The words of current pages, and of archive pages (an archive taken over brings its own counts). */
  #words = new VocabularyCounter();
  #archiveWords = new VocabularyCounter();
  readonly #cache: ArchiveCache | undefined;
  #queue: string[] = [];
  #next = 0;
  #active = 0;
  #idle: (() => void)[] = [];
  #turn: Promise<void> = Promise.resolve();
  #error: unknown;

  constructor(siteDir: string, { checkSearchMeta = true, parallelWriteMaxPages = PARALLEL_WRITE_MAX_PAGES, splitMinPages = SPLIT_MIN_PAGES, now, writeWaitMs = WRITE_WAIT_MS, buildCacheDir, outDir }: IndexOptions = {}) {
    this.#siteDir = siteDir;
    this.#outDir = outDir ?? siteDir;
    const cacheDir = buildCacheDir ?? buildConfig().buildCacheDir;
    // Without a split there is no archive to keep.
    this.#cache = cacheDir && Number.isFinite(splitMinPages) ? new ArchiveCache(cacheDir) : undefined;
    this.#checkSearchMeta = checkSearchMeta;
    this.#parallelWriteMaxPages = parallelWriteMaxPages;
    this.#splitMinPages = splitMinPages;
    this.#writeWaitMs = writeWaitMs;
    this.#now = now ?? buildConfig().now;
  }

  /**
   * The build is done, and these are its pages in the order it wrote them
   * (src/integrations/page-order.ts). No page is waited for any longer, and `finish` checks that
   * Pagefind got the pages in this order.
   */
  buildOrder(files: readonly string[]): void {
    this.#writeWaitMs = 0;
    this.#buildOrder = new Map(files.map((file, i) => [file, i]));
  }

  /**
   * Queues one written page (a path relative to the site directory) and returns at once, so the
   * build's log is never held up. A file that is not a complete HTML page yet, or cannot be
   * read, is skipped here and picked up by `finish`.
   */
  addPage(sourcePath: string): void {
    this.#queue.push(sourcePath);
    this.#pump();
  }

  #pump(): void {
    while (this.#active < IN_FLIGHT && this.#next < this.#queue.length) {
      const sourcePath = this.#queue[this.#next++]!;
      this.#active += 1;
      this.#add(sourcePath, false, this.#takeTurn())
        .then(
          (indexed) => {
            if (indexed) this.addedDuringBuild += 1;
          },
          (error: unknown) => {
            this.#error ??= error;
          },
        )
        .finally(() => {
          this.#active -= 1;
          this.#pump();
          if (this.#active === 0 && this.#next >= this.#queue.length) {
            this.#queue = [];
            this.#next = 0;
            for (const resolve of this.#idle.splice(0)) resolve();
          }
        });
    }
  }

  /**
   * A place in the order pages reach Pagefind: files are read in parallel, but handed over in
   * the order they were queued, so the same site gives the same index files (same names, and a
   * deploy uploads only what changed).
   */
  #takeTurn(): Turn {
    const previous = this.#turn;
    let done!: () => void;
    this.#turn = new Promise<void>((resolve) => (done = resolve));
    return { previous, done };
  }

  /** Resolves when every queued page has been handled. */
  async #drain(): Promise<void> {
    if (this.#active === 0 && this.#next >= this.#queue.length) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  /** Returns true when the page went into the index. Always ends its turn. */
  async #add(sourcePath: string, complete: boolean, turn: Turn): Promise<boolean> {
    try {
      if (this.#handled.has(sourcePath)) return false;
      // Astro writes a page with one writeFile call: before that ends, the file is missing or ends
      // early. Its turn waits for the write rather than leaving the page to `finish`, which would
      // hand it to Pagefind out of order and so change the index's bytes with the machine's load.
      // Only a page still not written after `writeWaitMs` is left to `finish`.
      let html: string | undefined;
      for (const started = Date.now(); ; await sleep(25)) {
        try {
          // Synchronous: a page is read in well under a millisecond, and the promise API's four
          // round trips through the thread pool cost more than the read (1.0 s against 0.6 s for
          // the 17,700 pages of a 10,000-document site).
          html = readFileSync(path.join(this.#siteDir, sourcePath), 'utf8');
          if (complete || /<\/html>\s*$/.test(html)) break;
        } catch (error) {
          if (complete) throw error;
        }
        if (Date.now() - started > this.#writeWaitMs) return false;
      }
      await turn.previous;
      if (this.#handled.has(sourcePath)) return false;
      this.#handled.add(sourcePath);
      // Only content pages carry data-pagefind-body. Pagefind skips the others when it scans a
      // directory, but when files are added one by one it cannot know that in advance.
      if (!isIndexed(html)) return false;
      if (!hasSearchMeta(html)) this.#missingMeta.push(urlPathOf(sourcePath));
      this.#indexed.add(sourcePath);
      const lang = primaryLanguage(html);
      // Until the language's size is known, every old page goes to its archive; `finish` folds a
      // small language's archive back in.
      const part: Part = Number.isFinite(this.#splitMinPages) && isArchived(html, this.#now) ? 'archive' : 'current';
      const language = await this.#languageIndex(lang, part);
      this.#orderOf(lang).push(sourcePath);
      language.pages += 1;
      if (part === 'archive' && this.#cache) {
        const digest = pageDigest(html);
        language.digests.push([sourcePath, digest]);
        if (language.held) {
          const differs = archiveDiffers(language.cached!, language.held.length, sourcePath, digest);
          if (!differs) {
            language.held.push(sourcePath);
            return true;
          }
          // In its turn: the pages held so far reach Pagefind before this one.
          await this.#release(language, differs);
        }
      }
      const content = separateDefinitionLists(html);
      const { index } = await this.#pagefind(language);
      const adding = index.addHTMLFile({ sourcePath, content });
      turn.done();
      (part === 'archive' ? this.#archiveWords : this.#words).addPage(language.lang, content);
      const added = await adding;
      if (added.errors.length > 0) throw new Error(`Pagefind could not index ${sourcePath}: ${added.errors.join('; ')}`);
      return true;
    } finally {
      turn.done();
    }
  }

  /** The site's pages not handled yet (not named in time, or never), by name. */
  async #addRest(pages: readonly string[]): Promise<void> {
    const rest = pages.filter((file) => !this.#handled.has(file)).sort();
    for (let start = 0; start < rest.length; start += IN_FLIGHT) {
      await Promise.all(rest.slice(start, start + IN_FLIGHT).map((file) => this.#add(file, true, this.#takeTurn())));
    }
  }

  /**
   * The first indexed page that reached Pagefind out of the build's order (`buildOrder`), or
   * undefined when every language got its pages in that order. Pages the build did not list
   * come after the listed ones, by name, as `#addRest` adds them.
   */
  #outOfOrder(): string | undefined {
    const rank = this.#buildOrder;
    if (!rank) return undefined;
    for (const order of this.#order.values()) {
      for (let i = 1; i < order.length; i += 1) {
        const [a, b] = [order[i - 1]!, order[i]!];
        const [x, y] = [rank.get(a), rank.get(b)];
        const inOrder = x !== undefined ? y === undefined || x < y : y === undefined && a < b;
        if (!inOrder) return b;
      }
    }
    return undefined;
  }

  /** Drops everything indexed so far (the Pagefind processes, the orders, the word counts). */
  async #restart(): Promise<void> {
    await this.#closeAll();
    this.#handled.clear();
    this.#order.clear();
    this.#indexed.clear();
    this.#missingMeta.length = 0;
    this.#words = new VocabularyCounter();
    this.#archiveWords = new VocabularyCounter();
    for (const lang of Object.keys(this.archiveReuse)) delete this.archiveReuse[lang];
  }

  /** Stops indexing (the build failed): drops the queue and ends the Pagefind processes. */
  async abort(): Promise<void> {
    this.#queue.length = this.#next;
    await this.#drain();
    await this.#closeAll();
  }

  async #closeAll(): Promise<void> {
    const started = [...this.#languages.values()].flatMap((language) => (language.pagefind ? [language.pagefind] : []));
    this.#languages.clear();
    for (const pagefind of await Promise.allSettled(started)) if (pagefind.status === 'fulfilled') await pagefind.value.service.close();
  }

  async #close(language: LanguageIndex): Promise<void> {
    const started = language.pagefind;
    language.pagefind = undefined;
    if (started) await (await started).service.close();
  }

  #orderOf(lang: string): string[] {
    let order = this.#order.get(lang);
    if (!order) this.#order.set(lang, (order = []));
    return order;
  }

  /** The index of a language's part; the first call (in a page's turn) fixes its place in the order. */
  async #languageIndex(lang: string, part: Part): Promise<LanguageIndex> {
    const key = `${lang}/${part}`;
    let language = this.#languages.get(key);
    if (!language) {
      language = { lang, part, pages: 0, digests: [], files: [], reused: false };
      this.#languages.set(key, language);
      if (part === 'archive' && this.#cache) {
        const cached = await this.#cache.archive(lang);
        if ('reason' in cached) this.archiveReuse[lang] = { reused: false, reason: cached.reason };
        else [language.held, language.cached] = [[], cached];
      }
    }
    return language;
  }

  #pagefind(language: LanguageIndex): Promise<Pagefind> {
    language.pagefind ??= (async () => {
      const service = await pagefindFor(language.lang, language.part);
      const { index, errors } = await service.createIndex({});
      if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
      return { service, index };
    })();
    return language.pagefind;
  }

  /**
   * The archive cannot be taken over (`reason`): its held pages go to Pagefind now, in their
   * order, and every later archive page right away.
   */
  async #release(language: LanguageIndex, reason: string): Promise<void> {
    const held = language.held ?? [];
    language.held = undefined;
    language.cached = undefined;
    this.archiveReuse[language.lang] = { reused: false, reason };
    const { index } = await this.#pagefind(language);
    for (let start = 0; start < held.length; start += IN_FLIGHT) {
      const batch = held.slice(start, start + IN_FLIGHT);
      const contents = await Promise.all(batch.map(async (sourcePath) => separateDefinitionLists(await readFile(path.join(this.#siteDir, sourcePath), 'utf8'))));
      const added = await Promise.all(batch.map((sourcePath, i) => index.addHTMLFile({ sourcePath, content: contents[i]! })));
      for (const content of contents) this.#archiveWords.addPage(language.lang, content);
      const failed = added.findIndex((result) => result.errors.length > 0);
      if (failed >= 0) throw new Error(`Pagefind could not index ${batch[failed]}: ${added[failed]!.errors.join('; ')}`);
    }
  }

  /**
   * A language below the split size gets one index, with its pages in the order they came, so a
   * small site's index has the same bytes as before there was an archive: both parts are dropped
   * and the language's pages are indexed again (a few seconds at most below SPLIT_MIN_PAGES).
   */
  async #foldIn(lang: string): Promise<void> {
    for (const part of ['current', 'archive'] as const) {
      const language = this.#languages.get(`${lang}/${part}`);
      this.#languages.delete(`${lang}/${part}`);
      if (language) await this.#close(language);
    }
    delete this.archiveReuse[lang];
    const order = this.#order.get(lang) ?? [];
    const language = await this.#languageIndex(lang, 'current');
    const { index } = await this.#pagefind(language);
    for (let start = 0; start < order.length; start += IN_FLIGHT) {
      const batch = order.slice(start, start + IN_FLIGHT);
      const contents = await Promise.all(batch.map(async (sourcePath) => separateDefinitionLists(await readFile(path.join(this.#siteDir, sourcePath), 'utf8'))));
      const added = await Promise.all(batch.map((sourcePath, i) => index.addHTMLFile({ sourcePath, content: contents[i]! })));
      const failed = added.findIndex((result) => result.errors.length > 0);
      if (failed >= 0) throw new Error(`Pagefind could not index ${batch[failed]}: ${added[failed]!.errors.join('; ')}`);
    }
    language.pages = order.length;
  }

  /**
   * Writes one language's index into a directory of its own, ends its Pagefind process, moves
   * the files into the bundle (their names carry the language; the shared scripts are the same
   * in every run) and returns what that run wrote as its entry.
   */
  async #write(language: LanguageIndex, outputPath: string): Promise<PagefindEntry> {
    const staging = path.join(this.#outDir, `.pagefind-${language.lang}-${language.part}`);
    await rm(staging, { recursive: true, force: true });
    try {
      let entry: PagefindEntry;
      const cached = language.held && language.cached;
      const refused = cached ? await this.#cache!.take(cached, staging) : undefined;
      if (cached && !refused) {
        // Taken over: the files of the last index's archive, its entry and its words.
        entry = structuredClone(cached.entry) as PagefindEntry;
        this.#archiveWords.addCounts(language.lang, cached.vocabulary);
        language.reused = true;
        this.archiveReuse[language.lang] = { reused: true, pages: cached.pages.length };
        await this.#close(language);
      } else {
        if (refused) {
          // Pagefind must write into an empty directory: it would keep, or write through, the links.
          await rm(staging, { recursive: true, force: true });
          await this.#release(language, refused);
        }
        const { index } = await this.#pagefind(language);
        try {
          const written = await index.writeFiles({ outputPath: staging });
          if (written.errors.length > 0) throw new Error(`Pagefind could not write its index (${language.lang}): ${written.errors.join('; ')}`);
        } finally {
          await this.#close(language);
        }
        entry = await readEntry(staging);
      }
      language.files = await moveInto(staging, outputPath);
      language.entry = structuredClone(entry);
      return entry;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** Adds the pages not added yet, writes the index and returns the number of pages indexed. */
  async finish(): Promise<number> {
    const outputPath = path.join(this.#outDir, 'pagefind');
    try {
      let mark = performance.now();
      const lap = () => {
        const ms = performance.now() - mark;
        mark = performance.now();
        return ms;
      };
      await this.#drain();
      if (this.#error) throw this.#error;
      this.finishMs.backlog = lap();
      const pages = await sitePages(this.#siteDir);
      // A page indexed while the build ran must still be where it was (an integration that
      // moves pages after rendering would otherwise leave dead search results).
      const present = new Set(pages);
      const moved = [...this.#indexed].filter((file) => !present.has(file));
      if (moved.length > 0) {
        throw new Error(
          `Search: ${moved.length} page(s) were indexed while the build ran but are gone after it: ${moved.slice(0, 5).join(', ')}. A build step moved or deleted them; keep indexed pages in place or leave out data-pagefind-body on them.`,
        );
      }
      await this.#addRest(pages);
      // Pagefind numbers pages in the order it gets them. Astro's log, which that order came
      // from, can lose its last lines (the astro command exits without waiting for a full pipe);
      // those pages came last, so the index is written again in the build's own order.
      const late = this.#outOfOrder();
      if (late) {
        console.log(`Search: ${late} reached the index out of the build's order (Astro's log did not name it in time); the pages are indexed again in the order the build wrote them.`);
        const during = this.addedDuringBuild;
        await this.#restart();
        for (const file of this.#buildOrder!.keys()) this.addPage(file);
        await this.#drain();
        if (this.#error) throw this.#error;
        this.addedDuringBuild = during;
        await this.#addRest(pages);
      }
      this.finishMs.rest = lap();
      await rm(outputPath, { recursive: true, force: true });
      for (const [lang, order] of this.#order) {
        const split = order.length >= this.#splitMinPages && this.#languages.has(`${lang}/current`);
        const archive = this.#languages.get(`${lang}/archive`);
        if (!archive) continue;
        // The archive's pages must be exactly the cached ones; only then may `#write` take it over.
        const missing = archive.held && archive.held.length < archive.cached!.pages.length ? archive.cached!.pages[archive.held.length]![0] : undefined;
        if (missing) await this.#release(archive, `${missing} is no longer in the archive`);
        if (!split) {
          // Its words are counted from its pages, which are indexed again below.
          if (archive.held) await this.#release(archive, 'the language is too small to be split');
          await this.#foldIn(lang);
        }
      }
      let entry: PagefindEntry | undefined;
      let archiveEntry: PagefindEntry | undefined;
      const languages = [...this.#languages.values()];
      const pageCount = languages.reduce((sum, language) => sum + language.pages, 0);
      // An archive still holding back its pages is taken over, not written by Pagefind.
      const heldByPagefind = languages.reduce((sum, language) => sum + (language.held ? 0 : language.pages), 0);
      const archivePath = path.join(outputPath, ARCHIVE_DIR);
      const target = (language: LanguageIndex) => (language.part === 'archive' ? archivePath : outputPath);
      const written: [LanguageIndex, PagefindEntry][] = [];
      if (heldByPagefind <= this.#parallelWriteMaxPages) {
        written.push(...(await Promise.all(languages.map(async (language) => [language, await this.#write(language, target(language))] as [LanguageIndex, PagefindEntry]))));
      } else {
        // The smallest index first: while it is written, the others only hold what they
        // read; the largest is written last, when every other process has ended.
        languages.sort((a, b) => a.pages - b.pages);
        for (const language of languages) written.push([language, await this.#write(language, target(language))]);
      }
      for (const [language, next] of written) {
        if (language.part === 'archive') archiveEntry = mergeEntry(archiveEntry, next, this.#siteDir);
        else entry = mergeEntry(entry, next, this.#siteDir);
      }
      // The entry files are written new (not through a link into the cache, whose bytes would change).
      if (archiveEntry) await replaceFile(path.join(archivePath, 'pagefind-entry.json'), JSON.stringify(archiveEntry));
      await writeArchiveManifest(outputPath, archiveEntry);
      if (entry) {
        await replaceFile(path.join(outputPath, 'pagefind-entry.json'), JSON.stringify(entry));
        for (const lang of this.#archiveWords.languages()) this.#words.addCounts(lang, this.#archiveWords.counts(lang));
        this.vocabulary = await this.#words.write(this.#outDir);
      } else {
        // No page to index: an empty bundle still lets the search page load pagefind.js and
        // say "no results" instead of failing.
        try {
          const { index } = await pagefind.createIndex({});
          await index?.writeFiles({ outputPath });
        } finally {
          await pagefind.close();
        }
      }
      this.finishMs.write = lap();
      if (this.#cache) {
        await this.#keepArchives(written, archivePath);
        this.finishMs.keep = lap();
      }
      this.#report(pageCount);
      return pageCount;
    } finally {
      await this.#closeAll();
    }
  }

  /** The archives of this index become the build cache's, for the next one. */
  async #keepArchives(written: readonly (readonly [LanguageIndex, PagefindEntry])[], archivePath: string): Promise<void> {
    const fresh: WrittenArchive[] = [];
    const kept = new Map<string, CachedArchive>();
    for (const [language] of written) {
      if (language.part !== 'archive') continue;
      if (language.reused) kept.set(language.lang, language.cached!);
      else fresh.push({ lang: language.lang, pages: language.digests, entry: language.entry!, files: language.files.filter((file) => file !== 'pagefind-entry.json'), vocabulary: this.#archiveWords.counts(language.lang) });
    }
    await this.#cache!.save(archivePath, fresh, kept);
  }

  #report(pageCount: number) {
    for (const [lang, reuse] of Object.entries(this.archiveReuse).sort()) {
      console.log(reuse.reused ? `Search archive (${lang}): ${reuse.pages} pages taken over from the last index (build cache)` : `Search archive (${lang}): indexed in full, ${reuse.reason}`);
    }
    const missing = this.#missingMeta.sort();
    if (this.#checkSearchMeta && missing.length > 0) {
      console.warn(
        `Search: ${missing.length} indexed page(s) have no <SearchMeta> (results show no type and cannot be filtered): ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''}. Add src/components/SearchMeta.astro to their template.`,
      );
    }
    if (pageCount === 0) console.warn(`Search: Pagefind found no pages to index in ${this.#siteDir}; is data-pagefind-body set on the content pages?`);
  }
}

/** pagefind/archive.json (core/search-query.ts ArchiveManifest): written on every site, split or not. */
async function writeArchiveManifest(outputPath: string, archiveEntry: PagefindEntry | undefined): Promise<void> {
  const languages: Record<string, number> = {};
  for (const [lang, value] of Object.entries(archiveEntry?.languages ?? {})) languages[lang] = (value as { page_count?: number }).page_count ?? 0;
  const manifest: ArchiveManifest = { version: ARCHIVE_MANIFEST_VERSION, languages };
  await mkdir(outputPath, { recursive: true });
  await writeFile(path.join(outputPath, path.basename(ARCHIVE_MANIFEST_PATH)), JSON.stringify(manifest));
}

async function readEntry(outputPath: string): Promise<PagefindEntry> {
  return JSON.parse(await readFile(path.join(outputPath, 'pagefind-entry.json'), 'utf8')) as PagefindEntry;
}

/** The entry of the bundle so far plus the languages one more index run wrote. */
function mergeEntry(entry: PagefindEntry | undefined, written: PagefindEntry, siteDir: string): PagefindEntry {
  if (!entry) return written;
  if (written.version !== entry.version) throw new Error(`Pagefind wrote bundle version ${written.version} after ${entry.version}; the language indexes cannot be combined.`);
  for (const [key, value] of Object.entries(written.languages)) {
    if (key in entry.languages) throw new Error(`Pagefind filed pages of two language groups under "${key}"; check the <html lang> of the pages in ${siteDir}.`);
    entry.languages[key] = value;
  }
  return entry;
}

/** Moves every file under `from` to the same place under `to`, replacing what is there; returns their paths relative to `to`. */
async function moveInto(from: string, to: string): Promise<string[]> {
  const entries = await readdir(from, { withFileTypes: true, recursive: true });
  const made = new Set<string>();
  const moved: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const relative = path.relative(from, path.join(entry.parentPath, entry.name));
    const target = path.join(to, relative);
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await rename(path.join(entry.parentPath, entry.name), target);
    moved.push(relative);
  }
  return moved;
}

/** Writes a file as a new one: a hard link at its place (a file taken over from the cache) keeps its bytes. */
async function replaceFile(file: string, data: string): Promise<void> {
  await rm(file, { force: true });
  await writeFile(file, data);
}

/** Why the archive page at `position` (`sourcePath` with `digest`) is not the cached archive's page there; undefined when it is. */
function archiveDiffers(cached: CachedArchive, position: number, sourcePath: string, digest: string): string | undefined {
  const expected = cached.pages[position];
  if (!expected) return `${sourcePath} is new in the archive`;
  if (expected[0] !== sourcePath) return `the archive's page ${position + 1} is ${sourcePath}, in the last index ${expected[0]} (a page joined, left or moved)`;
  if (expected[1] !== digest) return `${sourcePath} changed`;
  return undefined;
}

/** Indexes the finished site in `siteDir` and writes the index to `siteDir/pagefind`. Returns the page count. */
export async function indexSite(siteDir: string, options: IndexOptions = {}): Promise<number> {
  return new SearchIndexer(siteDir, options).finish();
}
