// Search benchmark (a script, not a timed test): bytes transferred and time until results for
// a first and a second query, on the embedded site (dist/) and on a synthetic 1,000-page site.
//
//   npm run bench:search [-- --dist <dir>] [-- --pages <n>]
//
// Bytes are counted at the server (every response, including the ones Pagefind's web worker
// makes); "gzip" estimates the transfer from a CDN that compresses text (Pagefind's own index,
// fragment and WASM files are already compressed and count as they are). Target: the first
// query on the embedded site transfers at most 150 KB.
import type { Page } from 'playwright-core';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createStaticHandler, resolveFile } from './lib/static-server.ts';
import { indexSite } from './lib/index-search.ts';
import { searchOptions } from '../src/lib/search-query.ts';
import { launchBrowser } from '../tests/helpers/browser.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { dist: { type: 'string', default: 'dist' }, pages: { type: 'string', default: '1000' } } });
const distDir = path.resolve(root, values.dist);
const TARGET_BYTES = 150 * 1024;

interface Traffic {
  bytes: number;
  gzipBytes: number;
  requests: number;
}

/** A static server that counts what it sends. */
async function countingServer(dir: string) {
  const handler = createStaticHandler({ getRoot: () => dir });
  let traffic: Traffic = { bytes: 0, gzipBytes: 0, requests: 0 };
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
      } else {
        traffic.gzipBytes += length;
      }
    });
    void handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reset: () => (traffic = { bytes: 0, gzipBytes: 0, requests: 0 }),
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
  return dir;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const rows: string[][] = [];

const browser = await launchBrowser();

async function measure(site: string, dir: string, startPath: string, pages: number, run: (page: Page, query: string) => Promise<number>, method: string) {
  const server = await countingServer(dir);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}${startPath}`);
  await page.waitForLoadState('networkidle');
  for (const [label, query] of [['first', 'Reisepass'], ['second', 'Strom']] as const) {
    server.reset();
    const ms = await run(page, query);
    await page.waitForLoadState('networkidle');
    const traffic = await server.read();
    rows.push([site, String(pages), method, `${label}: ${query}`, kb(traffic.bytes), kb(traffic.gzipBytes), String(traffic.requests), `${Math.round(ms)} ms`]);
    if (label === 'first') firstQueries.push({ site, method, bytes: traffic.gzipBytes });
  }
  await context.close();
  await server.close();
}

const firstQueries: { site: string; method: string; bytes: number }[] = [];
try {
  if (!(await resolveFile(distDir, '/pagefind/pagefind.js'))) throw new Error(`${distDir} has no Pagefind index: run "npm run build" first.`);
  const indexed = (await readFile(path.join(distDir, 'pagefind', 'pagefind-entry.json'), 'utf8').then(JSON.parse)) as { languages: Record<string, { page_count: number }> };
  const embeddedPages = Object.values(indexed.languages).reduce((sum, language) => sum + language.page_count, 0);
  await measure('embedded', distDir, '/suche/', embeddedPages, uiQuery, 'search page');
  await measure('embedded', distDir, '/suche/', embeddedPages, apiQuery, 'JS API');

  const count = Number(values.pages);
  const started = performance.now();
  const synthetic = await syntheticSite(count);
  console.log(`Synthetic site: ${count} pages generated and indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  try {
    await measure('synthetic', synthetic, '/', count, apiQuery, 'JS API');
  } finally {
    await rm(synthetic, { recursive: true, force: true });
  }
} finally {
  await browser.close();
}

const header = ['site', 'pages', 'method', 'query', 'bytes (server)', 'bytes (gzip text)', 'requests', 'time to results'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
console.log(['', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ''].join('\n'));
for (const { site, method, bytes } of firstQueries) {
  console.log(`${bytes <= TARGET_BYTES ? 'OK  ' : 'OVER'} first query, ${site} (${method}): ${kb(bytes)} (target ≤ ${kb(TARGET_BYTES)})`);
}
