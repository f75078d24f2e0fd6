// Builds the Pagefind index for a finished site directory through Pagefind's Node API.
// Pagefind detects the language of each page from <html lang>, so German and English pages get
// separate indexes automatically.
import * as pagefind from 'pagefind';

/** Indexes `siteDir` and writes the index to `siteDir/pagefind`. Returns the page count. */
export async function indexSite(siteDir: string): Promise<number> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    const added = await index.addDirectory({ path: siteDir });
    if (added.errors.length > 0) throw new Error(`Pagefind could not index ${siteDir}: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: `${siteDir}/pagefind` });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
    return added.page_count;
  } finally {
    await index.deleteIndex();
    await pagefind.close();
  }
}
