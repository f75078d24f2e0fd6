// Search benchmark (a script, not a timed test): bytes transferred and time until results for
// a first and a second query, and for a first query with a typo (which also fetches the search
// vocabulary, see src/browser/query-help.ts), plus the size of the vocabulary, on:
//   - the embedded site (dist/);
//   - synthetic sites of random compound words (`--pages`, default 1,000 and 10,000 pages), whose
//     vocabulary is far larger than a real site's: the embedded site's search page is copied in,
//     so the real search UI runs against their index;
//   - sites built from the bench's dataset (`--docs`, default 1,000 and 10,000 documents, see
//     bench/lib/dataset.ts), the real build with realistic text (takes minutes).
//
//   npm run bench:search [-- --dist <dir>] [-- --pages 1000,10000] [-- --docs 1000,10000] [-- --keep] [-- --log]
//   (an empty list, e.g. --docs "", skips that kind of site; --keep keeps each dataset site in
//   .bench/search-<docs>/ and measures it again next time instead of building it, e.g. after
//   `node scripts/index-search.ts --site .bench/search-10000` rewrote only its index; --log lists
//   each file a query transferred, with its size, in the order the responses finished)
//
// Bytes are counted at the server (every response, including the ones Pagefind's web worker
// makes); "gzip" estimates the transfer from a CDN that compresses text (Pagefind's own index,
// fragment and WASM files are already compressed and count as they are). Targets: a first query
// transfers at most 150 KB; the vocabulary is at most 30 KB gzip on the embedded site and at most
// 150 KB at any size.
import type { Page } from 'playwright-core';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createStaticHandler, resolveFile } from '../server/static-server.ts';
import { indexSite } from '../src/build/index-search.ts';
import { generateDataset } from './lib/dataset.ts';
import { VOCABULARY_MAX_GZIP_BYTES } from '../src/build/vocabulary-writer.ts';
import { searchOptions } from '../core/search-query.ts';
import { decodeVocabulary } from '../core/search-vocabulary.ts';
import { SEARCH_VOCABULARY_MAX_GZIP_BYTES } from '../tests/quality/budgets.ts';
import { launchBrowser } from '../tests/helpers/browser.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { dist: { type: 'string', default: 'dist' }, pages: { type: 'string', default: '1000,10000' }, docs: { type: 'string', default: '1000,10000' }, keep: { type: 'boolean', default: false }, log: { type: 'boolean', default: false } } });
const distDir = path.resolve(root, values.dist);
const sizes = (list: string) => list.split(',').filter((v) => v.trim()).map((v) => Number(v.replace(/_/g, '')));
const pageCounts = sizes(values.pages);
const docCounts = sizes(values.docs);
if ([...pageCounts, ...docCounts].some((n) => !Number.isInteger(n) || n < 1)) {
  console.error('--pages and --docs take comma-separated whole numbers, e.g. --pages 1000,10000 (or "" to skip)');
  process.exit(2);
}
const TARGET_BYTES = 150 * 1024;

interface Traffic {
  bytes: number;
  gzipBytes: number;
  requests: number;
  /** gzip bytes per kind of file (see kindOf). */
  kinds: Record<string, number>;
  /** Each response in the order it finished, for --log. */
  files: { pathname: string; gzipBytes: number }[];
}

/** What a requested file is, for the breakdown of a first query. */
function kindOf(pathname: string): string {
  if (pathname.endsWith('.pf_meta')) return pathname.includes('/archive/') ? 'archive pf_meta' : 'pf_meta';
  if (pathname.includes('/wasm.')) return 'WASM';
  if (pathname.endsWith('.pf_index')) return pathname.includes('/archive/') ? 'archive index chunks' : 'index chunks';
  if (pathname.endsWith('.pf_filter')) return 'filter chunks';
  if (pathname.endsWith('.pf_fragment')) return 'fragments';
  if (pathname.endsWith('/pagefind.js')) return 'pagefind.js';
  if (pathname.includes('/vocabulary-')) return 'vocabulary';
  if (pathname.startsWith('/_astro/')) return 'our scripts';
  return 'other';
}

/** A static server that counts what it sends. */
async function countingServer(dir: string) {
  const handler = createStaticHandler({ getRoot: () => dir });
  let traffic: Traffic = { bytes: 0, gzipBytes: 0, requests: 0, kinds: {}, files: [] };
  const gzipCache = new Map<string, number>();
  const server = createServer((req, res) => {
    // Count the body bytes actually written (headers given to writeHead are not readable later).
    let length = 0;
    let type = '';
    const { write, end, writeHead } = res;
    res.writeHead = ((...args: Parameters<typeof writeHead>) => {
      const headers = args.find((arg) => typeof arg === 'object' && arg !== null) as Record<string, string> | undefined;
      type = String(headers?.['Content-Type'] ?? '');
      return writeHead.apply(res, args);
    }) as typeof writeHead;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk) length += Buffer.byteLength(chunk as Buffer);
      return (write as (...a: unknown[]) => boolean).call(res, chunk, ...rest);
    }) as typeof write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk && typeof chunk !== 'function') length += Buffer.byteLength(chunk as Buffer);
      return (end as (...a: unknown[]) => typeof res).call(res, chunk, ...rest);
    }) as typeof end;
    res.on('finish', async () => {
      const pathname = new URL(req.url ?? '/', 'http://x').pathname;
      traffic.requests += 1;
      traffic.bytes += length;
      if (/text|javascript|json/.test(type)) {
        if (!gzipCache.has(pathname)) {
          const found = await resolveFile(dir, pathname);
          gzipCache.set(pathname, found ? gzipSync(await readFile(found.file)).length : length);
        }
        traffic.gzipBytes += gzipCache.get(pathname)!;
        traffic.kinds[kindOf(pathname)] = (traffic.kinds[kindOf(pathname)] ?? 0) + gzipCache.get(pathname)!;
        traffic.files.push({ pathname, gzipBytes: gzipCache.get(pathname)! });
      } else {
        traffic.gzipBytes += length;
        traffic.kinds[kindOf(pathname)] = (traffic.kinds[kindOf(pathname)] ?? 0) + length;
        traffic.files.push({ pathname, gzipBytes: length });
      }
    });
    void handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reset: () => (traffic = { bytes: 0, gzipBytes: 0, requests: 0, kinds: {}, files: [] }),
    // gzip sizes are computed asynchronously after each response: give them a moment.
    read: async () => (await new Promise((resolve) => setTimeout(resolve, 50)), { ...traffic }),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** Runs one query through Pagefind's JS API and loads the first ten results, like the UI. */
async function apiQuery(page: Page, query: string): Promise<number> {
  return page.evaluate(async ([q, options]) => {
    const started = performance.now();
    const pagefind = await import(/* @vite-ignore */ `${location.origin}/pagefind/pagefind.js`);
    await pagefind.options(options);
    const search = await pagefind.search(q);
    await Promise.all(search.results.slice(0, 10).map((r: { data(): Promise<unknown> }) => r.data()));
    if (search.results.length === 0) throw new Error(`no results for ${q}`);
    return performance.now() - started;
  }, [query, searchOptions] as const);
}

/** Runs one query through the real search page (field, Enter, results rendered). */
async function uiQuery(page: Page, query: string): Promise<number> {
  const started = Date.now();
  await page.focus('main input[name="q"]');
  await page.waitForSelector('[data-search-panel]:not([hidden])');
  await page.fill('main input[name="q"]', query);
  await page.press('main input[name="q"]', 'Enter');
  await page.waitForFunction((q) => document.querySelector('[data-search-status]')?.textContent?.includes(q) && document.querySelector('[data-search-results] li'), query);
  return Date.now() - started;
}

/** A synthetic site of `count` German pages with a shared vocabulary, indexed by Pagefind. */
async function syntheticSite(count: number): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ksp-bench-search-'));
  const syllables = ['ber', 'amt', 'stadt', 'pass', 'reise', 'strom', 'wohn', 'ticket', 'kasse', 'markt', 'gebühr', 'antrag', 'müll', 'park', 'bus', 'schein', 'hof', 'tal', 'berg', 'weg', 'feld', 'land', 'haus', 'werk', 'zeit', 'platz', 'see', 'bahn', 'karte', 'vertrag'];
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T,>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const vocabulary = Array.from({ length: 6000 }, () => {
    const word = pick(syllables) + pick(syllables) + (random() < 0.5 ? pick(syllables) : '');
    return word.charAt(0).toUpperCase() + word.slice(1);
  });
  for (let i = 0; i < count; i++) {
    const words = Array.from({ length: 350 }, () => pick(vocabulary));
    const title = `${pick(vocabulary)} ${pick(vocabulary)} ${i}`;
    const paragraphs = Array.from({ length: 7 }, (_, p) => `<p>${words.slice(p * 50, p * 50 + 50).join(' ')}.</p>`).join('');
    const html = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${title}</title></head><body><nav>Menü</nav><main data-pagefind-body><h1>${title}</h1><span data-pagefind-filter="type:${pick(['Dienstleistung', 'Presse', 'Veranstaltung'])}"></span>${paragraphs}<p>Reisepass Strom Öffnungszeiten</p></main></body></html>`;
    await mkdir(path.join(dir, `seite-${i}`), { recursive: true });
    await writeFile(path.join(dir, `seite-${i}`, 'index.html'), html);
  }
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Bench</title></head><body><main><h1>Bench</h1></main></body></html>');
  await indexSite(dir, { checkSearchMeta: false });
  // The embedded site's search page and its scripts and styles: the real UI over this index.
  await cp(path.join(distDir, 'suche'), path.join(dir, 'suche'), { recursive: true });
  await cp(path.join(distDir, '_astro'), path.join(dir, '_astro'), { recursive: true });
  return dir;
}

/** The site built from the bench's dataset of `docs` documents (the real build, into .bench/). */
async function datasetSite(docs: number): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = path.join(root, '.bench', values.keep ? `search-${docs}` : `search-${docs}-${process.pid}`);
  if (values.keep && (await resolveFile(dir, '/pagefind/pagefind.js'))) {
    console.log(`Dataset site: ${docs} documents kept from before in ${dir} (delete it to build again)`);
    return { dir, cleanup: async () => {} };
  }
  const work = await mkdtemp(path.join(os.tmpdir(), `ksp-bench-search-${docs}-`));
  const cleanup = async () => {
    await rm(work, { recursive: true, force: true });
    if (!values.keep) await rm(dir, { recursive: true, force: true });
  };
  try {
    const dataset = await generateDataset(docs, path.join(work, 'data'), root);
    const env = { ...process.env, KSP_CONTENT_FILE: dataset.file, KSP_CONTENT_CACHE: 'off', KSP_IMAGE_CACHE: path.join(root, '.bench', 'image-cache'), SANITY_PROJECT_ID: '', SITE_URL: 'http://localhost:4321' };
    const build = spawn(process.execPath, [path.join(root, 'scripts', 'build.ts'), '--out', dir], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    build.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    build.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    const code = await new Promise<number | null>((resolve) => build.on('close', resolve));
    if (code !== 0) throw new Error(`The build of ${docs} documents failed (exit ${code}):\n${output}`);
    return { dir, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

interface VocabularySize {
  site: string;
  pages: number;
  lang: string;
  words: number;
  bytes: number;
  gzipBytes: number;
}
const vocabularies: VocabularySize[] = [];

/** The size of each vocabulary file of a site. */
async function recordVocabulary(site: string, dir: string, pages: number): Promise<void> {
  const files = (await readdir(path.join(dir, 'pagefind'))).filter((name) => /^vocabulary-[\w-]+\.json$/.test(name)).sort();
  for (const name of files) {
    const bytes = await readFile(path.join(dir, 'pagefind', name));
    const words = decodeVocabulary(JSON.parse(bytes.toString('utf8'))).length;
    vocabularies.push({ site, pages, lang: name.slice('vocabulary-'.length, -'.json'.length), words, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length });
  }
}

/** Indexed pages of a built site, from Pagefind's entry files (the current index and the archive, if any). */
async function indexedPages(dir: string): Promise<number> {
  let pages = 0;
  for (const entry of ['pagefind-entry.json', 'archive/pagefind-entry.json']) {
    const file = path.join(dir, 'pagefind', entry);
    if (!(await resolveFile(dir, `/pagefind/${entry}`))) continue;
    const indexed = JSON.parse(await readFile(file, 'utf8')) as { languages: Record<string, { page_count: number }> };
    pages += Object.values(indexed.languages).reduce((sum, language) => sum + language.page_count, 0);
  }
  return pages;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const rows: string[][] = [];

const browser = await launchBrowser();

/**
 * A first and a second query in one page, then (in a fresh page, nothing cached) a first query
 * with a typo, which fetches the vocabulary too.
 */
async function measure(site: string, dir: string, startPath: string, pages: number, run: (page: Page, query: string) => Promise<number>, method: string, typo?: string) {
  const server = await countingServer(dir);
  const queries: [label: string, query: string, fresh: boolean][] = [['first', 'Reisepass', true], ['second', 'Strom', false]];
  if (typo) queries.push(['first, typo', typo, true]);
  let context = await browser.newContext();
  let page = await context.newPage();
  try {
    for (const [label, query, fresh] of queries) {
      if (fresh && label !== 'first') {
        await context.close();
        context = await browser.newContext();
        page = await context.newPage();
      }
      if (fresh) {
        await page.goto(`${server.url}${startPath}`);
        await page.waitForLoadState('networkidle');
      }
      server.reset();
      const ms = await run(page, query);
      await page.waitForLoadState('networkidle');
      const traffic = await server.read();
      rows.push([site, String(pages), method, `${label}: ${query}`, kb(traffic.bytes), kb(traffic.gzipBytes), String(traffic.requests), `${Math.round(ms)} ms`]);
      if (values.log) console.log([`${site} ${pages}, ${label} query "${query}": ${traffic.requests} requests`, ...traffic.files.map((file) => `  ${kb(file.gzipBytes).padStart(9)}  ${file.pathname}`)].join('\n'));
      if (label.startsWith('first')) firstQueries.push({ site: `${site} ${pages}`, method, query: label, bytes: traffic.gzipBytes, kinds: traffic.kinds });
    }
  } finally {
    await context.close();
    await server.close();
  }
}

const firstQueries: { site: string; method: string; query: string; bytes: number; kinds: Record<string, number> }[] = [];
try {
  if (!(await resolveFile(distDir, '/pagefind/pagefind.js'))) throw new Error(`${distDir} has no Pagefind index: run "npm run build" first.`);
  const embeddedPages = await indexedPages(distDir);
  await recordVocabulary('embedded', distDir, embeddedPages);
  await measure('embedded', distDir, '/suche/', embeddedPages, uiQuery, 'search page', 'Rsiepass');
  await measure('embedded', distDir, '/suche/', embeddedPages, apiQuery, 'JS API');

  for (const count of pageCounts) {
    const started = performance.now();
    const synthetic = await syntheticSite(count);
    console.log(`Synthetic site: ${count} pages generated and indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    try {
      await recordVocabulary('synthetic', synthetic, count);
      await measure('synthetic', synthetic, '/suche/', count, uiQuery, 'search page', 'Rsiepass');
    } finally {
      await rm(synthetic, { recursive: true, force: true });
    }
  }

  for (const docs of docCounts) {
    const started = performance.now();
    const built = await datasetSite(docs);
    console.log(`Dataset site: ${docs} documents built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    try {
      const pages = await indexedPages(built.dir);
      await recordVocabulary(`${docs} docs`, built.dir, pages);
      await measure(`${docs} docs`, built.dir, '/suche/', pages, uiQuery, 'search page', 'Rsiepass');
    } finally {
      await built.cleanup();
    }
  }
} finally {
  await browser.close();
}

const table = (header: string[], body: string[][]) => {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return ['', line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), ''].join('\n');
};
console.log(table(['site', 'pages', 'method', 'query', 'bytes (server)', 'bytes (gzip text)', 'requests', 'time to results'], rows));
console.log(table(['site', 'indexed pages', 'language', 'vocabulary words', 'bytes', 'gzip -9'], vocabularies.map((v) => [v.site, String(v.pages), v.lang, String(v.words), kb(v.bytes), kb(v.gzipBytes)])));
for (const { site, method, query, bytes, kinds } of firstQueries) {
  const breakdown = Object.entries(kinds).sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${kind} ${kb(n)}`).join(', ');
  console.log(`${bytes <= TARGET_BYTES ? 'OK  ' : 'OVER'} ${query} query, ${site} (${method}): ${kb(bytes)} (target ≤ ${kb(TARGET_BYTES)}): ${breakdown}`);
}
for (const v of vocabularies) {
  const target = v.site === 'embedded' ? SEARCH_VOCABULARY_MAX_GZIP_BYTES : VOCABULARY_MAX_GZIP_BYTES;
  console.log(`${v.gzipBytes <= target ? 'OK  ' : 'OVER'} vocabulary ${v.lang}, ${v.site} (${v.pages} pages): ${kb(v.gzipBytes)} gzip, ${v.words} words (target ≤ ${kb(target)})`);
}
