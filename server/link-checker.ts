// The external link check of the publish server (issue 27, part 4). After a release goes live, its
// external links (LINK_LIST_FILE, written by the build) are checked politely and never on the
// publish's path, by the checker shared with Netlify (core/link-check.ts: HEAD then GET, deadlines,
// limits per host and in all, a day's cache). Here each result is kept for a day in a file of the
// state directory. The report (core/links.ts LinkReport) goes to the Studio with the build status API.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  checkUrls as checkUrlsWith,
  defaultLinkCheckPolicy,
  finishedReport,
  parseLinkList,
  parseStoredResults,
  storedResults,
  type LinkCheckPolicy,
  type LinkResultStore,
} from '../core/link-check.ts';
import { LINK_LIST_FILE, type LinkList, type LinkReport, type LinkResult } from '../core/links.ts';
import { writeFileAtomic } from '../core/write-atomic.ts';

export { checkUrl, DAY_MS, isPrivateAddress } from '../core/link-check.ts';

export interface LinkCheckSettings extends LinkCheckPolicy {
  /** Where results are kept between runs and restarts (link-check/results.json in the state dir). */
  cacheFile: string;
}

export function defaultLinkCheckSettings(cacheFile: string, siteUrl: string): LinkCheckSettings {
  return { cacheFile, ...defaultLinkCheckPolicy(siteUrl) };
}

/** The results file of the state directory; a missing or unreadable one starts afresh (a result is only a day's saving). */
export function fileResultStore(file: string): LinkResultStore {
  return {
    async load() {
      try {
        return parseStoredResults(JSON.parse(await readFile(file, 'utf8')));
      } catch {
        return {};
      }
    },
    save: (results) => writeFileAtomic(file, JSON.stringify(storedResults(results))),
  };
}

/** Checks `urls` within the limits; a result younger than maxAgeMs is taken from the cache file. */
export function checkUrls(
  urls: readonly string[],
  settings: LinkCheckSettings,
  now: () => Date = () => new Date(),
  stopped: () => boolean = () => false,
): Promise<{ results: Map<string, LinkResult>; checkedNow: number }> {
  return checkUrlsWith(urls, settings, fileResultStore(settings.cacheFile), { now, stopped });
}

/** Reads the external links a release lists; an empty list for a release built without one. */
export async function readLinkList(releaseDir: string): Promise<LinkList> {
  try {
    const value = parseLinkList(JSON.parse(await readFile(path.join(releaseDir, LINK_LIST_FILE), 'utf8')));
    if (value) return value;
  } catch {
    // an older release: nothing to check
  }
  return { version: 1, external: [] };
}

/**
 * The checker of the publish server: `releaseLive` after every switch (and at start); one run at a
 * time, and a release that went live during a run is checked right after it (only the newest).
 */
export function createLinkChecker(settings: LinkCheckSettings, log: (entry: Record<string, unknown>) => void, now: () => Date = () => new Date()) {
  let report: LinkReport = { release: null, state: 'done', startedAt: null, finishedAt: null, total: 0, checkedNow: 0, broken: [] };
  let running: Promise<void> | undefined;
  let pending: { id: string; dir: string } | undefined;
  let stopped = false;

  async function run(id: string, dir: string): Promise<void> {
    const list = await readLinkList(dir);
    report = { ...report, release: id, state: 'checking', startedAt: now().toISOString(), finishedAt: null, total: list.external.length };
    const { results, checkedNow } = await checkUrls(
      list.external.map((link) => link.url),
      settings,
      now,
      () => stopped,
    );
    if (stopped) return;
    report = finishedReport(id, list, { results, checkedNow }, report.startedAt ?? now().toISOString(), now().toISOString());
    log({ event: 'links-checked', release: id, links: list.external.length, checkedNow, broken: report.broken.length });
  }

  function drain(): void {
    if (running || !pending || stopped) return;
    const { id, dir } = pending;
    pending = undefined;
    running = run(id, dir)
      .catch((error: unknown) => {
        report = { ...report, state: 'done', finishedAt: now().toISOString() };
        log({ event: 'links-check-failed', release: id, error: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => {
        running = undefined;
        drain();
      });
  }

  return {
    /** A release went live: check its external links in the background. */
    releaseLive(id: string, dir: string): void {
      pending = { id, dir };
      drain();
    },
    report: (): LinkReport => structuredClone(report),
    /** Asks nothing more (requests under way end within their deadline) and writes nothing more. */
    async stop(): Promise<void> {
      stopped = true;
      pending = undefined;
      await running;
    },
    /** Resolves when nothing is being checked or waiting (tests, shutdown). */
    async idle(): Promise<void> {
      while (running) await running;
    },
  };
}

export type LinkChecker = ReturnType<typeof createLinkChecker>;
