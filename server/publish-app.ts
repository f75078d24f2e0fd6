// The self-hosted publish server: serves the live release with the headers and redirects of
// netlify.toml, takes Sanity webhooks at POST /webhooks/sanity (same rules as the Netlify
// Function), builds new releases with coalescing, switches atomically, reports GET /status.
// The optional parts (drafts preview, feedback, image service) fail alone: the site is served
// whatever they do, and GET /status says which part is not running and why.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../core/publish/log.ts';
import { headersForPath, loadNetlifyRules } from '../core/publish/netlify-config.ts';
import { createMemoryReplayStore } from '../core/publish/replay-store.ts';
import { handleWebhook } from '../core/publish/webhook.ts';
import { isFeedbackPath } from '../core/feedback/handler.ts';
import { BUILD_STATUS_PATH } from '../core/publish/build-status.ts';
import { dailyTrigger, describeTrigger, publishTrigger, retryTrigger, startupTrigger, type BuildTrigger } from '../core/publish/build-trigger.ts';
import { createBuildHistory, serveBuildStatus, withStudioOrigin, type RetryInfo } from './build-history.ts';
import { createBuildQueue } from './build-queue.ts';
import { startBuild, type BuildFailure, type BuildRun } from './build-runner.ts';
import { createFeedbackRoute } from './feedback-route.ts';
import { prepareServerState, type PublishServerConfig } from './config.ts';
import { startConfiguredPreview, type PreviewServer } from './preview-host.ts';
import { prepareStateDir } from '../core/state-dir.ts';
import { createReleases, RELEASE_RECORD_VERSION, type ReleaseRecord } from './releases.ts';
import { createSearchCatchUp } from './search-catch-up.ts';
import { createNetlifyStaticHandler, parseRequestUrl, sendBadRequest } from './static-server.ts';
import { readNodeBody } from '../core/http/read-body.ts';
import type { RetryPolicy } from '../core/publish/indexnow.ts';
import { createUnpublishClient } from '../core/publish/unpublish.ts';
import { createChangeTimer } from './change-timer.ts';
import { createAnnouncer, readReleaseManifest } from './indexnow.ts';

export const WEBHOOK_PATH = '/webhooks/sanity';
export const STATUS_PATH = '/status';
/** Seconds a client is asked to wait while the very first release is being built. */
const RETRY_AFTER_SECONDS = 10;
/** The longest pause between two tries of a failed build while no release is live. */
const MAX_BUILD_RETRY_MS = 15 * 60 * 1000;

/** The optional parts of the server, each reported in GET /status. */
export type PartName = 'preview' | 'feedback' | 'images';

/**
 * An optional part: `off` when it is not configured (the reason says how to turn it on), `failed`
 * when it could not start (the reason says why and what to do), `starting` while it starts.
 */
export type PartStatus = { state: 'running'; url?: string } | { state: 'starting' } | { state: 'off' | 'failed'; reason: string };

/** Why the preview could not start, in words an operator can act on. */
function previewFailure(error: unknown, port: number | undefined): string {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return `PREVIEW_PORT ${port ?? 4322} is already in use. Stop the other process or set PREVIEW_PORT to a free port.`;
  if ((error as NodeJS.ErrnoException).code === 'EACCES') return `No permission to listen on PREVIEW_PORT ${port ?? 4322}. Use a port above 1023.`;
  return error instanceof Error ? error.message : String(error);
}

/** The calendar date in Kassel, for the daily rebuild. */
function kasselDate(date: Date): string {
  return date.toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
}

/**
 * `now` is the server's clock for the moments the site changes by itself (./change-timer.ts); a
 * test passes its own, and builds then render at that instant (KSP_BUILD_NOW). `indexNowRetry`:
 * another retry budget for IndexNow notices (tests).
 */
export function createPublishApp(config: PublishServerConfig, write?: (line: string, level: 'info' | 'error') => void, options: { now?: () => Date; indexNowRetry?: RetryPolicy } = {}) {
  const clock = options.now ?? (() => new Date());
  const { secrets } = config;
  const log = createLogger(secrets, write);
  const rules = withStudioOrigin(loadNetlifyRules(config.netlifyToml), config.studioOrigin);
  const releases = createReleases(config.releasesDir);
  const replayStore = createMemoryReplayStore();
  // The builds and what is live, which GET /status and the build status API both read.
  const history = createBuildHistory();
  const livePath = () => (history.live ? releases.releasePath(history.live.id) : undefined);
  // IndexNow (INDEXNOW_KEY): each release that goes live announces what it changed.
  const announcer = config.indexNow ? createAnnouncer({ config: config.indexNow, log, retry: options.indexNowRetry }) : undefined;

  // Every release on disk, oldest first; the ones before the current serve its missing hashed
  // assets to pages loaded before a switch (skew protection).
  let releaseIds: string[] = [];
  let activeRun: { id: string; run: BuildRun } | undefined;
  // Without a live release a failed build is tried again, after pauses that double from
  // BUILD_RETRY_SECONDS up to 15 minutes, so a passing outage (Sanity unreachable) heals by itself.
  let failedWithoutRelease = 0;
  let retry: (RetryInfo & { timer: NodeJS.Timeout }) | undefined;
  let unlock: (() => Promise<void>) | undefined;
  let dailyTimer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  let preview: PreviewServer | undefined;
  // Pages first, their search index right after (server/search-catch-up.ts); default build command only.
  const search = config.indexCommand
    ? createSearchCatchUp({
        releases,
        indexCommand: config.indexCommand,
        cwd: config.repoRoot,
        env: config.buildEnv,
        timeoutMs: config.buildTimeoutMs,
        secrets,
        log,
        liveId: () => history.live?.id,
        onLive: (record) => {
          history.setLive(record);
          releaseIds.push(record.id);
        },
      })
    : undefined;
  let partsStarted: Promise<void> = Promise.resolve();
  const parts: Record<PartName, PartStatus> = {
    preview: { state: 'off', reason: 'Not configured: set SANITY_PREVIEW_TOKEN to serve the drafts preview on PREVIEW_PORT.' },
    feedback: config.feedback.ok ? { state: 'running' } : { state: 'off', reason: config.feedback.reason },
    images: { state: 'running' },
  };

  function partFailed(part: PartName, reason: string) {
    parts[part] = { state: 'failed', reason };
    log({ event: 'part-failed', status: 503, part, reason, note: 'The site is served without this part.' });
  }

  /** The optional parts after the site serves: each one's failure is reported, never thrown. */
  async function startParts(withPreview: boolean): Promise<void> {
    try {
      prepareStateDir('imageCache', config.imageCacheDir);
    } catch (error) {
      partFailed('images', error instanceof Error ? error.message : String(error));
    }
    if (config.preview && withPreview) {
      try {
        preview = await startConfiguredPreview(config.preview);
        // Started while the server was stopping: stop() found none to close.
        if (stopping) await preview?.close();
        else if (preview) {
          parts.preview = { state: 'running', url: preview.url };
          log({ event: 'part-started', part: 'preview', url: preview.url });
        }
      } catch (error) {
        partFailed('preview', previewFailure(error, config.preview.ok ? config.preview.port : undefined));
      }
    }
  }

  function cancelRetry() {
    clearTimeout(retry?.timer);
    retry = undefined;
  }

  function scheduleRetry() {
    failedWithoutRelease += 1;
    const pauseMs = Math.min(config.buildRetryMs * 2 ** (failedWithoutRelease - 1), Math.max(config.buildRetryMs, MAX_BUILD_RETRY_MS));
    const attempt = failedWithoutRelease + 1;
    const timer = setTimeout(() => {
      retry = undefined;
      queue.request(retryTrigger(attempt));
    }, pauseMs);
    timer.unref();
    retry = { attempt, at: new Date(Date.now() + pauseMs), pauseMs, timer };
    log({ event: 'build-retry-scheduled', attempt, at: retry.at.toISOString(), pauseSeconds: pauseMs / 1000 });
  }

  async function build(trigger: BuildTrigger): Promise<void> {
    // Whatever started this build (a webhook, the retry timer) makes a pending retry pointless.
    cancelRetry();
    const started = new Date();
    const id = releases.newId(started);
    const staging = releases.stagingPath(id);
    const buildVars: Record<string, string> = await history.started(id, trigger, started, { trigger: `${staging}.trigger.json`, report: `${staging}.problems.ndjson` });
    // A scheduled build renders at (or after) its moment, even when the timer fired a hair early.
    if (!config.buildEnv.KSP_BUILD_NOW && (options.now || trigger.kind === 'scheduled')) {
      buildVars.KSP_BUILD_NOW = new Date(Math.max(clock().getTime(), trigger.kind === 'scheduled' ? Date.parse(trigger.at) : 0)).toISOString();
    }
    log({ event: 'build-start', release: id, trigger });
    // The index of the release before is stale now: its catch-up stops, this build's follows.
    await search?.stop();
    const deferSearch = (await search?.canDefer()) ?? false;
    const run = startBuild({
      command: deferSearch ? [...config.buildCommand, '--search', 'later'] : config.buildCommand,
      outDir: staging,
      cwd: config.repoRoot,
      env: { ...config.buildEnv, ...buildVars },
      timeoutMs: config.buildTimeoutMs,
      secrets,
      onOutput: (text) => process.stdout.write(text),
    });
    activeRun = { id, run };
    let result: { ok: true } | BuildFailure = await run.done;
    if (result.ok && deferSearch) await search?.lendIndex(staging);
    if (result.ok) {
      const missing = await releases.missingFile(staging);
      if (missing) result = { ok: false, kind: 'incomplete', reason: `The build finished but ${missing} is missing, so the site or its search index is incomplete.` };
    }
    const ended = new Date();
    if (result.ok && !stopping) {
      try {
        const record: ReleaseRecord = { version: RELEASE_RECORD_VERSION, id, trigger, startedAt: started.toISOString(), endedAt: ended.toISOString() };
        // Both manifests are read before the switch: pruning may remove the replaced release.
        const manifests = announcer && (await Promise.all([history.live ? readReleaseManifest(releases.releasePath(history.live.id)) : undefined, readReleaseManifest(staging)]));
        await releases.promote(record);
        history.setLive(record);
        if (announcer && manifests?.[1]) void announcer.announce(id, manifests[0], manifests[1]);
        await changeTimer.refresh();
        if (deferSearch) search?.start(record, staging);
        const pruned = await releases.prune(config.keepReleases, id);
        if (pruned.length > 0) log({ event: 'releases-pruned', releases: pruned });
        releaseIds = await releases.list();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        result = {
          ok: false,
          kind: 'switch',
          reason: `The new release could not be switched live (${code}); the server log has the details.`,
          detail: error instanceof Error ? error.message : String(error),
        };
      }
    } else if (result.ok) {
      result = { ok: false, kind: 'stopped', reason: 'The build was stopped because the server is shutting down.' };
    }
    if (!result.ok) await releases.removeStaging(id);
    activeRun = undefined;
    const finished = await history.finished(id, ended, result);
    const durationMs = ended.getTime() - started.getTime();
    if (result.ok) {
      failedWithoutRelease = 0;
      log({ event: 'build-done', release: id, durationMs, live: true });
    } else {
      log({ event: 'build-failed', status: 500, release: id, durationMs, error: finished?.failure?.reason ?? result.reason, detail: result.detail, live: history.live?.id ?? null });
      if (!history.live && !stopping) scheduleRetry();
    }
  }

  /**
   * A build that threw (an error of this server, not of the build command): logged with its
   * stack, recorded as a failed build, and retried like one when nothing is live yet.
   */
  async function buildCrashed(error: unknown, trigger: BuildTrigger): Promise<void> {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    const run = activeRun;
    activeRun = undefined;
    await run?.run.stop();
    const id = history.runningId;
    const failure: BuildFailure = { ok: false, kind: 'internal', reason: 'The build could not be run because of an error of the publish server; the server log has the details.', detail };
    const finished = id ? await history.finished(id, new Date(), failure) : undefined;
    if (id) await releases.removeStaging(id).catch(() => undefined); // init() removes what is left at the next start
    log({ event: 'build-failed', status: 500, release: id ?? null, trigger: describeTrigger(trigger), error: finished?.failure?.reason ?? failure.reason, detail, live: history.live?.id ?? null });
    if (!history.live && !stopping) scheduleRetry();
  }

  const queue = createBuildQueue(build, buildCrashed);

  const liveNotice = () => (history.live && announcer?.report(history.live.id)) || undefined;

  /** The live release's build manifest (its next change, what it hides); undefined without one. */
  async function readLiveManifest() {
    const dir = livePath();
    return dir ? readReleaseManifest(dir) : undefined;
  }

  const changeTimer = createChangeTimer({
    now: clock,
    liveManifest: readLiveManifest,
    unpublisher: config.unpublish.ok ? createUnpublishClient(config.unpublish) : undefined,
    request: (trigger) => queue.request(trigger),
    log,
  });

  const statusBody = () => ({
    ...history.operatorStatus({ pending: queue.pending, retry, keepReleases: config.keepReleases }),
    parts: structuredClone(parts),
    feedback: feedback.status(),
    nextChange: changeTimer.next,
    unpublish: config.unpublish.ok ? { state: 'on' } : { state: 'off', reason: config.unpublish.reason },
    search: search?.status() ?? { state: 'current', release: history.live?.id ?? null, caughtUpAt: null },
    indexNow: config.indexNow ? { endpoint: config.indexNow.endpoint.origin, live: liveNotice() ?? null } : 'off',
  });
  /** The build status API body, with the live release's IndexNow notice. */
  const apiStatus = () => {
    const body = history.apiStatus(queue.pending);
    const notice = liveNotice();
    return body.live && notice ? { ...body, live: { ...body.live, indexNow: notice } } : body;
  };

  const serveStatic = createNetlifyStaticHandler(
    () => livePath() ?? config.releasesDir,
    rules,
    () => releaseIds.filter((id) => id !== history.live?.id).reverse().map((id) => releases.releasePath(id)),
    { cacheDir: config.imageCacheDir, cacheMaxBytes: config.imageCacheMaxBytes, imageSources: config.imageSources },
  );
  const feedback = createFeedbackRoute({ settings: config.feedback, siteRoot: livePath, rules, log });

  function sendJson(res: ServerResponse, status: number, urlPath: string, body: unknown, extra: Record<string, string> = {}) {
    res.writeHead(status, {
      ...headersForPath(rules, urlPath),
      'Cache-Control': 'no-store',
      'Content-Type': 'application/json; charset=utf-8',
      ...extra,
    });
    res.end(JSON.stringify(body, null, 2));
  }

  async function handleWebhookRequest(req: IncomingMessage, res: ServerResponse, urlPath: string) {
    const body = req.method === 'POST' ? await readNodeBody(req, config.maxBodyBytes) : new Uint8Array();
    const result = await handleWebhook(
      {
        method: req.method ?? 'GET',
        header: (name) => {
          const value = req.headers[name];
          return Array.isArray(value) ? value.join(', ') : value;
        },
        body,
      },
      {
        secret: config.secret,
        store: replayStore,
        now: Date.now,
        log,
        trigger: (doc) => {
          const outcome = queue.request(publishTrigger([doc]));
          if (outcome === 'stopping') throw new Error('The publish server is shutting down.');
          return { detail: { build: outcome } };
        },
      },
    );
    const headers = { ...headersForPath(rules, urlPath), ...result.headers };
    // Stop reading an oversized upload instead of draining it.
    if (body === 'too-large') headers.Connection = 'close';
    if (result.body === undefined) {
      res.writeHead(result.status, headers);
      res.end();
    } else {
      res.writeHead(result.status, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(result.body));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = parseRequestUrl(req.url);
    if (!url) return sendBadRequest(res);
    const urlPath = url.pathname;
    if (urlPath === WEBHOOK_PATH || urlPath === `${WEBHOOK_PATH}/`) return handleWebhookRequest(req, res, urlPath);
    if (isFeedbackPath(urlPath)) return feedback.handle(req, res, urlPath);
    if (urlPath === BUILD_STATUS_PATH) return serveBuildStatus(req, res, apiStatus(), config.studioOrigin, headersForPath(rules, urlPath));
    if (urlPath === STATUS_PATH) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, urlPath, { error: 'Use GET /status.' }, { Allow: 'GET, HEAD' });
      return sendJson(res, 200, urlPath, statusBody());
    }
    if (!history.live) {
      const waitingFor = queue.running ? undefined : retry;
      const retryAfter = waitingFor ? Math.max(1, Math.ceil((waitingFor.at.getTime() - Date.now()) / 1000)) : RETRY_AFTER_SECONDS;
      res.writeHead(503, {
        ...headersForPath(rules, urlPath),
        'Cache-Control': 'no-store',
        'Retry-After': String(retryAfter),
        'Content-Type': 'text/plain; charset=utf-8',
      });
      res.end(
        waitingFor
          ? `The site could not be built yet. The next try starts at ${waitingFor.at.toISOString()}; see GET /status for the reason.\n`
          : 'The site is being built. Please try again in a few seconds.\n',
      );
      return;
    }
    return serveStatic(req, res);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log({ event: 'request-error', status: 500, error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Internal server error');
      } else res.destroy();
    });
  });

  return {
    server,
    status: statusBody,
    queue,

    /** Runs the change timer now (tests, with their clock): unpublishes and builds when the next change is due. */
    checkSchedule: () => changeTimer.check(),

    /** The optional parts as GET /status reports them. */
    parts: (): Readonly<Record<PartName, PartStatus>> => structuredClone(parts),

    /** Resolves when every optional part has started or failed (start() does not wait for them). */
    partsStarted: (): Promise<void> => partsStarted,

    /**
     * Prepares the releases directory, starts listening and, without a release, the first build;
     * then the optional parts, with the drafts preview when `preview` is asked for (the publish
     * server; `npm start` runs its preview as a process of its own).
     */
    async start({ preview: withPreview = false }: { preview?: boolean } = {}): Promise<string> {
      prepareServerState(config);
      await releases.init();
      unlock = await releases.lock();
      const currentId = await releases.readCurrent();
      history.setLive(currentId ? await releases.readRecord(currentId) : undefined);
      releaseIds = await releases.list();
      // A moment that passed while the server was down is caught up at once (after the startup build is asked for).
      const armed = changeTimer.refresh();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const { port } = server.address() as AddressInfo;
      const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
      log({ event: 'listening', url, release: history.live?.id ?? null });
      // Without a release, build one before serving. With one, serve it at once and still
      // rebuild: webhooks sent while the server was down are lost, and the code may be new.
      queue.request(startupTrigger(history.live !== undefined));
      await armed;
      // The preview may have to be built first (minutes): the site does not wait for it.
      if (withPreview && config.preview) parts.preview = { state: 'starting' };
      partsStarted = startParts(withPreview);
      if (config.dailyRebuild) {
        // Rebuild once the date in Kassel has changed since the live release was built.
        // One attempt per date: a failing build is not retried every minute.
        let attemptedOn = '';
        dailyTimer = setInterval(() => {
          const today = kasselDate(clock());
          const live = history.live;
          if (!live || kasselDate(new Date(live.startedAt)) === today || attemptedOn === today || queue.running) return;
          attemptedOn = today;
          queue.request(dailyTrigger());
        }, 60_000);
        dailyTimer.unref();
      }
      return url;
    },

    /** Stops taking requests, stops a running build (its staging directory is removed) and unlocks. */
    stop(): Promise<void> {
      stopping ??= (async () => {
        clearInterval(dailyTimer);
        changeTimer.stop();
        cancelRetry();
        feedback.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const queueStopped = queue.stop();
        await activeRun?.run.stop();
        await search?.stop();
        await queueStopped;
        await announcer?.stop();
        // A preview still being built is not waited for; startParts closes it when it comes.
        await preview?.close();
        const force = setTimeout(() => server.closeAllConnections(), 5000);
        await closed;
        clearTimeout(force);
        await unlock?.();
        log({ event: 'stopped' });
      })();
      return stopping;
    },
  };
}
