import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { indexSite, primaryLanguage, SearchIndexer, separateDefinitionLists, writtenPage } from '../../src/build/index-search.ts';
import { decodeVocabulary } from '../../core/search-vocabulary.ts';

describe('the HTML Pagefind indexes', () => {
  it('separates definition terms and descriptions so their words do not run together', () => {
    expect(separateDefinitionLists('<dl><dt>Gebühren</dt><dd>Kostenlos</dd><dt>Termin:</dt><dd>Nein</dd></dl>')).toBe(
      '<dl><dt>Gebühren: </dt><dd>Kostenlos </dd><dt>Termin:</dt><dd>Nein </dd></dl>',
    );
  });

  it('leaves everything else untouched', () => {
    const html = '<main data-pagefind-body><h1>Reisepass</h1><p>Text</p></main>';
    expect(separateDefinitionLists(html)).toBe(html);
  });
});

describe('reading the build log and the page language', () => {
  it('takes the written HTML file from an Astro log line, with or without time and colours', () => {
    expect(writtenPage('21:59:10   ├─ /presse/meldung-1/index.html (+2ms) ')).toBe('presse/meldung-1/index.html');
    expect(writtenPage('  \u001b[34m├─\u001b[39m \u001b[2m/404.html\u001b[22m \u001b[2m(+35ms)\u001b[22m')).toBe('404.html');
    expect(writtenPage('21:59:10   ├─ /en/events/x/index.html (+1.02s) ')).toBe('en/events/x/index.html');
  });

  it('takes a page an incremental build copied from its cache', () => {
    expect(writtenPage('11:40:31   \u001b[32m├─\u001b[39m \u001b[2m/dienstleistungen/x/index.html\u001b[22m \u001b[32m(restored)\u001b[39m')).toBe('dienstleistungen/x/index.html');
    expect(writtenPage('11:40:31   ├─ /partner/y/index.html (cached)')).toBe('partner/y/index.html');
    expect(writtenPage('11:40:31   ├─ /partner/y/index.html (stale)')).toBeUndefined();
  });

  it('ignores lines that do not report a finished HTML page', () => {
    expect(writtenPage('21:59:10   ├─ /veranstaltungen/kalender.ics (+3ms) ')).toBeUndefined();
    expect(writtenPage('21:59:10   ├─ /presse/index.html')).toBeUndefined();
    expect(writtenPage('21:59:10 [build] ✓ Completed in 37.17s.')).toBeUndefined();
  });

  it('groups pages by the primary subtag of <html lang>', () => {
    expect(primaryLanguage('<!DOCTYPE html><html lang="de" class="x">')).toBe('de');
    expect(primaryLanguage('<!doctype html><html class="x" lang=en-GB>')).toBe('en');
    expect(primaryLanguage('<!doctype html><html><body lang="de">')).toBe('unknown');
  });
});

describe('SearchIndexer', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  const page = (lang: string, title: string, text: string, indexed = true) =>
    `<!DOCTYPE html><html lang="${lang}"><head><title>${title}</title></head><body><main${indexed ? ' data-pagefind-body' : ''}><h1>${title}</h1><p>${text}</p><div hidden data-search-meta></div></main></body></html>\n`;

  async function site(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'ksp-index-'));
    dirs.push(dir);
    for (const [file, html] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), html);
    }
    return dir;
  }

  const entry = async (dir: string) =>
    JSON.parse(await readFile(path.join(dir, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number; hash: string }> };

  const files = {
    'dienstleistungen/reisepass/index.html': page('de', 'Reisepass abholen', 'Ihren Reisepass erhalten Sie im Kassel Service Point.'),
    'dienstleistungen/strom/index.html': page('de', 'Stromvertrag', 'Die Städtische Werke beraten zum Stromvertrag.'),
    'en/services/passport/index.html': page('en', 'Collect your passport', 'Collect your passport at the Kassel Service Point.'),
    'index.html': page('de', 'Startseite', 'Willkommen', false),
  };

  it('indexes pages as they are reported, the rest at the end, and lists every language in one bundle', async () => {
    const dir = await site(files);
    // A page whose file is still being written waits for its write, in its turn; a page named
    // but never written is left for finish() after the wait.
    await writeFile(path.join(dir, 'dienstleistungen/strom/index.html'), '<!DOCTYPE html><html lang="de"><body><main data-pagefind-body><p>Str');
    const indexer = new SearchIndexer(dir, { writeWaitMs: 1500 });
    indexer.addPage('dienstleistungen/reisepass/index.html');
    indexer.addPage('dienstleistungen/strom/index.html');
    indexer.addPage('does/not/exist/index.html');
    indexer.addPage('index.html');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await writeFile(path.join(dir, 'dienstleistungen/strom/index.html'), files['dienstleistungen/strom/index.html']);
    expect(await indexer.finish()).toBe(3);
    expect(indexer.addedDuringBuild).toBe(2);
    const { languages } = await entry(dir);
    expect(Object.keys(languages).sort()).toEqual(['de', 'en']);
    expect(languages.de!.page_count).toBe(2);
    expect(languages.en!.page_count).toBe(1);
    const bundle = await readdir(path.join(dir, 'pagefind'));
    expect(bundle).toContain(`pagefind.${languages.de!.hash}.pf_meta`);
    expect(bundle).toContain(`pagefind.${languages.en!.hash}.pf_meta`);
  });

  it('stops with a clear error when a page indexed during the build is moved afterwards', async () => {
    const dir = await site(files);
    const indexer = new SearchIndexer(dir);
    indexer.addPage('dienstleistungen/reisepass/index.html');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await rm(path.join(dir, 'dienstleistungen/reisepass'), { recursive: true });
    await expect(indexer.finish()).rejects.toThrow(/indexed while the build ran but are gone after it: dienstleistungen\/reisepass\/index\.html/);
  });

  it('writes the same bundle whether the languages are written at once or one after the other', async () => {
    const together = await site(files);
    const apart = await site(files);
    await indexSite(together);
    await indexSite(apart, { parallelWriteMaxPages: 0 });
    expect(await entry(apart)).toEqual(await entry(together));
    expect((await readdir(path.join(apart, 'pagefind'), { recursive: true })).sort()).toEqual((await readdir(path.join(together, 'pagefind'), { recursive: true })).sort());
    // No staging directory is left behind.
    expect((await readdir(apart)).filter((name) => name.startsWith('.pagefind'))).toEqual([]);
  });

  it('reads the pages of one directory and writes the index into another (the catch-up reads the live release)', async () => {
    const pages = await site(files);
    const inPlace = await site(files);
    const out = await mkdtemp(path.join(tmpdir(), 'ksp-index-out-'));
    try {
      await indexSite(pages, { outDir: out });
      await indexSite(inPlace);
      // Nothing is written beside the pages; the other directory gets the index a site of its own would.
      expect((await readdir(pages)).filter((name) => name.includes('pagefind'))).toEqual([]);
      expect(await entry(out)).toEqual(await entry(inPlace));
      expect((await readdir(path.join(out, 'pagefind'), { recursive: true })).sort()).toEqual((await readdir(path.join(inPlace, 'pagefind'), { recursive: true })).sort());
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('writes the same index files for the same pages in the same order', async () => {
    const first = await site(files);
    const second = await site(files);
    await indexSite(first);
    await indexSite(second);
    expect(await entry(second)).toEqual(await entry(first));
    expect((await readdir(path.join(second, 'pagefind', 'fragment'))).sort()).toEqual((await readdir(path.join(first, 'pagefind', 'fragment'))).sort());
  });

  it("hands Pagefind the pages in the build's own order when the log lost the last ones", async () => {
    // Built in this order; by name the last two would come first.
    const order = ['z/index.html', 'y/index.html', 'b/index.html', 'a/index.html'];
    const pages = Object.fromEntries(order.map((file, i) => [file, page('de', `Seite ${i}`, `Reisepass Ausweis Wort${i} Kassel`)]));
    const indexed = async (named: number, buildOrder: boolean) => {
      const dir = await site(pages);
      const indexer = new SearchIndexer(dir);
      for (const file of order.slice(0, named)) indexer.addPage(file);
      if (buildOrder) indexer.buildOrder(order);
      await indexer.finish();
      return { entry: await entry(dir), files: (await readdir(path.join(dir, 'pagefind'), { recursive: true })).sort() };
    };
    const logComplete = await indexed(4, true);
    // Pagefind numbers pages as they come: the order changes the index (else this test proves nothing).
    expect((await indexed(2, false)).entry).not.toEqual(logComplete.entry);
    expect(await indexed(2, true)).toEqual(logComplete);
    expect(await indexed(0, true)).toEqual(logComplete);
  });

  it('waits for no page named in the log once the build is done (an integration moved it)', async () => {
    const dir = await site(files);
    // As long as a build runs, a named page is waited for; this wait would outlast the test.
    const indexer = new SearchIndexer(dir, { writeWaitMs: 3_600_000 });
    indexer.addPage('dienstleistungen/reisepass/index.html');
    indexer.addPage('en/404/index.html');
    indexer.addPage('dienstleistungen/strom/index.html');
    indexer.buildOrder(['dienstleistungen/reisepass/index.html', 'en/404.html', 'dienstleistungen/strom/index.html']);
    expect(await indexer.finish()).toBe(3);
  });

  it('writes the words of the indexed pages as one vocabulary per language', async () => {
    const dir = await site(files);
    const indexer = new SearchIndexer(dir);
    await indexer.finish();
    expect(indexer.vocabulary.map(({ lang, words }) => ({ lang, words }))).toEqual([
      { lang: 'de', words: expect.any(Number) },
      { lang: 'en', words: expect.any(Number) },
    ]);
    const read = async (lang: string) => decodeVocabulary(JSON.parse(await readFile(path.join(dir, 'pagefind', `vocabulary-${lang}.json`), 'utf8')));
    const de = await read('de');
    expect(de).toEqual(expect.arrayContaining([{ word: 'Reisepass', count: 1 }, { word: 'Stromvertrag', count: 1 }, { word: 'Städtische', count: 1 }]));
    // The start page is not indexed, so its words are not in the vocabulary.
    expect(de.map((entry) => entry.word)).not.toContain('Willkommen');
    expect((await read('en')).map((entry) => entry.word)).toContain('passport');
  });

  it('writes an empty bundle when no page is marked for the index', async () => {
    const dir = await site({ 'index.html': page('de', 'Startseite', 'Willkommen', false) });
    expect(await indexSite(dir)).toBe(0);
    expect((await entry(dir)).languages).toEqual({});
  });
});
