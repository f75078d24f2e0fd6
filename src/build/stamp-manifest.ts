// The build manifest (src/pages/build-manifest.json.ts) after the pages: the sitemap's pages with
// their lastmod once Astro has rendered them all, and, as the last step of a build, the start of
// the whole build and its end, now that pages and search index are complete.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BUILD_MANIFEST_PATH, finishManifest, parseManifest, withPages } from '../../core/publish/build-manifest.ts';
import { writeFileAtomic } from '../../core/write-atomic.ts';

export async function stampManifest(siteDir: string, startedAt: Date, finishedAt: Date): Promise<void> {
  const file = path.join(siteDir, BUILD_MANIFEST_PATH);
  let manifest;
  try {
    manifest = parseManifest(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    throw new Error(`The build wrote no readable ${BUILD_MANIFEST_PATH} (${(error as Error).message}); src/pages/build-manifest.json.ts must stay in the site.`, { cause: error });
  }
  if (!manifest) throw new Error(`${BUILD_MANIFEST_PATH} of this build is not a build manifest of version 1; see core/publish/build-manifest.ts.`);
  await writeFileAtomic(file, JSON.stringify(finishManifest(manifest, startedAt, finishedAt)));
}

/**
 * Adds every sitemap page with its `lastmod` to the build manifest (src/integrations/sitemap.ts,
 * when Astro has rendered every page): what a later release is compared with (IndexNow).
 */
export async function recordPages(siteDir: string, site: string, pages: ReadonlyMap<string, string | null>): Promise<void> {
  const file = path.join(siteDir, BUILD_MANIFEST_PATH);
  const manifest = parseManifest(JSON.parse(await readFile(file, 'utf8')));
  if (!manifest) throw new Error(`${BUILD_MANIFEST_PATH} of this build is not a build manifest of version 1; see core/publish/build-manifest.ts.`);
  await writeFileAtomic(file, JSON.stringify(withPages(manifest, site, pages)));
}
