// The search archive of the last index, kept for the next one. Pagefind cannot update an index
// (https://github.com/Pagefind/pagefind/issues/71), but on a large site most indexed pages are in
// the archive (src/build/search-archive.ts: old press items, past events), and a publish rarely
// changes one of them. So after an index is written, each language's archive files (hard links),
// its ordered page list with a digest of each page's HTML, Pagefind's entry and the archive's
// share of the vocabulary counts go into the build cache (KSP_BUILD_CACHE, `<cache>/search/`).
// The next index (src/build/index-search.ts) holds a language's archive pages back while they
// equal that list, in order; when the whole list matched, the archive's files are taken over
// instead of indexing those pages again. The result has the same bytes as a full index.
//
// What the cache is trusted for: the state file is written last and atomically, and names the
// state's own format, the Pagefind version and a digest of the indexing code; anything else, or
// a cached file that is missing or has other bytes than recorded, and the archive is indexed again.
import { createHash, hash, randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../core/write-atomic.ts';
import type { SerializedCounts } from './vocabulary-writer.ts';

/** The search part of the build cache: `<KSP_BUILD_CACHE>/search/` (src/build/incremental.ts leaves it out of its own checks). */
export const SEARCH_CACHE_DIR = 'search';
const STATE_FILE = 'state.json';
const STATE_VERSION = 1;

/** What a language's archive was made of and where its files are kept. */
export interface CachedArchive {
  /** The archive's pages in the order Pagefind got them: source path and page digest (pageDigest). */
  pages: [sourcePath: string, digest: string][];
  /** The pagefind-entry.json the language's own Pagefind run wrote (merged into the archive's). */
  entry: Record<string, unknown>;
  /** The directory of its files, inside the search cache. */
  dir: string;
  /** The files that run wrote (paths relative to pagefind/archive/, pagefind-entry.json aside), with size and SHA-256. */
  files: [file: string, size: number, sha256: string][];
  /** The archive pages' share of the vocabulary (VocabularyCounter#counts). */
  vocabulary: SerializedCounts;
}

interface State {
  version: number;
  /** Pagefind's package and binary versions. */
  pagefind: string;
  /** Digest of the code that decides the archive's bytes (INDEXING_CODE). */
  code: string;
  languages: Record<string, CachedArchive>;
}

/** The files whose code decides what an archive holds and how its pages are indexed and counted. */
const INDEXING_CODE = ['src/build/index-search.ts', 'src/build/vocabulary-writer.ts', 'src/build/search-archive.ts', 'src/build/search-archive-cache.ts', 'core/search-query.ts', 'core/search-vocabulary.ts', 'core/registry.ts'];
const root = path.resolve(import.meta.dirname, '..', '..');

/** SHA-256 of a page's text or a file's bytes, as kept in the state file. */
const sha256 = (data: string | Buffer) => hash('sha256', data, 'base64url');

/** The digest that identifies a page: of the exact HTML read for it (Pagefind gets it after separateDefinitionLists, which is code). */
export const pageDigest = (html: string): string => sha256(html);

/** Pagefind's npm package and the binary package it runs (`@pagefind/<platform>-<arch>`). */
async function pagefindVersion(): Promise<string> {
  // pagefind exports no package.json: it is two levels above its entry (lib/index.js).
  const pagefindPackage = path.resolve(fileURLToPath(import.meta.resolve('pagefind')), '..', '..', 'package.json');
  const versions = [(JSON.parse(await readFile(pagefindPackage, 'utf8')) as { version: string }).version];
  try {
    const binary = createRequire(pagefindPackage).resolve(`@pagefind/${process.platform}-${process.arch}/package.json`);
    versions.push((JSON.parse(await readFile(binary, 'utf8')) as { version: string }).version);
  } catch {
    // A platform whose binary package has another name: the npm package's version pins it.
  }
  return versions.join(' ');
}

async function indexingCode(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of INDEXING_CODE) hash.update(file).update('\0').update(await readFile(path.join(root, file))).update('\0');
  return hash.digest('base64url');
}

/** Hard link, or a copy where the cache is on another file system. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(from, to);
  }
}

/** Runs `task` over `items`, `width` at a time (thousands of files at once would exhaust file handles). */
async function inBatches<T, R>(items: readonly T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += width) results.push(...(await Promise.all(items.slice(i, i + width).map(task))));
  return results;
}

/** What a language's archive, written by a Pagefind run of this index, leaves for the next one. */
export interface WrittenArchive {
  lang: string;
  /** Its pages in order, with digests. */
  pages: [string, string][];
  entry: Record<string, unknown>;
  /** The files its run wrote, relative to `archiveDir`. */
  files: string[];
  vocabulary: SerializedCounts;
}

export type Reuse = { reused: true; pages: number } | { reused: false; reason: string };

/**
 * The cached archives of one build cache, as read when an index starts. Every method that reads
 * the cache answers with a reason instead of throwing: a cache that cannot be used costs time,
 * never the index.
 */
export class ArchiveCache {
  readonly #dir: string;
  readonly #state: Promise<{ state: State } | { reason: string }>;
  readonly #current: Promise<{ pagefind: string; code: string }>;

  /** `buildCacheDir`: the build cache (KSP_BUILD_CACHE); the archives live in its search/. */
  constructor(buildCacheDir: string) {
    this.#dir = path.join(buildCacheDir, SEARCH_CACHE_DIR);
    this.#current = (async () => ({ pagefind: await pagefindVersion(), code: await indexingCode() }))();
    // Read once, used later: a rejection is handled where it is awaited.
    this.#current.catch(() => {});
    this.#state = this.#read().catch((error: unknown) => ({ reason: `the cache cannot be checked (${(error as Error).message})` }));
  }

  async #read(): Promise<{ state: State } | { reason: string }> {
    let state: State;
    try {
      state = JSON.parse(await readFile(path.join(this.#dir, STATE_FILE), 'utf8')) as State;
    } catch (error) {
      return { reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no archive of an earlier index in the build cache' : `the cached state cannot be read (${(error as Error).message})` };
    }
    if (state?.version !== STATE_VERSION || typeof state.languages !== 'object' || state.languages === null) return { reason: 'the cached state has another format' };
    const current = await this.#current;
    if (state.pagefind !== current.pagefind) return { reason: `the cache was written by Pagefind ${state.pagefind}, this is ${current.pagefind}` };
    if (state.code !== current.code) return { reason: 'the indexing code changed since the cache was written' };
    return { state };
  }

  /** The cached archive of `lang`, or why there is none to compare with. */
  async archive(lang: string): Promise<CachedArchive | { reason: string }> {
    const read = await this.#state;
    if ('reason' in read) return read;
    return read.state.languages[lang] ?? { reason: `the last index had no archive in language "${lang}"` };
  }

  /**
   * Hard-links the cached files of an archive into `stagingDir` and checks their bytes against
   * the state (the links are then this index's own, whatever happens to the cache). Returns why
   * the archive cannot be taken over, or undefined when it is in `stagingDir`.
   */
  async take(archive: CachedArchive, stagingDir: string): Promise<string | undefined> {
    const from = path.join(this.#dir, archive.dir);
    try {
      await rm(stagingDir, { recursive: true, force: true });
      for (const dir of new Set(archive.files.map(([file]) => path.dirname(file)))) await mkdir(path.join(stagingDir, dir), { recursive: true });
      const wrong = await inBatches(archive.files, 64, async ([file, size, digest]) => {
        const target = path.join(stagingDir, file);
        await linkOrCopy(path.join(from, file), target);
        const bytes = await readFile(target);
        return bytes.length === size && sha256(bytes) === digest ? undefined : file;
      });
      const changed = wrong.find((file) => file !== undefined);
      if (changed) return `the cached file ${changed} has other bytes than when it was written`;
      return undefined;
    } catch (error) {
      return `a cached file cannot be taken over (${(error as Error).message})`;
    }
  }

  /**
   * After an index: the archives it wrote (`written`) and the ones it took over (`kept`) become the
   * cache of the next one. Files of new archives are hard-linked from `archiveDir` into a
   * directory of their own; the state is written last, in one piece; what it no longer names is
   * removed. A failure leaves no state (the next index is a full one) and is only reported.
   */
  async save(archiveDir: string, written: readonly WrittenArchive[], kept: ReadonlyMap<string, CachedArchive>): Promise<void> {
    try {
      const previous = await this.#state;
      const previousLanguages = 'state' in previous ? previous.state.languages : {};
      if (written.length === 0 && kept.size === 0) {
        // No archive now: nothing for the next index to take over.
        await rm(this.#dir, { recursive: true, force: true });
        return;
      }
      if (written.length === 0 && [...kept.keys()].sort().join() === Object.keys(previousLanguages).sort().join()) return;
      const languages: Record<string, CachedArchive> = Object.fromEntries(kept);
      for (const archive of written) {
        const dir = `${archive.lang}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
        const to = path.join(this.#dir, dir);
        for (const sub of new Set(archive.files.map((file) => path.dirname(file)))) await mkdir(path.join(to, sub), { recursive: true });
        const files = await inBatches(archive.files, 64, async (file): Promise<[string, number, string]> => {
          await linkOrCopy(path.join(archiveDir, file), path.join(to, file));
          const bytes = await readFile(path.join(to, file));
          return [file, bytes.length, sha256(bytes)];
        });
        languages[archive.lang] = { pages: archive.pages, entry: archive.entry, dir, files, vocabulary: archive.vocabulary };
      }
      const current = await this.#current;
      const state: State = { version: STATE_VERSION, pagefind: current.pagefind, code: current.code, languages };
      await writeFileAtomic(path.join(this.#dir, STATE_FILE), JSON.stringify(state));
      const used = new Set([STATE_FILE, ...Object.values(languages).map((archive) => archive.dir)]);
      for (const entry of await readdir(this.#dir)) if (!used.has(entry) && !entry.endsWith('.tmp')) await rm(path.join(this.#dir, entry), { recursive: true, force: true });
    } catch (error) {
      await rm(path.join(this.#dir, STATE_FILE), { force: true }).catch(() => {});
      console.warn(`Search: the archive could not be kept for the next index (${(error as Error).message}); the next index writes it in full.`);
    }
  }
}
