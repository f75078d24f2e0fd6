// Pages first, search right after. Pagefind cannot update an index (Pagefind issue #71), and on a
// large site indexing every page takes longer than rendering the few that changed. So once a
// release is live, a publish builds its pages with `--search later`; the new release goes live
// with the previous release's search index (hard links of its pagefind/ directory: whole and
// consistent, only a publish behind), and the index of the new pages is then written into a
// second release, a hard-linked copy of the first, which replaces it with the same atomic switch
// (server/releases.ts). Readers never see a half-written index, and every release stays complete
// and immutable. GET /status says whether search has caught up (`search`).
// The index runs with the builds' environment (server/config.ts buildEnvironment), so it shares
// their build cache: on a large site, an archive no publish changed (old press items, past
// events) is taken over from the last index, and Pagefind indexes only the current pages
// (src/build/search-archive-cache.ts).
import { link, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../core/publish/log.ts';
import { listFiles } from '../core/file-tree.ts';
import { startBuild, type BuildRun } from './build-runner.ts';
import { RELEASE_RECORD_VERSION, type ReleaseRecord, type Releases } from './releases.ts';

export const SEARCH_DIR = 'pagefind';

/**
 * Below this many indexed pages in the live release, the index is written within the build, as
 * before: Pagefind needs about a second for the embedded site, and a search right after a publish
 * finds the new page. Above it, indexing takes longer than rendering the changed pages.
 */
export const DEFER_SEARCH_MIN_PAGES = 1000;

/** Indexed pages of a built site, from Pagefind's entry files (the current index and, on a large site, the archive); 0 when it has none. */
export async function indexedPages(siteDir: string): Promise<number> {
  let pages = 0;
  for (const entryFile of ['pagefind-entry.json', 'archive/pagefind-entry.json']) {
    try {
      const entry = JSON.parse(await readFile(path.join(siteDir, SEARCH_DIR, entryFile), 'utf8')) as { languages?: Record<string, { page_count?: number }> };
      pages += Object.values(entry.languages ?? {}).reduce((sum, language) => sum + (language.page_count ?? 0), 0);
    } catch {
      // no such index
    }
  }
  return pages;
}

/** What GET /status reports about the search index of the live site. */
export type SearchStatus =
  | { state: 'current'; release: string | null; caughtUpAt: string | null }
  | { state: 'catching-up'; release: string; pagesLiveAt: string }
  | { state: 'failed'; release: string; pagesLiveAt: string; reason: string };

/** Hard-links every file of `from` below `to` for which `keep` (path relative to `from`) holds. */
export async function linkTree(from: string, to: string, keep: (relative: string) => boolean = () => true): Promise<number> {
  const files = (await listFiles(from)).filter(keep);
  // Only the deepest directories are made (with their parents), 64 at a time: a large site has a
  // directory per page, and making them one after the other took longer than linking the files.
  const dirs = [...new Set(files.map((file) => path.dirname(file)))].sort();
  const leaves = dirs.filter((dir, i) => !dirs[i + 1]?.startsWith(`${dir}${path.sep}`));
  for (let i = 0; i < leaves.length; i += 64) await Promise.all(leaves.slice(i, i + 64).map((dir) => mkdir(path.join(to, dir), { recursive: true })));
  // Bounded parallelism: a link holds no file handle, but thousands of calls at once would only queue.
  for (let i = 0; i < files.length; i += 128) await Promise.all(files.slice(i, i + 128).map((file) => link(path.join(from, file), path.join(to, file))));
  return files.length;
}

const outsideSearch = (relative: string) => relative !== SEARCH_DIR && !relative.startsWith(`${SEARCH_DIR}${path.sep}`);

export interface SearchCatchUpOptions {
  releases: Releases;
  indexCommand: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  secrets: readonly string[];
  log: Logger;
  /** The id of the live release now. */
  liveId: () => string | undefined;
  /** A release with the caught-up index went live. */
  onLive: (record: ReleaseRecord) => void;
}

export function createSearchCatchUp(options: SearchCatchUpOptions) {
  const { releases, log } = options;
  let status: SearchStatus = { state: 'current', release: null, caughtUpAt: null };
  let active: { run: BuildRun | undefined; stopped: boolean; done: Promise<void> } | undefined;

  /** The order file `scripts/build.ts --search later` writes beside the release it built. */
  const orderFile = (stagingPath: string) => `${stagingPath}.pages.json`;

  async function catchUp(pages: ReleaseRecord, order: string, self: { run: BuildRun | undefined; stopped: boolean }): Promise<void> {
    const started = new Date();
    const id = releases.newId(started);
    const staging = releases.stagingPath(id);
    let caughtUp: ReleaseRecord | undefined;
    try {
      // The index is written from the pages of the live release (which never change) while the
      // new release is linked together beside it: on a large site linking takes seconds.
      await mkdir(staging, { recursive: true });
      if (self.stopped) return;
      self.run = startBuild({ command: [...options.indexCommand, '--order', order, '--pages', releases.releasePath(pages.id)], outDir: staging, cwd: options.cwd, env: options.env, timeoutMs: options.timeoutMs, secrets: options.secrets, onOutput: (text) => process.stdout.write(text) });
      const run = self.run;
      try {
        await linkTree(releases.releasePath(pages.id), staging, outsideSearch);
      } catch (error) {
        await run.stop();
        throw error;
      }
      const result = await run.done;
      if (self.stopped) return;
      if (!result.ok || (await releases.missingFile(staging))) {
        const reason = result.ok ? 'The search index is incomplete.' : result.reason;
        status = { state: 'failed', release: pages.id, pagesLiveAt: pages.endedAt ?? pages.startedAt, reason };
        log({ event: 'search-failed', status: 500, release: pages.id, error: reason, note: 'The site is live with the search index of the release before.' });
        return;
      }
      // Only the release whose pages it indexed may be replaced: a newer one has its own index coming.
      if (options.liveId() !== pages.id) return;
      const record: ReleaseRecord = { version: RELEASE_RECORD_VERSION, id, trigger: pages.trigger, startedAt: started.toISOString(), endedAt: new Date().toISOString() };
      await releases.promote(record);
      options.onLive(record);
      caughtUp = record;
    } finally {
      await releases.removeStaging(id);
      await rm(order, { force: true });
    }
    // Reported only now: whoever sees 'current' finds the catch-up's files cleaned up.
    status = { state: 'current', release: id, caughtUpAt: caughtUp.endedAt };
    log({ event: 'search-current', release: id, pages: pages.id, durationMs: Date.now() - started.getTime() });
  }

  return {
    status: (): SearchStatus => structuredClone(status),

    /** Whether the next build's pages go live before their index: a live release lends a large one. */
    async canDefer(): Promise<boolean> {
      const live = options.liveId();
      return live !== undefined && (await indexedPages(releases.releasePath(live))) >= DEFER_SEARCH_MIN_PAGES;
    },

    /** Lends the live release's index to the pages just built into `staging`. */
    async lendIndex(staging: string): Promise<void> {
      const live = options.liveId();
      if (!live) throw new Error('No live release to take the search index from.');
      await linkTree(path.join(releases.releasePath(live), SEARCH_DIR), path.join(staging, SEARCH_DIR));
    },

    /** The release `pages` (built with `--search later` into `stagingPath`) is live: index it. */
    start(pages: ReleaseRecord, stagingPath: string): void {
      status = { state: 'catching-up', release: pages.id, pagesLiveAt: pages.endedAt ?? pages.startedAt };
      const self: { run: BuildRun | undefined; stopped: boolean; done: Promise<void> } = { run: undefined, stopped: false, done: Promise.resolve() };
      self.done = catchUp(pages, orderFile(stagingPath), self).catch((error: unknown) => {
        status = { state: 'failed', release: pages.id, pagesLiveAt: pages.endedAt ?? pages.startedAt, reason: 'The search index could not be written; the server log has the details.' };
        log({ event: 'search-failed', status: 500, release: pages.id, error: error instanceof Error ? error.message : String(error) });
      });
      active = self;
    },

    /** Stops indexing (a newer build replaces the pages, or the server stops). */
    async stop(): Promise<void> {
      const current = active;
      active = undefined;
      if (!current) return;
      current.stopped = true;
      await current.run?.stop();
      await current.done;
    },
  };
}
