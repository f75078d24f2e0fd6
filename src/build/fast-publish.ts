// Fast publishes: a publish that renders only the pages whose content changed, without running
// `astro build`. Astro's own incremental build still starts Astro, bundles every module, calls
// every getStaticPaths and copies every cached page (about 19 s of fixed cost on a site of 10,000
// documents); this does the same work the way a publish needs it:
//
// 1. The published-content renderer (astro.publish.config.mjs): the site's pages compiled once per
//    code version (`buildInputs` of ./incremental.ts) for rendering on request. It renders the
//    same HTML with the same hashed assets as the static build.
// 2. In one short-lived process (scripts/fast-publish.ts) the content is loaded once, every page's
//    cache key is computed with the same `withCacheKeys` the static build uses (a list or feed
//    without getStaticPaths may export `pageKey`: src/lib/page-keys.ts staticPageKey), and only the
//    pages whose key changed (or that have none: start page, some lists, the build manifest) are
//    rendered through the renderer. Unchanged pages and the assets are hard links to the files of
//    the previous build (its snapshot in the cache), so each release stays complete and its own;
//    a worker thread (./link-snapshot-worker.ts) makes them while the keys are computed.
// 3. What depends on the whole page set runs as in a static build: the same integrations'
//    `astro:build:done` hooks (sitemap with lastmod, image originals, the English 404, the IndexNow
//    key), with the render records of the pages that were not rendered again; then the release's
//    link check (./check-links.ts) on the content the pages were rendered from.
//
// build-site.ts takes this path only with a warm, whole cache whose snapshot, keys and renderer
// belong to the same code; anything unexpected (a page that does not render, a file missing from
// the snapshot, a route kind this does not know) ends it, and the normal `astro build` runs. The
// property test (tests/build/incremental.test.ts) compares its output with a full build's.
import { spawn } from 'node:child_process';
import { mkdir, readFile, rename, rm, rmdir, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AstroIntegration } from 'astro';
import { listFiles } from '../../core/file-tree.ts';
import { writeFileAtomic } from '../../core/write-atomic.ts';
import { ContentContractError } from '../../core/content/errors.ts';
import { loadNetlifyRules } from '../../core/publish/netlify-config.ts';
import { checkAndListLinks, type HrefCache } from './check-links.ts';
import { linkFiles } from './hard-links.ts';
import type { LinkDocument } from '../lib/content/link-documents.ts';
import { reportAndRethrow } from '../lib/content/problem-report.ts';
import { finishedRecords, type PageRenderRecord } from '../lib/render-records.ts';
import { registerOriginal } from '../lib/images.ts';
import { normalisePath, recordPage } from '../lib/seo.ts';
import { PAGE_RECORDS_FILE, STATIC_KEYS_FILE } from '../integrations/incremental.ts';

/** Below the build cache: everything of the fast path (not part of the cache's own stamp). */
export const FAST_DIR = 'fast';
const STATE_VERSION = 1;

export interface FastPaths {
  dir: string;
  /** The state of the last build: keys, records, files (state.json). */
  state: string;
  /** Hard links to the files of the last build (no search index). */
  snapshot: string;
  /** The compiled renderer and its stamp. */
  renderer: string;
  rendererStamp: string;
  /** The links of every page of the last build (src/build/check-links.ts HrefCache). */
  links: string;
}

export function fastPaths(cacheDir: string): FastPaths {
  const dir = path.join(cacheDir, FAST_DIR);
  return { dir, state: path.join(dir, 'state.json'), snapshot: path.join(dir, 'site'), renderer: path.join(dir, 'renderer'), rendererStamp: path.join(dir, 'renderer.json'), links: path.join(dir, 'links.json') };
}

export interface KeyedPage {
  /** The file below the site, e.g. dienstleistungen/reisepass-abholen/index.html. */
  file: string;
  cacheKey: string;
}

/** What one build leaves for the next fast publish. */
export interface FastState {
  version: number;
  /** The code and settings the build ran with (./incremental.ts buildInputs). */
  inputs: string;
  /** Every page with a cache key, by pathname as Astro names it (/dienstleistungen/x). */
  pages: Record<string, KeyedPage>;
  /** Every page's render record (src/lib/render-records.ts), by normalised path. */
  records: Record<string, PageRenderRecord>;
  /** Size of every file of the snapshot that a fast publish may link, by path below the site. */
  sizes: Record<string, number>;
}

/** Files of the site that only a build writes and a fast publish writes again, never links. */
function regenerated(file: string): boolean {
  return file.startsWith('pagefind/') || file.startsWith('.ksp/');
}

async function filesBelow(dir: string): Promise<string[]> {
  try {
    return await listFiles(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The files of the public/ folder, which Astro copies into every build unchanged. */
export async function publicFiles(root: string): Promise<string[]> {
  return filesBelow(path.join(root, 'public'));
}

interface AstroIncrementalManifest {
  version: number;
  routes: Record<string, { paths: Record<string, { cacheKey: string; outputFile: string }> }>;
}

/**
 * After an `astro build` with the build cache: the keys Astro recorded (its
 * incremental-build.json), the page records (src/integrations/incremental.ts) and a snapshot of
 * the finished site (hard links, no search index) become the state of the next fast publish.
 */
export async function recordAstroBuild(root: string, cacheDir: string, inputs: string, siteDir: string): Promise<void> {
  const astro = JSON.parse(await readFile(path.join(cacheDir, 'incremental-build.json'), 'utf8')) as AstroIncrementalManifest;
  const records = JSON.parse(await readFile(path.join(cacheDir, PAGE_RECORDS_FILE), 'utf8')) as Record<string, PageRenderRecord>;
  const pages: Record<string, KeyedPage> = {};
  for (const route of Object.values(astro.routes)) {
    for (const [pathname, entry] of Object.entries(route.paths)) pages[pathname] = { file: entry.outputFile, cacheKey: entry.cacheKey };
  }
  // The lists and feeds noted their keys while they rendered; a missing file (a cache from before
  // keys were noted) only means they are rendered once more.
  const staticKeys = JSON.parse(await readFile(path.join(cacheDir, STATIC_KEYS_FILE), 'utf8').catch(() => '{}')) as Record<string, string>;
  for (const [normalised, cacheKey] of Object.entries(staticKeys)) {
    const pathname = normalised.replace(/(.)\/$/, '$1');
    // An endpoint's address names its file (rss.xml, kalender.ics); a page's is a directory.
    pages[pathname] ??= { file: outputFile(pathname, { type: /\.\w+$/.test(pathname) ? 'endpoint' : 'page' }), cacheKey };
  }
  await saveState(root, cacheDir, siteDir, { version: STATE_VERSION, inputs, pages, records, sizes: {} });
}

/** Writes the snapshot of `siteDir` and the state that describes it (the snapshot first). */
export async function saveState(root: string, cacheDir: string, siteDir: string, state: FastState): Promise<void> {
  const paths = fastPaths(cacheDir);
  await rm(paths.state, { force: true });
  const next = `${paths.snapshot}.next`;
  await rm(next, { recursive: true, force: true });
  const linked = new Set([...Object.values(state.pages).map((page) => page.file), ...(await publicFiles(root))]);
  const files = (await filesBelow(siteDir)).filter((file) => !regenerated(file) && (linked.has(file) || file.startsWith('_astro/')));
  await linkFiles(siteDir, next, files);
  const sizes: Record<string, number> = {};
  for (let i = 0; i < files.length; i += 64) {
    const batch = files.slice(i, i + 64);
    const stats = await Promise.all(batch.map((file) => stat(path.join(next, file))));
    stats.forEach((st, j) => (sizes[batch[j]!] = st.size));
  }
  await rm(paths.snapshot, { recursive: true, force: true });
  await rename(next, paths.snapshot);
  await writeFileAtomic(paths.state, JSON.stringify({ ...state, sizes }));
}

/**
 * After a fast publish: the snapshot is brought up to date file by file (the pages rendered again
 * replace their old files, removed pages go), instead of linking every file again.
 */
export async function updateState(cacheDir: string, siteDir: string, result: FastResult): Promise<void> {
  const paths = fastPaths(cacheDir);
  await rm(paths.state, { force: true });
  const sizes = { ...result.state.sizes };
  for (const file of result.removedFiles) {
    await rm(path.join(paths.snapshot, file), { force: true });
    delete sizes[file];
  }
  for (let i = 0; i < result.changedFiles.length; i += 64) {
    const batch = result.changedFiles.slice(i, i + 64);
    await Promise.all(batch.map((file) => rm(path.join(paths.snapshot, file), { force: true })));
    await linkFiles(siteDir, paths.snapshot, batch);
    const stats = await Promise.all(batch.map((file) => stat(path.join(paths.snapshot, file))));
    stats.forEach((st, j) => (sizes[batch[j]!] = st.size));
  }
  await writeFileAtomic(paths.state, JSON.stringify({ ...result.state, sizes }));
}

export type FastCheck = { ok: true; state: FastState } | { ok: false; reason: string };

/** The state of the last build, if a fast publish may start from it. */
export async function readState(cacheDir: string, inputs: string): Promise<FastCheck> {
  const paths = fastPaths(cacheDir);
  let state: FastState;
  try {
    state = JSON.parse(await readFile(paths.state, 'utf8')) as FastState;
  } catch {
    return { ok: false, reason: 'no fast-publish state from an earlier build' };
  }
  if (state.version !== STATE_VERSION || state.inputs !== inputs) return { ok: false, reason: 'the fast-publish state belongs to other code or settings' };
  if (!(await rendererReady(cacheDir, inputs))) return { ok: false, reason: 'no renderer compiled for this code yet' };
  return { ok: true, state };
}

/** The link check's record of the last build's pages; empty when there is none. */
export async function readHrefCache(cacheDir: string): Promise<HrefCache> {
  try {
    return JSON.parse(await readFile(fastPaths(cacheDir).links, 'utf8')) as HrefCache;
  } catch {
    return {};
  }
}

export async function saveHrefCache(cacheDir: string, cache: HrefCache): Promise<void> {
  await mkdir(fastPaths(cacheDir).dir, { recursive: true });
  await writeFileAtomic(fastPaths(cacheDir).links, JSON.stringify(cache));
}

/** Whether the renderer in the cache was compiled from this code. */
export async function rendererReady(cacheDir: string, inputs: string): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(fastPaths(cacheDir).rendererStamp, 'utf8')) as { inputs?: string };
    return stamp.inputs === inputs;
  } catch {
    return false;
  }
}

/**
 * Compiles the renderer for `inputs` (once per code version) into the cache. Its pages link the
 * hashed assets of its own compilation; they must be the files the static build in `siteDir` has,
 * or the renderer is not used (its pages would name assets the site does not have).
 */
export async function buildRenderer(root: string, cacheDir: string, inputs: string, env: NodeJS.ProcessEnv, siteDir: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const paths = fastPaths(cacheDir);
  const out = `${paths.renderer}.next`;
  await rm(paths.rendererStamp, { force: true });
  await rm(out, { recursive: true, force: true });
  const astroBin = path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
  // Never the static build's Astro cache: the renderer is compiled without incremental builds.
  const child = spawn(process.execPath, [astroBin, 'build', '--config', 'astro.publish.config.mjs', '--outDir', out], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, KSP_BUILD_CACHE: 'off' } });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) {
    await rm(out, { recursive: true, force: true });
    return { ok: false, reason: `compiling the renderer failed (exit ${code}):\n${output.slice(-4000)}` };
  }
  const [ours, theirs] = await Promise.all([filesBelow(path.join(out, 'client', '_astro')), filesBelow(path.join(siteDir, '_astro'))]);
  const differ = [...ours.filter((file) => !theirs.includes(file)), ...theirs.filter((file) => !ours.includes(file))];
  if (differ.length > 0) {
    await rm(out, { recursive: true, force: true });
    return { ok: false, reason: `the renderer's assets are not the static build's (${differ.slice(0, 3).join(', ')}${differ.length > 3 ? ', …' : ''})` };
  }
  // The renderer imports the project's packages (they are not bundled); from the cache, outside the
  // project, Node finds them through this link.
  await symlink(path.join(root, 'node_modules'), path.join(out, 'node_modules'), 'dir');
  await rm(paths.renderer, { recursive: true, force: true });
  await rename(out, paths.renderer);
  await writeFileAtomic(paths.rendererStamp, JSON.stringify({ inputs }));
  return { ok: true };
}

// ——— The fast publish itself (run by scripts/fast-publish.ts in the build's environment) ———

interface RoutePart {
  content: string;
  dynamic: boolean;
  spread: boolean;
}

interface RouteData {
  route: string;
  component: string;
  type: string;
  origin?: string;
  pathname?: string | undefined;
  segments: RoutePart[][];
  prerender: boolean;
}

/** What the renderer's entry (src/publish-renderer/entry.ts) exports. */
interface RendererEntry {
  app: RendererApp;
  linkDocuments: () => Promise<LinkDocument[]>;
}

interface RendererApp {
  manifest: { routes: { routeData: RouteData }[]; pageMap?: Map<string, () => Promise<{ page: () => Promise<PageModule> }>> };
  render: (request: Request, options: { routeData: RouteData }) => Promise<Response>;
}

interface PageModule {
  /** A page without getStaticPaths: its key (src/lib/page-keys.ts staticPageKey). */
  pageKey?: () => Promise<string>;
  getStaticPaths?: (options: { paginate: () => never; routePattern: string }) => Promise<{ params: Record<string, string | number | undefined>; cacheKey?: unknown }[]>;
}

interface PageEntry {
  pathname: string;
  route: RouteData;
  file: string;
  cacheKey: string | undefined;
}

/** The address Astro gives a route's params (its route generator, for the kinds of route this site has). */
function routePath(route: RouteData, params: Record<string, string | number | undefined>): string {
  const parts = route.segments.map((segment) =>
    segment
      .map((part) => {
        if (!part.dynamic) return part.content;
        const value = params[part.spread ? part.content.slice(3) : part.content];
        return value === undefined ? '' : String(value).replace(/^\/+|\/+$/g, '');
      })
      .join(''),
  );
  const joined = parts.filter((part) => part !== '').join('/');
  return `/${joined}`;
}

/** The file Astro writes for an address (build.format 'directory'). */
function outputFile(pathname: string, route: Pick<RouteData, 'type'>): string {
  const name = pathname.replace(/^\//, '');
  if (route.type === 'endpoint') return name;
  if (name === '') return 'index.html';
  if (name === '404' || name === '500') return `${name}.html`;
  return `${name.replace(/\/$/, '')}/index.html`;
}

/** Every page and endpoint of the site in the order a static build writes them, with keys. */
async function enumerate(app: RendererApp): Promise<PageEntry[]> {
  const seen = new Set<string>();
  const entries: PageEntry[] = [];
  for (const { routeData: route } of app.manifest.routes) {
    if (route.origin === 'internal') continue;
    if (route.type !== 'page' && route.type !== 'endpoint') throw new Error(`route ${route.route} is of kind "${route.type}", which fast publishes do not render`);
    const dynamic = route.segments.some((segment) => segment.some((part) => part.dynamic));
    const found: { pathname: string; cacheKey: string | undefined }[] = [];
    const load = app.manifest.pageMap?.get(route.component);
    if (!load) throw new Error(`the renderer has no module for ${route.component}`);
    const mod = await (await load()).page();
    if (!dynamic) {
      // A list or feed may name what it shows (src/lib/page-keys.ts staticPageKey); else it is rendered every time.
      found.push({ pathname: route.pathname ?? routePath(route, {}), cacheKey: mod.pageKey ? String(await mod.pageKey()) : undefined });
    } else {
      if (!mod.getStaticPaths) throw new Error(`${route.component} has no getStaticPaths`);
      const paths = await mod.getStaticPaths({
        paginate: () => {
          throw new Error(`${route.component} uses paginate(), which fast publishes do not support`);
        },
        routePattern: route.route,
      });
      for (const entry of paths) found.push({ pathname: routePath(route, entry.params), cacheKey: entry.cacheKey === undefined ? undefined : String(entry.cacheKey) });
    }
    for (const { pathname, cacheKey } of found) {
      const normalised = pathname.replace(/\/$/, '') || '/';
      if (seen.has(normalised)) continue;
      seen.add(normalised);
      entries.push({ pathname, route, file: outputFile(pathname, route), cacheKey });
    }
  }
  return entries;
}

/** What a fast publish hands back to build-site.ts (as JSON through a file). */
export interface FastResult {
  /** HTML pages in the order a static build writes them (the search index's page order). */
  written: string[];
  rendered: number;
  linked: number;
  /** The pages that took longest to render, with milliseconds (for the log). */
  slowest: [string, number][];
  /** The state for the next publish; `sizes` are still those of the last build's snapshot. */
  state: FastState;
  /** Files of keyed pages rendered again or new (the snapshot takes them over). */
  changedFiles: string[];
  /** Files of keyed pages the last build had and this one has not. */
  removedFiles: string[];
  /**
   * The release's link check (src/build/check-links.ts), run here on the content the pages were
   * rendered from: failed with the reason that fails the publish (a broken link in a document is
   * also in the build's problem report for the editors).
   */
  links: { ok: true } | { ok: false; reason: string };
  timings: Record<string, number>;
}

export interface FastPublishOptions {
  root: string;
  cacheDir: string;
  inputs: string;
  /** The new site; must not exist yet. */
  outDir: string;
  siteUrl: string;
  /** The static build's integrations (astro.config.mjs): their astro:build:done hooks run here. */
  integrations: readonly AstroIntegration[];
}

const quietLogger = {
  info: () => undefined,
  debug: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  fork() {
    return quietLogger;
  },
  label: 'fast-publish',
  options: {},
};

type Hook = (params: Record<string, unknown>) => unknown;

/** Removes `dir` (below `root`) and its parents up to `root` while they are empty. */
async function removeEmptyDirs(root: string, dir: string): Promise<void> {
  for (let current = dir; current !== '.' && current !== ''; current = path.dirname(current)) {
    try {
      await rmdir(path.join(root, current));
    } catch {
      return;
    }
  }
}

/** ./hard-links.ts linkSnapshot on a worker thread (./link-snapshot-worker.ts). */
function linkInWorker(from: string, to: string, sizes: Record<string, number>): { done: Promise<void>; stop: () => Promise<void> } {
  const worker = new Worker(new URL('./link-snapshot-worker.ts', import.meta.url), { workerData: { from, to, sizes } });
  const done = new Promise<void>((resolve, reject) => {
    worker.once('message', (message: { ok: boolean; message?: string }) => (message.ok ? resolve() : reject(new Error(message.message))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the linking thread ended (exit ${code}) before it had linked the snapshot`)));
  });
  // A failure is read through `done`; until then it must not count as unhandled.
  done.catch(() => undefined);
  return {
    done,
    stop: async () => {
      await worker.terminate();
    },
  };
}

export async function fastPublish({ root, cacheDir, inputs, outDir, siteUrl, integrations }: FastPublishOptions): Promise<FastResult> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    t = now;
  };
  const paths = fastPaths(cacheDir);
  const check = await readState(cacheDir, inputs);
  if (!check.ok) throw new Error(check.reason);
  const previous = check.state;

  // Every file of the last build's snapshot is linked into the new site on a thread of its own
  // (kernel work, seconds on a large site) while this thread loads the content and computes the
  // keys; the files of pages that changed or are gone are taken out again before rendering.
  await mkdir(outDir, { recursive: true });
  const linking = linkInWorker(paths.snapshot, outDir, previous.sizes);
  let entries: PageEntry[];
  let app: RendererApp;
  let linkDocuments: RendererEntry['linkDocuments'];
  try {
    ({ app, linkDocuments } = (await import(pathToFileURL(path.join(paths.renderer, 'server', 'entry.mjs')).href)) as RendererEntry);
    lap('loadRenderer');
    entries = await enumerate(app);
    lap('contentAndKeys');
  } catch (error) {
    // The thread is stopped before the caller removes the half-made site.
    await linking.stop();
    throw error;
  }
  await linking.done;

  // Unchanged pages and the assets stay links to the last build's files; the rest is rendered.
  const unchanged = entries.filter((entry) => entry.cacheKey !== undefined && previous.pages[entry.pathname]?.cacheKey === entry.cacheKey && previous.pages[entry.pathname]?.file === entry.file);
  const unchangedFiles = new Set(unchanged.map((entry) => entry.file));
  const assets = [...(await publicFiles(root)), ...Object.keys(previous.sizes).filter((file) => file.startsWith('_astro/'))];
  const kept = new Set([...unchangedFiles, ...assets]);
  for (const file of kept) {
    if (previous.sizes[file] === undefined) throw new Error(`${file} is not in the snapshot of the last build`);
  }
  const dropped = Object.keys(previous.sizes).filter((file) => !kept.has(file));
  await Promise.all(dropped.map((file) => rm(path.join(outDir, file))));
  // A page that is gone leaves no empty directory behind (as a full build would not have it).
  for (const dir of new Set(dropped.map((file) => path.dirname(file)))) await removeEmptyDirs(outDir, dir);
  lap('link');

  const site = new URL(siteUrl);
  let rendered = 0;
  const renderMs: [string, number][] = [];
  for (const entry of entries) {
    if (unchangedFiles.has(entry.file)) continue;
    const renderStarted = performance.now();
    // The address a static build renders a page at: a trailing slash in the directory format.
    const address = entry.route.type === 'endpoint' || entry.pathname === '/' ? entry.pathname : `${entry.pathname.replace(/\/$/, '')}/`;
    const response = await app.render(new Request(new URL(address, site)), { routeData: entry.route });
    const statusPage = /\/(404|500)$/.test(entry.route.route);
    if (!statusPage && response.status !== 200) throw new Error(`${address} answered ${response.status} from the renderer`);
    const body = Buffer.from(await response.arrayBuffer());
    const target = path.join(outDir, entry.file);
    await mkdir(path.dirname(target), { recursive: true });
    // Never write through a path that might still be a link to the snapshot (and a live release).
    await rm(target, { force: true });
    await writeFile(target, body);
    rendered += 1;
    renderMs.push([entry.file, Math.round(performance.now() - renderStarted)]);
  }
  lap('render');
  const slowest = renderMs.sort((a, b) => b[1] - a[1]).slice(0, 5);

  // The records of the pages that were not rendered again, as src/integrations/incremental.ts
  // restores them in an incremental static build; then the static build's own hooks.
  const fresh = finishedRecords();
  const records: Record<string, PageRenderRecord> = {};
  const pages = entries.filter((entry) => entry.route.type === 'page');
  for (const entry of pages) {
    const key = normalisePath(entry.pathname);
    const record = fresh.get(key) ?? previous.records[key];
    if (!record) throw new Error(`no render record for ${key}`);
    if (!fresh.has(key)) {
      if (record.seo) recordPage(key, record.seo);
      for (const [name, source] of record.images) registerOriginal(name, source);
    }
    records[key] = record;
  }
  const dir = pathToFileURL(`${outDir}${path.sep}`);
  // The fields of Astro's config that the site's integrations read.
  const config = { root: pathToFileURL(`${root}${path.sep}`), site: site.href.replace(/\/$/, ''), base: '/', trailingSlash: 'ignore', build: { format: 'directory' }, outDir: dir };
  // Page names as Astro hands them to integrations: no leading slash, a trailing one.
  // They go to the hooks in the order @astrojs/sitemap sorts its URLs into: it compares them with
  // localeCompare(…, 'en', { numeric: true }), which makes a collator per comparison (1 s for the
  // 17,700 pages of 10,000 documents); given them in order, its sort only confirms it (one
  // comparison per page). Same sitemap either way; no other hook depends on the order.
  const collator = new Intl.Collator('en', { numeric: true });
  const pageNames = pages
    .map((entry) => {
      const pathname = entry.pathname === '/' ? '' : `${entry.pathname.replace(/^\//, '').replace(/\/$/, '')}/`;
      return { pathname, url: new URL(`/${pathname}`, site).href };
    })
    .sort((a, b) => collator.compare(a.url, b.url))
    .map(({ pathname }) => ({ pathname }));
  const hooked = integrations.filter((integration) => integration.name !== 'ksp-incremental-records');
  for (const integration of hooked) {
    const hooks = integration.hooks as Record<string, Hook | undefined>;
    await hooks['astro:routes:resolved']?.({ routes: [], logger: quietLogger });
    await hooks['astro:config:done']?.({ config, logger: quietLogger, setAdapter: () => undefined, injectTypes: () => undefined, buildOutput: 'static' });
  }
  for (const integration of hooked) {
    const hooks = integration.hooks as Record<string, Hook | undefined>;
    await hooks['astro:build:done']?.({ dir, pages: pageNames, assets: new Map(), logger: quietLogger });
  }
  lap('siteWide');

  // Every link of the release, as build-site.ts checks an astro build's: pages that are the same
  // files as in the last build are not read again (their links come from the last check).
  let links: FastResult['links'] = { ok: true };
  try {
    const checked = await checkAndListLinks({
      siteDir: outDir,
      siteOrigin: site.origin,
      documents: await linkDocuments(),
      redirects: loadNetlifyRules(path.join(root, 'netlify.toml')).redirects,
      hrefCache: await readHrefCache(cacheDir),
    });
    await saveHrefCache(cacheDir, checked.hrefCache);
  } catch (error) {
    if (error instanceof ContentContractError) {
      try {
        reportAndRethrow(error);
      } catch {
        // reported; the publish fails below with the English message
      }
    }
    links = { ok: false, reason: (error as Error).message };
  }
  lap('links');

  const state: FastState = {
    version: STATE_VERSION,
    inputs,
    pages: Object.fromEntries(entries.filter((entry) => entry.cacheKey !== undefined).map((entry) => [entry.pathname, { file: entry.file, cacheKey: entry.cacheKey! }])),
    records,
    sizes: previous.sizes,
  };
  const keyedFiles = new Set(Object.values(state.pages).map((page) => page.file));
  const changedFiles = [...keyedFiles].filter((file) => !unchangedFiles.has(file));
  const removedFiles = Object.values(previous.pages)
    .map((page) => page.file)
    .filter((file) => !keyedFiles.has(file));
  // The pages for the search index, in the order a static build writes them: those a site-wide
  // hook moved away (the English 404 goes to en/404.html) are not there to be read, as in a static
  // build, where they are read before the hook runs (they are not indexed).
  const gone = new Set<string>();
  for (const entry of entries) {
    if (!entry.file.endsWith('.html') || unchangedFiles.has(entry.file)) continue;
    if (!(await stat(path.join(outDir, entry.file)).then(() => true, () => false))) gone.add(entry.file);
  }
  const written = entries.filter((entry) => entry.file.endsWith('.html') && !gone.has(entry.file)).map((entry) => entry.file);
  return { written, rendered, slowest, linked: kept.size, state, changedFiles, removedFiles, links, timings };
}
