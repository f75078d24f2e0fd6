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

/** Indexed pages (data-pagefind-body) that lack the SearchMeta component, as URL paths. */
export async function pagesWithoutSearchMeta(siteDir: string): Promise<string[]> {
  const missing: string[] = [];
  for (const file of await htmlFiles(siteDir)) {
    if (file.startsWith(path.join(siteDir, 'pagefind'))) continue;
    const html = await readFile(file, 'utf8');
    if (html.includes('data-pagefind-body') && !html.includes('data-search-meta')) {
      missing.push(`/${path.relative(siteDir, file).replace(/index\.html$/, '')}`);
    }
  }
  return missing.sort();
}

/** Indexes `siteDir` and writes the index to `siteDir/pagefind`. Returns the page count. */
export async function indexSite(siteDir: string, { checkSearchMeta = true }: IndexOptions = {}): Promise<number> {
  if (checkSearchMeta) {
    const missing = await pagesWithoutSearchMeta(siteDir);
    if (missing.length > 0) {
      console.warn(
        `Search: ${missing.length} indexed page(s) have no <SearchMeta> (results show no type and cannot be filtered): ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''}. Add src/components/SearchMeta.astro to their template.`,
      );
    }
  }
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    const added = await index.addDirectory({ path: siteDir });
    if (added.errors.length > 0) throw new Error(`Pagefind could not index ${siteDir}: ${added.errors.join('; ')}`);
    if (added.page_count === 0) console.warn(`Search: Pagefind found no pages to index in ${siteDir}; is data-pagefind-body set on the content pages?`);
    const written = await index.writeFiles({ outputPath: `${siteDir}/pagefind` });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
    return added.page_count;
  } finally {
    await index.deleteIndex();
    await pagefind.close();
  }
}
