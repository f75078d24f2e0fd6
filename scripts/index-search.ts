// The search index of a site built with `scripts/build.ts --search later`:
//
//   node scripts/index-search.ts --site <dir> [--order <file>] [--pages <dir>]
//
// writes <dir>/pagefind/ and the vocabulary files. With --pages, the pages are read from that
// directory instead (the publish server's catch-up reads the live release while the next one is
// being linked together). Pages are handed to Pagefind in the order
// <file> lists (default <dir>.pages.json, written by that build: Astro's order), then any the list
// does not name, so the index has the same bytes as one written during the build. With a build
// cache (KSP_BUILD_CACHE, as the publish server's catch-up has: server/search-catch-up.ts), an
// archive equal to the last index's is taken over instead of indexed again
// (src/build/search-archive-cache.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SearchIndexer } from '../src/build/index-search.ts';

const { values } = parseArgs({ options: { site: { type: 'string' }, order: { type: 'string' }, pages: { type: 'string' } } });
if (!values.site) {
  console.error('Name the built site: node scripts/index-search.ts --site <dir>');
  process.exit(1);
}
const site = path.resolve(values.site);
const orderFile = values.order ?? `${site}.pages.json`;
let order: string[] = [];
try {
  order = JSON.parse(await readFile(orderFile, 'utf8')) as string[];
} catch {
  console.warn(`No page order in ${orderFile}: the pages are indexed in file order (the index works the same; its bytes differ from one written during the build).`);
}
const started = performance.now();
// The site is finished: a page the order names but the site no longer has (the English 404, which
// its integration moves to en/404.html) is skipped at once, not waited for as during a build.
const pagesDir = values.pages ? path.resolve(values.pages) : site;
const indexer = new SearchIndexer(pagesDir, { writeWaitMs: 0, outDir: site });
for (const page of order) indexer.addPage(page);
if (order.length > 0) indexer.buildOrder(order);
const pages = await indexer.finish();
const s = (ms: number) => (ms / 1000).toFixed(1);
const { backlog, rest, write, keep } = indexer.finishMs;
console.log(`Indexed ${pages} pages of ${site} in ${s(performance.now() - started)} s (adding ${s(backlog + rest)} s, writing ${s(write)} s, keeping the archive ${s(keep)} s)`);
