// The publish server's IndexNow notices (core/publish/indexnow.ts): when a release goes live, the
// addresses it changed against the release it replaced are sent in the background, one release
// after the other, so a slow or failing endpoint never holds up a build or a switch. What happened
// to the live release's notice is reported through the build status API (the Studio shows it) and
// GET /status. The drafts preview never announces anything: only promoted releases come here.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BUILD_MANIFEST_PATH, parseManifest, type BuildManifest } from '../core/publish/build-manifest.ts';
import { changedPages, isLocalSiteForPublicEndpoint, submitIndexNow, type IndexNowConfig, type IndexNowReport, type RetryPolicy } from '../core/publish/indexnow.ts';
import type { Logger } from '../core/publish/log.ts';

/** About a minute and a half at most, Retry-After included: enough for a passing 429 or outage. */
export const SERVER_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 2000, maxDelayMs: 60_000, timeoutMs: 15_000 };

/** The manifest of a release directory; undefined when it has none that can be read. */
export async function readReleaseManifest(siteDir: string): Promise<BuildManifest | undefined> {
  try {
    return parseManifest(JSON.parse(await readFile(path.join(siteDir, BUILD_MANIFEST_PATH), 'utf8')));
  } catch {
    return undefined;
  }
}

export interface AnnouncerOptions {
  config: IndexNowConfig;
  log: Logger;
  retry?: RetryPolicy;
  fetch?: typeof fetch;
}

export function createAnnouncer({ config, log, retry = SERVER_RETRY, fetch: fetchImpl }: AnnouncerOptions) {
  const reports = new Map<string, IndexNowReport>();
  const stopping = new AbortController();
  let chain: Promise<void> = Promise.resolve();

  async function announce(releaseId: string, previous: BuildManifest | undefined, next: BuildManifest): Promise<void> {
    const changes = changedPages(previous, next);
    if (!changes.comparable) {
      reports.set(releaseId, { state: 'not-comparable' });
      log({ event: 'indexnow-skipped', release: releaseId, reason: changes.reason });
      return;
    }
    if (changes.paths.length === 0) {
      reports.set(releaseId, { state: 'unchanged' });
      log({ event: 'indexnow-skipped', release: releaseId, reason: 'unchanged' });
      return;
    }
    if (isLocalSiteForPublicEndpoint(config, next.site!)) {
      reports.set(releaseId, { state: 'local' });
      log({ event: 'indexnow-skipped', release: releaseId, reason: 'local-site', site: next.site });
      return;
    }
    reports.set(releaseId, { state: 'sending', urls: changes.paths.length });
    const result = await submitIndexNow({ config, site: next.site!, paths: changes.paths, retry, fetch: fetchImpl, signal: stopping.signal, log: (event) => log({ ...event, release: releaseId }) });
    if (result.ok) {
      reports.set(releaseId, { state: 'sent', urls: result.urls, at: new Date().toISOString() });
      log({ event: 'indexnow-sent', release: releaseId, urls: result.urls, attempts: result.attempts });
    } else {
      reports.set(releaseId, { state: 'failed', urls: result.urls });
      log({ event: 'indexnow-failed', status: 502, release: releaseId, urls: result.urls, attempts: result.attempts, reason: result.reason, note: 'The release is live; search engines find the change through the sitemap.' });
    }
  }

  return {
    /** Queues the notice of a release that just went live; returns when it is settled (tests). */
    announce(releaseId: string, previous: BuildManifest | undefined, next: BuildManifest): Promise<void> {
      // Older releases' reports are of no use: only the live one is shown.
      for (const id of reports.keys()) if (reports.size > 20) reports.delete(id);
      reports.set(releaseId, { state: 'sending', urls: 0 });
      chain = chain.then(() => announce(releaseId, previous, next)).catch((error: unknown) => {
        reports.set(releaseId, { state: 'failed', urls: 0 });
        log({ event: 'indexnow-failed', status: 500, release: releaseId, reason: error instanceof Error ? error.message : String(error) });
      });
      return chain;
    },
    report(releaseId: string): IndexNowReport | undefined {
      return reports.get(releaseId);
    },
    /** Ends pauses and requests in flight; a notice cut short is reported as failed. */
    async stop(): Promise<void> {
      stopping.abort();
      await chain;
    },
  };
}

export type Announcer = ReturnType<typeof createAnnouncer>;
