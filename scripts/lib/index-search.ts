// Builds the Pagefind index for a finished site directory through Pagefind's Node API.
// Pagefind detects the language of each page from <html lang>, so German and English pages get
// separate indexes automatically. Only pages that mark their main content with
// data-pagefind-body are indexed; their type, summary and search words come from
// src/components/SearchMeta.astro as metadata and filters (see src/lib/search-terms.ts).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';

export interface IndexOptions {
  /** Warn about indexed pages without <SearchMeta> (no type filter, no search words). */
  checkSearchMeta?: boolean;
}

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.html')).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Site pages outside Pagefind's own output, as paths relative to the site directory. */
async function sitePages(siteDir: string): Promise<string[]> {
  return (await htmlFiles(siteDir)).filter((file) => !file.startsWith(path.join(siteDir, 'pagefind'))).map((file) => path.relative(siteDir, file));
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

/** Files read and handed to Pagefind at a time: enough to keep it busy, few enough to keep the
 * HTML of a 10,000-page site out of memory. */
const BATCH = 16;

/** Indexes `siteDir` and writes the index to `siteDir/pagefind`. Returns the page count. */
export async function indexSite(siteDir: string, { checkSearchMeta = true }: IndexOptions = {}): Promise<number> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    const missing: string[] = [];
    let pageCount = 0;
    const files = await sitePages(siteDir);
    for (let start = 0; start < files.length; start += BATCH) {
      await Promise.all(
        files.slice(start, start + BATCH).map(async (sourcePath) => {
          const html = await readFile(path.join(siteDir, sourcePath), 'utf8');
          // Only content pages carry data-pagefind-body. Pagefind skips the others when it scans a
          // directory, but when files are added one by one it cannot know that in advance.
          if (!isIndexed(html)) return;
          if (!hasSearchMeta(html)) missing.push(urlPathOf(sourcePath));
          const added = await index.addHTMLFile({ sourcePath, content: separateDefinitionLists(html) });
          if (added.errors.length > 0) throw new Error(`Pagefind could not index ${sourcePath}: ${added.errors.join('; ')}`);
          pageCount += 1;
        }),
      );
    }
    if (checkSearchMeta && missing.length > 0) {
      missing.sort();
      console.warn(
        `Search: ${missing.length} indexed page(s) have no <SearchMeta> (results show no type and cannot be filtered): ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''}. Add src/components/SearchMeta.astro to their template.`,
      );
    }
    if (pageCount === 0) console.warn(`Search: Pagefind found no pages to index in ${siteDir}; is data-pagefind-body set on the content pages?`);
    const written = await index.writeFiles({ outputPath: `${siteDir}/pagefind` });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
    return pageCount;
  } finally {
    await index.deleteIndex();
    await pagefind.close();
  }
}
