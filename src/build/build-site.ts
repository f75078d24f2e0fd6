// The public site's build: `astro build` into the output directory and the Pagefind index of its
// HTML (scripts/build.ts runs it). Pagefind reads each page as soon as Astro reports it written
// (its build log line "├─ /path/index.html (+2ms)"), so indexing runs on the second core while
// Astro renders on the first; what is left (pages the log did not name, and writing the index)
// runs after Astro. The log only lets indexing start early: the order Pagefind gets the pages in
// (and so the index's bytes) is the build's own page list (src/integrations/page-order.ts). The
// content source is chosen by the environment (src/lib/build-config.ts).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { setPriority } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { buildIdFromEnv } from '../../core/publish/build-manifest.ts';
import { loadNetlifyRules } from '../../core/publish/netlify-config.ts';
import { ContentContractError } from '../../core/content/errors.ts';
import { readBuildConfig } from '../lib/build-config.ts';
import { loadLinkDocuments } from '../lib/content/link-documents.ts';
import { reportAndRethrow } from '../lib/content/problem-report.ts';
import { getSource } from '../lib/sanity/source.ts';
import { checkAndListLinks } from './check-links.ts';
import { buildRenderer, fastPaths, readState, recordAstroBuild, rendererReady, saveHrefCache, updateState, type FastResult } from './fast-publish.ts';
import { buildInputs, cacheStamped, openCache, sealCache, type CacheState } from './incremental.ts';
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
  | { ok: true; /** The fast path ran (./fast-publish.ts), not astro build. */ fast: boolean; pages: number; astroMs: number; indexMs: number; linksMs: number; totalMs: number; indexer: SearchIndexer; cache: CacheState | undefined; written: string[] }
  | { ok: false; exit: number | null; signal: NodeJS.Signals | null; reason?: string };

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
  const { buildCacheDir: cacheDir, fastPublish: fastAllowed } = readBuildConfig(env);
  // Where a build with the cache spends its time besides rendering (printed at the end).
  const steps: Record<string, number> = {};
  let stepStart = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    steps[name] = Math.round(now - stepStart);
    stepStart = now;
  };
  const inputs = cacheDir ? await buildInputs(root, env) : undefined;
  step('codeDigest');
  // The build id is chosen here, where the build starts (the manifest page renders later).
  const buildId = buildIdFromEnv(env, startedAt);
  const childEnv = { ...env, KSP_BUILD_ID: buildId };
  // The fast path (./fast-publish.ts): with a warm cache, only changed pages are rendered, without
  // `astro build`. Anything it cannot do ends it, and the build below runs instead.
  // It does not use Astro's part of the cache, so that part's integrity check and seal (seconds
  // on a large site) run only when astro build runs: a fallback checks it before trusting it.
  let fast: FastResult | undefined;
  let cache: CacheState | undefined;
  if (cacheDir && inputs && fastAllowed) {
    const stamped = await cacheStamped(cacheDir, inputs);
    const tried = stamped.warm ? await tryFastPublish(root, cacheDir, inputs, buildDir, childEnv) : undefined;
    if (tried?.ok) {
      fast = tried.result;
      cache = stamped;
    } else if (tried) {
      console.log(`Fast publish not possible (${tried.reason}); astro build follows`);
      step('fastAttempt');
    }
  }
  if (cacheDir && inputs && !fast) {
    cache = await openCache(cacheDir, inputs);
    step('cacheCheck');
    console.log(cache.warm ? `Incremental build: unchanged pages come from ${cacheDir}` : `Full build: ${cache.reason} (${cacheDir})`);
  }
  const written: string[] = [];
  // A fast publish hands over a finished site: a page it names is there or not, never on its way.
  const indexer = new SearchIndexer(buildDir, fast ? { writeWaitMs: 0 } : {});
  if (fast) {
    console.log(`Fast publish: ${fast.rendered} pages rendered, ${fast.linked} files taken from the previous build (${Object.entries(fast.timings).map(([step, ms]) => `${step} ${ms} ms`).join(', ')}); slowest: ${fast.slowest.map(([file, ms]) => `${file} ${ms} ms`).join(', ')}`);
    written.push(...fast.written);
    if (search) {
      for (const page of written) indexer.addPage(page);
      indexer.buildOrder(written);
    }
  } else {
    const built = await astroBuild(root, buildDir, childEnv, search ? indexer : undefined, written);
    if (built.exit !== 0) {
      await indexer.abort();
      if (!inside) await rm(buildDir, { recursive: true, force: true });
      return { ok: false, exit: built.exit, signal: built.signal };
    }
  }
  const astroMs = performance.now() - started;
  step(fast ? 'fastPublish' : 'astroBuild');
  // A fast publish leaves Astro's cache, and its stamp, as the last astro build wrote them: true to
  // Astro's own keys, which a later astro build compares with the keys of that time.
  if (cacheDir && inputs && !fast) {
    await sealCache(cacheDir, inputs);
    step('cacheSeal');
  }

  const indexStarted = performance.now();
  let pages: number;
  let linksMs: number;
  try {
    pages = search ? await indexer.finish() : 0;
    // Every link of the release: internal ones must lead to a page of it (or the build fails,
    // naming document and field); external ones are listed for the publish server's check. A
    // fast publish has checked its release already, on the content it rendered.
    const linksStarted = performance.now();
    if (fast && !fast.links.ok) return { ok: false, exit: 1, signal: null, reason: fast.links.reason };
    if (!fast) {
      try {
        const checked = await checkAndListLinks({
          siteDir: buildDir,
          siteOrigin: new URL(readBuildConfig(env).siteUrl).origin,
          documents: await loadLinkDocuments(getSource()),
          redirects: loadNetlifyRules(path.join(root, 'netlify.toml')).redirects,
        });
        // The next fast publish reads again only the pages that are not the same files as these.
        if (cacheDir && fastAllowed) await saveHrefCache(cacheDir, checked.hrefCache);
      } catch (error) {
        if (error instanceof ContentContractError) {
          try {
            reportAndRethrow(error);
          } catch {
            // reported; the build fails below with the English message
          }
        }
        return { ok: false, exit: 1, signal: null, reason: (error as Error).message };
      }
    }
    linksMs = performance.now() - linksStarted;
    step('searchAndLinks');
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
  step('move');
  if (cacheDir && inputs && fastAllowed) {
    await prepareNextPublish(root, cacheDir, inputs, outDir, env, fast);
    step('nextPublishState');
  }
  if (cacheDir) console.log(`Build steps: ${Object.entries(steps).map(([name, ms]) => `${name} ${ms} ms`).join(', ')}`);
  return { ok: true, fast: fast !== undefined, pages, astroMs, indexMs: performance.now() - indexStarted - linksMs, linksMs, totalMs: performance.now() - started, indexer, cache, written };
}

/**
 * The HTML files of the pages Astro lists (pathnames as astro:build:done gets them: "presse/",
 * "" for the home page), in its order: "<path>/index.html", or "<path>.html" where a page is
 * written, or moved by an integration, there (404.html, en/404.html). Pathnames with no such
 * file go to `missing`.
 */
export function pageFiles(siteDir: string, pathnames: readonly string[], missing: string[] = []): string[] {
  return pathnames.flatMap((pathname) => {
    const file = pageFileNames(pathname).find((candidate) => existsSync(path.join(siteDir, candidate)));
    if (!file) missing.push(pathname);
    return file ? [file] : [];
  });
}

/** Where the page at `pathname` may be written: see `pageFiles`. */
function pageFileNames(pathname: string): string[] {
  const dir = pathname.replace(/^\/+/, '');
  return [`${dir}${dir === '' || dir.endsWith('/') ? '' : '/'}index.html`, ...(dir === '' ? [] : [`${dir.replace(/\/$/, '')}.html`])];
}

/**
 * `astro build` into `buildDir`. The pages it reports written in its log go to the indexer while
 * it runs; when it is done, `written` and the indexer get its own list of pages, in the order it
 * wrote them (src/integrations/page-order.ts), which the log may have lost the end of.
 */
async function astroBuild(root: string, buildDir: string, env: NodeJS.ProcessEnv, indexer: SearchIndexer | undefined, written: string[]): Promise<{ exit: number | null; signal: NodeJS.Signals | null }> {
  const astroBin = path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const orderFile = path.join(root, '.cache', 'builds', `${path.basename(buildDir)}-${process.pid}-${Date.now()}.page-order.json`);
  await mkdir(path.dirname(orderFile), { recursive: true });
  const astro = spawn(process.execPath, [astroBin, 'build', '--outDir', buildDir], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'], env: { ...env, KSP_PAGE_ORDER_FILE: orderFile } });
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
  const logged = (async () => {
    for await (const line of lines) {
      process.stdout.write(`${line}\n`);
      const page = writtenPage(line);
      if (page) written.push(page);
      if (page && indexer) indexer.addPage(page);
    }
  })();
  const [exit, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => astro.on('close', (code, sig) => resolve([code, sig])));
  try {
    await logged;
    if (exit !== 0) return { exit, signal };
    let pathnames: string[];
    try {
      pathnames = JSON.parse(await readFile(orderFile, 'utf8')) as string[];
    } catch (error) {
      throw new Error(`astro build wrote no list of its pages to ${orderFile} (${(error as Error).message}): the integration ksp-page-order (src/integrations/page-order.ts) must stay in src/integrations/site.ts.`, { cause: error });
    }
    const missing: string[] = [];
    const files = pageFiles(buildDir, pathnames, missing);
    if (missing.length > 0) {
      console.warn(`astro build listed ${missing.length} page(s) it wrote no HTML file for (${missing.slice(0, 5).join(', ')}); pageFiles in src/build/build-site.ts must learn where such pages go, or the search index takes them (if any) by name after the others.`);
    }
    const named = new Set(written);
    const unnamed = pathnames.filter((pathname) => !pageFileNames(pathname).some((file) => named.has(file))).length;
    if (unnamed > 0) console.log(`Astro's log did not name ${unnamed} of its ${files.length} pages (its last lines are lost when the machine is busy); they are taken from the build's own page list.`);
    written.splice(0, written.length, ...files);
    indexer?.buildOrder(files);
    return { exit, signal };
  } finally {
    await rm(orderFile, { force: true });
  }
}

type FastAttempt = { ok: true; result: FastResult } | { ok: false; reason: string };

/** One fast publish in a child process with the build's environment (scripts/fast-publish.ts). */
async function tryFastPublish(root: string, cacheDir: string, inputs: string, buildDir: string, env: NodeJS.ProcessEnv): Promise<FastAttempt> {
  const ready = await readState(cacheDir, inputs);
  if (!ready.ok) return ready;
  await rm(buildDir, { recursive: true, force: true });
  const resultFile = `${buildDir}.fast.json`;
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'fast-publish.ts'), '--out', buildDir, '--result', resultFile, `--inputs=${inputs}`], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'], env });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    errors = (errors + chunk.toString()).slice(-4000);
  });
  const exit = await new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    if (exit !== 0) {
      // Nothing of a fast publish that failed may reach the site.
      await rm(buildDir, { recursive: true, force: true });
      const lines = errors.trim().split('\n');
      const message = lines.find((line) => /Error\b/.test(line)) ?? lines.at(-1) ?? '';
      return { ok: false, reason: `it stopped (exit ${exit}): ${message.trim()}` };
    }
    return { ok: true, result: JSON.parse(await readFile(resultFile, 'utf8')) as FastResult };
  } finally {
    await rm(resultFile, { force: true });
  }
}

/**
 * After a complete build: its snapshot and keys become the start of the next fast publish, and
 * the renderer is compiled if this code has none yet. A failure here costs the next publish its
 * fast path, never this build.
 */
async function prepareNextPublish(root: string, cacheDir: string, inputs: string, siteDir: string, env: NodeJS.ProcessEnv, fast: FastResult | undefined): Promise<void> {
  try {
    const started = performance.now();
    if (fast) await updateState(cacheDir, siteDir, fast);
    else await recordAstroBuild(root, cacheDir, inputs, siteDir);
    if (!(await rendererReady(cacheDir, inputs))) {
      const compiled = await buildRenderer(root, cacheDir, inputs, env, siteDir);
      if (!compiled.ok) console.warn(`The next publish cannot take the fast path: ${compiled.reason}`);
      else console.log(`Compiled the renderer of fast publishes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } catch (error) {
    await rm(fastPaths(cacheDir).state, { force: true });
    console.warn(`The next publish cannot take the fast path: ${(error as Error).message}`);
  }
}
