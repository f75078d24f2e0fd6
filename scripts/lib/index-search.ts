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

interface SitePage {
  /** Path relative to the site directory, e.g. `dienstleistungen/x/index.html`. */
  sourcePath: string;
  html: string;
}

async function readPages(siteDir: string): Promise<SitePage[]> {
  const files = (await htmlFiles(siteDir)).filter((file) => !file.startsWith(path.join(siteDir, 'pagefind')));
  return Promise.all(files.map(async (file) => ({ sourcePath: path.relative(siteDir, file), html: await readFile(file, 'utf8') })));
}

function missingSearchMeta(pages: SitePage[]): string[] {
  return pages
    .filter(({ html }) => html.includes('data-pagefind-body') && !html.includes('data-search-meta'))
    .map(({ sourcePath }) => `/${sourcePath.replace(/index\.html$/, '')}`)
    .sort();
}

/** Indexed pages (data-pagefind-body) that lack the SearchMeta component, as URL paths. */
export async function pagesWithoutSearchMeta(siteDir: string): Promise<string[]> {
  return missingSearchMeta(await readPages(siteDir));
}

/**
 * Pagefind treats <dt> and <dd> as inline, so "Gebühren" + "Kostenlos" became "GebührenKostenlos"
 * in the index and in excerpts (https://github.com/Pagefind/pagefind/issues/736). Until that is
 * fixed upstream, the indexed copy gets a separator after each term and description; the pages
 * themselves stay unchanged.
 */
export function separateDefinitionLists(html: string): string {
  return html.replace(/(?<![:.!?])<\/dt>/g, ': </dt>').replace(/<\/dd>/g, ' </dd>');
}

/** Indexes `siteDir` and writes the index to `siteDir/pagefind`. Returns the page count. */
export async function indexSite(siteDir: string, { checkSearchMeta = true }: IndexOptions = {}): Promise<number> {
  const pages = await readPages(siteDir);
  if (checkSearchMeta) {
    const missing = missingSearchMeta(pages);
    if (missing.length > 0) {
      console.warn(
        `Search: ${missing.length} indexed page(s) have no <SearchMeta> (results show no type and cannot be filtered): ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''}. Add src/components/SearchMeta.astro to their template.`,
      );
    }
  }
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    // Only content pages carry data-pagefind-body; Pagefind would skip the others anyway, but when
    // files are added one by one it cannot know that before it has seen one that does.
    const indexed = pages.filter(({ html }) => html.includes('data-pagefind-body'));
    for (const page of indexed) {
      const added = await index.addHTMLFile({ sourcePath: page.sourcePath, content: separateDefinitionLists(page.html) });
      if (added.errors.length > 0) throw new Error(`Pagefind could not index ${page.sourcePath}: ${added.errors.join('; ')}`);
    }
    const pageCount = indexed.length;
    if (pageCount === 0) console.warn(`Search: Pagefind found no pages to index in ${siteDir}; is data-pagefind-body set on the content pages?`);
    const written = await index.writeFiles({ outputPath: `${siteDir}/pagefind` });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
    return pageCount;
  } finally {
    await index.deleteIndex();
    await pagefind.close();
  }
}
