// The search archive taken over from the build cache (src/build/search-archive-cache.ts): a
// generated site of services, press items and events in German and English, split with a low
// splitMinPages, is indexed once to fill the cache, changed, and indexed again with the cache and
// from scratch. The two indexes must be the same files, byte for byte (pagefind/, its archive,
// the vocabulary, archive.json and the entry files). Taken over only when nothing of the archive
// changed: every other case below is indexed in full, and its test fails if the check that
// catches it is removed (the bytes, or for an equal Pagefind and code, the reported reason).
import { mkdir, mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchIndexer, type IndexOptions } from '../../src/build/index-search.ts';
import { SEARCH_CACHE_DIR } from '../../src/build/search-archive-cache.ts';

const now = new Date('2026-12-06T12:00:00+01:00');
const later = new Date('2027-03-01T12:00:00+01:00');
const split = { splitMinPages: 10, now };

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'ksp-archive-reuse-'));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

type Lang = 'de' | 'en';
interface FixturePage {
  path: string;
  lang: Lang;
  type: 'service' | 'press' | 'event';
  date: string;
  title: string;
  text: string;
}

const typeLabel = { service: { de: 'Dienstleistung', en: 'Service' }, press: { de: 'Presse', en: 'Press' }, event: { de: 'Veranstaltung', en: 'Event' } };
const words = {
  de: ['Strom', 'strom', 'Reisepass', 'Gebühren', 'Führerschein', 'Stadtteil', 'Rathaus', 'Bürgerbüro', 'Termin', 'Kassel', 'Ausstellung', 'Beratung'],
  en: ['energy', 'Energy', 'passport', 'fees', 'licence', 'district', 'townhall', 'office', 'appointment', 'Kassel', 'exhibition', 'advice'],
};

function html(page: FixturePage): string {
  return `<!DOCTYPE html><html lang="${page.lang}"><head><meta charset="utf-8"><title>${page.title}</title></head><body><header>Kopf</header><main data-pagefind-body><h1>${page.title}</h1><p>${page.text}</p><dl><dt>${page.lang === 'de' ? 'Gebühren' : 'Fees'}</dt><dd>${page.lang === 'de' ? 'Kostenlos' : 'Free'}</dd></dl><div hidden data-search-meta><span data-pagefind-filter="type:${typeLabel[page.type][page.lang]}"></span><span data-pagefind-meta="date:${page.date}"></span><span data-pagefind-meta="summary:${page.title}"></span></div></main></body></html>\n`;
}

/** 40 pages per language: services, press items (half over two years old), events (half long past), in an interleaved order like Astro's. */
function fixturePages(): FixturePage[] {
  const pages: FixturePage[] = [];
  for (let i = 0; i < 40; i++) {
    for (const lang of ['de', 'en'] as const) {
      const type = (['service', 'press', 'event'] as const)[i % 3]!;
      const old = Math.floor(i / 3) % 2 === 0;
      const date = type === 'service' ? '2026-01-01' : type === 'press' ? (old ? `20${20 + (i % 3)}-0${1 + (i % 9)}-15` : '2026-06-01') : old ? '2025-05-10T10:00:00+02:00' : '2026-11-20T10:00:00+01:00';
      const list = words[lang];
      const text = Array.from({ length: 6 + (i % 5) }, (_, j) => list[(i * 7 + j * 3) % list.length]).join(' ') + ` Seite${i}`;
      const base = lang === 'de' ? { service: 'dienstleistungen', press: 'presse', event: 'veranstaltungen' }[type] : `en/${type === 'service' ? 'services' : type === 'press' ? 'press' : 'events'}`;
      pages.push({ path: `${base}/seite-${i}/index.html`, lang, type, date, title: `${typeLabel[type][lang]} ${i}`, text });
    }
  }
  return pages;
}

/** Writes the pages (and a page without data-pagefind-body) into a new site directory; returns it with the pages' order. */
async function writeSite(name: string, pages: readonly FixturePage[]): Promise<{ dir: string; order: string[] }> {
  const dir = path.join(work, name);
  for (const page of pages) {
    await rm(path.join(dir, path.dirname(page.path)), { recursive: true, force: true });
    const file = path.join(dir, page.path);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, html(page));
  }
  await writeFile(path.join(dir, '404.html'), '<!DOCTYPE html><html lang="de"><body>Nicht gefunden</body></html>\n');
  return { dir, order: ['404.html', ...pages.map((page) => page.path)] };
}

async function index(site: { dir: string; order: string[] }, options: IndexOptions): Promise<SearchIndexer> {
  const indexer = new SearchIndexer(site.dir, { checkSearchMeta: false, ...split, ...options });
  for (const page of site.order) indexer.addPage(page);
  await indexer.finish();
  return indexer;
}

/** Every file of the site's pagefind/ with its bytes. */
async function indexFiles(dir: string): Promise<Map<string, Buffer>> {
  const root = path.join(dir, 'pagefind');
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  const files = new Map<string, Buffer>();
  for (const entry of entries.filter((e) => e.isFile()).sort((a, b) => (path.join(a.parentPath, a.name) < path.join(b.parentPath, b.name) ? -1 : 1))) {
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, file), await readFile(file));
  }
  return files;
}

/** The two indexes hold the same files with the same bytes (names of files that differ otherwise). */
async function expectSameIndex(a: string, b: string): Promise<void> {
  const [x, y] = await Promise.all([indexFiles(a), indexFiles(b)]);
  expect([...y.keys()]).toEqual([...x.keys()]);
  expect([...x].filter(([file, bytes]) => !bytes.equals(y.get(file)!)).map(([file]) => file)).toEqual([]);
}

let counter = 0;
/**
 * Fills a new cache from the fixture site (indexed at `before`), then indexes `changed` with that
 * cache and from scratch; both at `at`. Returns the indexer that used the cache.
 */
async function reindex(changed: readonly FixturePage[], { before = now, at = now, order, options = {}, tamper }: { before?: Date; at?: Date; order?: (paths: string[]) => string[]; options?: IndexOptions; tamper?: (cacheDir: string) => Promise<void> } = {}) {
  const n = ++counter;
  const cache = path.join(work, `cache-${n}`);
  const first = await writeSite(`first-${n}`, fixturePages());
  const filled = await index(first, { buildCacheDir: cache, now: before, ...options });
  expect(Object.values(filled.archiveReuse).map((reuse) => reuse.reused)).toEqual([false, false]);
  await tamper?.(cache);
  const site = await writeSite(`second-${n}`, changed);
  if (order) site.order = order(site.order);
  const scratch = { ...(await writeSite(`scratch-${n}`, changed)), order: site.order };
  const reused = await index(site, { buildCacheDir: cache, now: at, ...options });
  await index(scratch, { buildCacheDir: false, now: at, ...options });
  await expectSameIndex(scratch.dir, site.dir);
  return { indexer: reused, site, cache };
}

const isArchivedPage = (page: FixturePage) => page.type !== 'service' && !['2026-06-01', '2026-11-20T10:00:00+01:00'].includes(page.date);
const withText = (pages: FixturePage[], pick: (page: FixturePage) => boolean, text: string) => {
  const index = pages.findIndex(pick);
  pages[index] = { ...pages[index]!, text: `${pages[index]!.text} ${text}` };
  return pages[index]!;
};

describe('an archive equal to the last index’s is taken over', () => {
  for (const parallelWriteMaxPages of [1000, 10]) {
    it(`after a change to a current page, with the same bytes as a full index (${parallelWriteMaxPages === 10 ? 'languages written one after the other' : 'written at once'})`, async () => {
      const pages = fixturePages();
      withText(pages, (page) => page.lang === 'de' && page.type === 'service', 'Neuigkeit Stromvertrag');
      withText(pages, (page) => page.lang === 'en' && !isArchivedPage(page) && page.type === 'press', 'novelty');
      const { indexer, site } = await reindex(pages, { options: { parallelWriteMaxPages } });
      expect(indexer.archiveReuse).toEqual({ de: { reused: true, pages: 14 }, en: { reused: true, pages: 14 } });
      // The archive's files are the cache's (hard links), not written again.
      const archived = await readdir(path.join(site.dir, 'pagefind', 'archive', 'fragment'));
      expect(archived.length).toBe(28);
      for (const file of archived) expect((await stat(path.join(site.dir, 'pagefind', 'archive', 'fragment', file))).nlink).toBeGreaterThan(1);
      const manifest = JSON.parse(await readFile(path.join(site.dir, 'pagefind', 'archive.json'), 'utf8')) as unknown;
      expect(manifest).toEqual({ version: 1, languages: { de: 14, en: 14 } });
    });
  }

  it('again and again: the cache stays usable after an index that took it over', async () => {
    const pages = fixturePages();
    withText(pages, (page) => page.type === 'service', 'eins');
    const { site, cache } = await reindex(pages);
    withText(pages, (page) => page.type === 'service', 'zwei');
    const third = await writeSite('third', pages);
    const indexer = await index(third, { buildCacheDir: cache });
    expect(indexer.archiveReuse).toEqual({ de: { reused: true, pages: 14 }, en: { reused: true, pages: 14 } });
    const scratch = await writeSite('third-scratch', pages);
    await index(scratch, { buildCacheDir: false });
    await expectSameIndex(scratch.dir, third.dir);
    expect(site.dir).not.toBe(third.dir);
  });

  it('without a build cache nothing is kept', async () => {
    const site = await writeSite('no-cache', fixturePages());
    const indexer = await index(site, { buildCacheDir: false });
    expect(indexer.archiveReuse).toEqual({});
  });
});

describe('anything else is indexed in full, with the same bytes', () => {
  it('an archived page changed', async () => {
    const pages = fixturePages();
    const changed = withText(pages, (page) => page.lang === 'de' && isArchivedPage(page), 'Nachtrag');
    const { indexer } = await reindex(pages);
    expect(indexer.archiveReuse.de).toEqual({ reused: false, reason: `${changed.path} changed` });
    expect(indexer.archiveReuse.en).toEqual({ reused: true, pages: 14 });
  });

  it('a page moved into the archive as time went on', async () => {
    // By March 2027 the events of November 2026 began more than 30 days ago.
    const { indexer } = await reindex(fixturePages(), { at: later });
    expect(indexer.archiveReuse.de).toMatchObject({ reused: false, reason: expect.stringMatching(/page joined, left or moved/) as unknown });
    expect(indexer.archiveReuse.en).toMatchObject({ reused: false });
  });

  it('a page joined the archive at its end', async () => {
    const pages = fixturePages();
    const last = pages.findLastIndex((page) => page.lang === 'en');
    pages.push({ ...pages[last]!, path: 'en/press/neu-alt/index.html', type: 'press', date: '2019-01-01', title: 'Press old' });
    const { indexer } = await reindex(pages);
    expect(indexer.archiveReuse.en).toEqual({ reused: false, reason: 'en/press/neu-alt/index.html is new in the archive' });
    expect(indexer.archiveReuse.de).toEqual({ reused: true, pages: 14 });
  });

  it('the order of archived pages changed', async () => {
    const pages = fixturePages();
    const archived = pages.filter((page) => page.lang === 'de' && isArchivedPage(page)).map((page) => page.path);
    const [a, b] = [archived[2]!, archived[3]!];
    const { indexer } = await reindex(pages, { order: (order) => order.map((p) => (p === a ? b : p === b ? a : p)) });
    expect(indexer.archiveReuse.de).toMatchObject({ reused: false, reason: expect.stringMatching(/page joined, left or moved/) as unknown });
    expect(indexer.archiveReuse.en).toEqual({ reused: true, pages: 14 });
  });

  it('the last archived page was deleted', async () => {
    const pages = fixturePages();
    const gone = pages.findLast((page) => page.lang === 'de' && isArchivedPage(page))!;
    const { indexer } = await reindex(pages.filter((page) => page !== gone));
    expect(indexer.archiveReuse.de).toEqual({ reused: false, reason: `${gone.path} is no longer in the archive` });
  });

  it('an archived page in the middle was deleted', async () => {
    const pages = fixturePages();
    const gone = pages.filter((page) => page.lang === 'en' && isArchivedPage(page))[4]!;
    const { indexer } = await reindex(pages.filter((page) => page !== gone));
    expect(indexer.archiveReuse.en).toMatchObject({ reused: false });
    expect(indexer.archiveReuse.de).toEqual({ reused: true, pages: 14 });
  });

  /** The files kept for a language, in the search cache. */
  const cachedFiles = async (cacheDir: string, lang: Lang) => {
    const search = path.join(cacheDir, SEARCH_CACHE_DIR);
    const dir = (await readdir(search)).find((entry) => entry.startsWith(`${lang}-`))!;
    const entries = await readdir(path.join(search, dir), { withFileTypes: true, recursive: true });
    return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  };

  it('a cached file has other bytes (same size)', async () => {
    const { indexer } = await reindex(fixturePages(), {
      tamper: async (cacheDir) => {
        const fragment = (await cachedFiles(cacheDir, 'de')).find((file) => file.includes(`${path.sep}fragment${path.sep}`))!;
        const bytes = await readFile(fragment);
        bytes[bytes.length - 1] ^= 0xff;
        // Written in place, as a disk error would: the inode the cache links stays.
        await writeFile(fragment, bytes);
      },
    });
    expect(indexer.archiveReuse.de).toMatchObject({ reused: false, reason: expect.stringMatching(/has other bytes/) as unknown });
    expect(indexer.archiveReuse.en).toEqual({ reused: true, pages: 14 });
  });

  it('a cached file is missing', async () => {
    const { indexer } = await reindex(fixturePages(), {
      tamper: async (cacheDir) => {
        await unlink((await cachedFiles(cacheDir, 'en')).find((file) => file.includes(`${path.sep}index${path.sep}`))!);
      },
    });
    expect(indexer.archiveReuse.en).toMatchObject({ reused: false, reason: expect.stringMatching(/cannot be taken over/) as unknown });
  });

  const stateFile = (cacheDir: string) => path.join(cacheDir, SEARCH_CACHE_DIR, 'state.json');
  const editState = (edit: (state: Record<string, unknown>) => void) => async (cacheDir: string) => {
    const state = JSON.parse(await readFile(stateFile(cacheDir), 'utf8')) as Record<string, unknown>;
    edit(state);
    await writeFile(stateFile(cacheDir), JSON.stringify(state));
  };

  it('the state file was cut short', async () => {
    const { indexer } = await reindex(fixturePages(), {
      tamper: async (cacheDir) => {
        const text = await readFile(stateFile(cacheDir), 'utf8');
        await writeFile(stateFile(cacheDir), text.slice(0, text.length / 2));
      },
    });
    expect(indexer.archiveReuse.de).toMatchObject({ reused: false, reason: expect.stringMatching(/cached state cannot be read/) as unknown });
  });

  it('the state file is missing', async () => {
    const { indexer } = await reindex(fixturePages(), { tamper: (cacheDir) => rm(stateFile(cacheDir)) });
    expect(indexer.archiveReuse.de).toEqual({ reused: false, reason: 'no archive of an earlier index in the build cache' });
  });

  it('another Pagefind version wrote the cache', async () => {
    const { indexer } = await reindex(fixturePages(), { tamper: editState((state) => (state.pagefind = '1.5.0 1.5.0')) });
    expect(indexer.archiveReuse.de).toMatchObject({ reused: false, reason: expect.stringMatching(/written by Pagefind 1\.5\.0/) as unknown });
    expect(indexer.archiveReuse.en).toMatchObject({ reused: false });
  });

  it('other indexing code wrote the cache', async () => {
    const { indexer } = await reindex(fixturePages(), { tamper: editState((state) => (state.code = 'older-code')) });
    expect(indexer.archiveReuse.en).toEqual({ reused: false, reason: 'the indexing code changed since the cache was written' });
  });

  it('another format of the state file', async () => {
    const { indexer } = await reindex(fixturePages(), { tamper: editState((state) => (state.version = 0)) });
    expect(indexer.archiveReuse.en).toEqual({ reused: false, reason: 'the cached state has another format' });
  });
});
