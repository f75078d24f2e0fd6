// The public site's build: `astro build` into the output directory and the Pagefind index of its
// HTML (scripts/build.ts runs it). Pagefind reads each page as soon as Astro reports it written
// (its build log line "├─ /path/index.html (+2ms)"), so indexing runs on the second core while
// Astro renders on the first; what is left (pages the log did not name, and writing the index)
// runs after Astro. The content source is chosen by the environment (src/lib/build-config.ts).
import { spawn } from 'node:child_process';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { setPriority } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { buildIdFromEnv } from '../../core/publish/build-manifest.ts';
import { readBuildConfig } from '../lib/build-config.ts';
import { buildInputs, openCache, sealCache, type CacheState } from './incremental.ts';
import { SearchIndexer, writtenPage } from './index-search.ts';
import { stampManifest } from './stamp-manifest.ts';

export interface SiteBuildOptions {
  root: string;
  outDir: string;
  /** The environment of `astro build` (the build's own settings come from it). */
  env: NodeJS.ProcessEnv;
  /**
   * false: no search index; the caller indexes the finished site later (scripts/index-search.ts).
   * The publish server does so to put changed pages live before the index of a large site is done.
   */
  search?: boolean;
}

export type SiteBuildResult =
  | { ok: true; pages: number; astroMs: number; indexMs: number; totalMs: number; indexer: SearchIndexer; cache: CacheState | undefined; written: string[] }
  | { ok: false; exit: number | null; signal: NodeJS.Signals | null };

export async function buildSite({ root, outDir, env, search = true }: SiteBuildOptions): Promise<SiteBuildResult> {
  // Astro writes its prerender chunks into <outDir>/.prerender, but for an outDir outside the
  // project it falls back to the shared <project>/.astro/, where two builds running at once (tests,
  // the publish server, a benchmark) delete each other's chunks. Such builds are staged inside the
  // project and copied out when complete.
  const inside = outDir.startsWith(root + path.sep);
  const buildDir = inside ? outDir : path.join(root, '.cache', 'builds', `${process.pid}-${Date.now()}`);
  if (!inside) await mkdir(path.dirname(buildDir), { recursive: true });

  const startedAt = new Date();
  const started = performance.now();
  // Incremental (KSP_BUILD_CACHE): the cache is kept only for the same code and settings, and only
  // when whole (./incremental.ts); otherwise it is emptied and this build renders every page.
  const cacheDir = readBuildConfig(env).buildCacheDir;
  const inputs = cacheDir ? await buildInputs(root, env) : undefined;
  const cache = cacheDir && inputs ? await openCache(cacheDir, inputs) : undefined;
  if (cache) console.log(cache.warm ? `Incremental build: unchanged pages come from ${cacheDir}` : `Full build: ${cache.reason} (${cacheDir})`);
  const astroBin = path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const indexer = new SearchIndexer(buildDir);
  // The build id is chosen here, where the build starts (the manifest page renders later).
  const buildId = buildIdFromEnv(env, startedAt);
  const astro = spawn(process.execPath, [astroBin, 'build', '--outDir', buildDir], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'], env: { ...env, KSP_BUILD_ID: buildId } });
  // Astro renders on one core and waits for its file writes; Pagefind uses what is left. This
  // process, and the Pagefind processes it starts from now on, yield to Astro when both want a core.
  try {
    setPriority(10);
  } catch (error) {
    console.warn(`Could not lower the indexer's CPU priority (${(error as Error).message}); the build goes on at normal priority.`);
  }
  // Astro's log goes on to the terminal as before; the pages it names go to the indexer.
  const lines = createInterface({ input: astro.stdout, crlfDelay: Infinity });
  // The order Astro wrote the pages in is the order Pagefind gets them, now or later: the index
  // then has the same bytes either way.
  const written: string[] = [];
  const logged = (async () => {
    for await (const line of lines) {
      process.stdout.write(`${line}\n`);
      const page = writtenPage(line);
      if (page) written.push(page);
      if (page && search) indexer.addPage(page);
    }
  })();
  const [exit, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => astro.on('close', (code, sig) => resolve([code, sig])));
  await logged;
  if (exit !== 0) {
    await indexer.abort();
    if (!inside) await rm(buildDir, { recursive: true, force: true });
    return { ok: false, exit, signal };
  }
  const astroMs = performance.now() - started;
  if (cacheDir && inputs) await sealCache(cacheDir, inputs);

  const indexStarted = performance.now();
  let pages: number;
  try {
    pages = search ? await indexer.finish() : 0;
    await stampManifest(buildDir, startedAt, new Date());
    if (!inside) {
      await rm(outDir, { recursive: true, force: true });
      // On the same file system the finished build is moved, not copied (17,000 files on a large site).
      await rename(buildDir, outDir).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EXDEV') throw error;
        await cp(buildDir, outDir, { recursive: true });
      });
    }
  } finally {
    if (!inside) await rm(buildDir, { recursive: true, force: true });
  }
  return { ok: true, pages, astroMs, indexMs: performance.now() - indexStarted, totalMs: performance.now() - started, indexer, cache, written };
}
