// The self-hosted publish server: serves the live release with the headers and redirects of
// netlify.toml, takes Sanity webhooks at POST /webhooks/sanity (same rules as the Netlify
// Function), builds new releases with coalescing, switches atomically, reports GET /status.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../core/publish/log.ts';
import { headersForPath, loadNetlifyRules } from '../core/publish/netlify-config.ts';
import { createMemoryReplayStore } from '../core/publish/replay-store.ts';
import { handleWebhook } from '../core/publish/webhook.ts';
import { isFeedbackPath } from '../core/feedback/handler.ts';
import { BUILD_STATUS_PATH } from '../core/publish/build-status.ts';
import { createBuildHistory, failureKind, serveBuildStatus, withStudioOrigin } from './build-history.ts';
import { createBuildQueue } from './build-queue.ts';
import { contentProblems, contentReason, type ContentProblem } from './build-failure.ts';
import { startBuild, type BuildFailure, type BuildRun } from './build-runner.ts';
import { createFeedbackRoute } from './feedback-route.ts';
import { prepareServerState, type PublishServerConfig } from './config.ts';
import { createReleases, releaseTime } from './releases.ts';
import { createNetlifyStaticHandler, parseRequestUrl, sendBadRequest } from './static-server.ts';
import { readLimitedBody } from '../core/http/read-body.ts';

export const WEBHOOK_PATH = '/webhooks/sanity';
export const STATUS_PATH = '/status';
/** Seconds a client is asked to wait while the very first release is being built. */
const RETRY_AFTER_SECONDS = 10;
/** The longest pause between two tries of a failed build while no release is live. */
const MAX_BUILD_RETRY_MS = 15 * 60 * 1000;

interface BuildRecord {
  id: string;
  trigger: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  ok: boolean;
  /** Short and path-free (BuildFailure.reason); the details are in the log. */
  error: string | null;
  problems?: readonly ContentProblem[];
}

/** The last successful build; after a restart only what the newest release's name tells. */
type SuccessRecord = Pick<BuildRecord, 'id' | 'startedAt'> & {
  trigger: string | null;
  endedAt: string | null;
  durationMs: number | null;
};

/** The calendar date in Kassel, for the daily rebuild. */
function kasselDate(date: Date): string {
  return date.toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
}

export function createPublishApp(config: PublishServerConfig, write?: (line: string, level: 'info' | 'error') => void) {
  const { secrets } = config;
  const log = createLogger(secrets, write);
  const rules = withStudioOrigin(loadNetlifyRules(config.netlifyToml), config.studioOrigin);
  const releases = createReleases(config.releasesDir);
  const replayStore = createMemoryReplayStore();
  // What the Studio reads at BUILD_STATUS_PATH: queue, running build, recent results.
  const history = createBuildHistory();

  let currentId: string | undefined;
  let currentPath: string | undefined;
  // Every release on disk, oldest first; the ones before the current serve its missing hashed
  // assets to pages loaded before a switch (skew protection).
  let releaseIds: string[] = [];
  let lastBuild: BuildRecord | undefined;
  let lastSuccess: SuccessRecord | undefined;
  let activeRun: { id: string; run: BuildRun } | undefined;
  // Without a live release a failed build is tried again, after pauses that double from
  // BUILD_RETRY_SECONDS up to 15 minutes, so a passing outage (Sanity unreachable) heals by itself.
  let failedWithoutRelease = 0;
  let retry: { attempt: number; at: Date; pauseMs: number; timer: NodeJS.Timeout } | undefined;
  const counts = { started: 0, succeeded: 0, failed: 0 };
  let unlock: (() => Promise<void>) | undefined;
  let dailyTimer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;

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
      queue.request(`retry ${attempt}: no release yet`);
    }, pauseMs);
    timer.unref();
    retry = { attempt, at: new Date(Date.now() + pauseMs), pauseMs, timer };
    log({ event: 'build-retry-scheduled', attempt, at: retry.at.toISOString(), pauseSeconds: pauseMs / 1000 });
  }

  async function build(trigger: string): Promise<void> {
    // Whatever started this build (a webhook, the retry timer) makes a pending retry pointless.
    cancelRetry();
    const started = new Date();
    const id = releases.newId(started);
    const staging = releases.stagingPath(id);
    const buildVars = history.started(id, trigger, `${staging}.problems.ndjson`);
    counts.started += 1;
    log({ event: 'build-start', release: id, trigger });
    const run = startBuild({
      command: config.buildCommand,
      outDir: staging,
      cwd: config.repoRoot,
      env: { ...config.buildEnv, ...buildVars },
      timeoutMs: config.buildTimeoutMs,
      secrets,
      onOutput: (text) => process.stdout.write(text),
    });
    activeRun = { id, run };
    let result: { ok: true } | BuildFailure = await run.done;
    if (result.ok) {
      const missing = await releases.missingFile(staging);
      if (missing) result = { ok: false, kind: 'incomplete', reason: `The build finished but ${missing} is missing, so the site or its search index is incomplete.` };
    }
    if (result.ok && !stopping) {
      try {
        const releasePath = await releases.promote(id);
        currentId = id;
        currentPath = releasePath;
        const pruned = await releases.prune(config.keepReleases, currentId);
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
    const reported = await history.finished(id, result.ok ? { ok: true } : { ok: false, kind: failureKind(result.kind) });
    // The content layer's report (KSP_BUILD_REPORT) names the documents and fields that broke the
    // contract; a stopped or timed-out build is not the content's fault, whatever it reported.
    if (!result.ok && result.kind === 'exit' && reported.length > 0) {
      const problems = contentProblems(reported);
      result = { ...result, reason: contentReason(problems, reported.length), problems };
    }
    const ended = new Date();
    lastBuild = {
      id,
      trigger,
      startedAt: started.toISOString(),
      endedAt: ended.toISOString(),
      durationMs: ended.getTime() - started.getTime(),
      ok: result.ok,
      error: result.ok ? null : result.reason,
      ...(!result.ok && result.problems ? { problems: result.problems } : {}),
    };
    if (result.ok) {
      counts.succeeded += 1;
      failedWithoutRelease = 0;
      lastSuccess = { id, trigger, startedAt: lastBuild.startedAt, endedAt: lastBuild.endedAt, durationMs: lastBuild.durationMs };
      log({ event: 'build-done', release: id, durationMs: lastBuild.durationMs, live: true });
    } else {
      counts.failed += 1;
      log({ event: 'build-failed', status: 500, release: id, durationMs: lastBuild.durationMs, error: result.reason, detail: result.detail, live: currentId ?? null });
      if (!currentId && !stopping) scheduleRetry();
    }
  }

  const queue = createBuildQueue(build);

  function statusBody() {
    const running = queue.running;
    return {
      current: currentId ? { id: currentId, builtAt: releaseTime(currentId).toISOString() } : null,
      building: running ? { trigger: running.trigger, startedAt: running.startedAt.toISOString() } : null,
      pending: queue.pending,
      lastBuild: lastBuild ?? null,
      lastSuccess: lastSuccess ?? null,
      nextRetry: retry ? { attempt: retry.attempt, at: retry.at.toISOString(), pauseSeconds: retry.pauseMs / 1000 } : null,
      builds: counts,
      keepReleases: config.keepReleases,
    };
  }

  const serveStatic = createNetlifyStaticHandler(
    () => currentPath ?? config.releasesDir,
    rules,
    () => releaseIds.filter((id) => id !== currentId).reverse().map((id) => releases.releasePath(id)),
    { cacheDir: config.imageCacheDir, imageOrigins: config.imageOrigins },
  );
  const feedback = createFeedbackRoute({ settings: config.feedback, siteRoot: () => currentPath, rules, log });

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
    const body = req.method === 'POST' ? await readLimitedBody(req, config.maxBodyBytes) : new Uint8Array();
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
          history.requested(doc);
          const outcome = queue.request(`webhook: ${doc.operation ?? 'publish'} ${doc._type} ${doc._id}`);
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
    if (urlPath === BUILD_STATUS_PATH) return serveBuildStatus(req, res, history.status(currentId), config.studioOrigin, headersForPath(rules, urlPath));
    if (urlPath === STATUS_PATH) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, urlPath, { error: 'Use GET /status.' }, { Allow: 'GET, HEAD' });
      return sendJson(res, 200, urlPath, statusBody());
    }
    if (!currentPath) {
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

    /** Prepares the releases directory, starts listening and, without a release, the first build. */
    async start(): Promise<string> {
      prepareServerState(config);
      await releases.init();
      unlock = await releases.lock();
      currentId = await releases.readCurrent();
      currentPath = currentId ? releases.releasePath(currentId) : undefined;
      releaseIds = await releases.list();
      // The newest release is the last build that succeeded, also across restarts.
      const newest = releaseIds.at(-1);
      if (newest) lastSuccess = { id: newest, trigger: null, startedAt: releaseTime(newest).toISOString(), endedAt: null, durationMs: null };
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const { port } = server.address() as AddressInfo;
      const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
      log({ event: 'listening', url, release: currentId ?? null });
      // Without a release, build one before serving. With one, serve it at once and still
      // rebuild: webhooks sent while the server was down are lost, and the code may be new.
      queue.request(currentId ? 'startup: refresh' : 'startup: no release yet');
      if (config.dailyRebuild) {
        // Rebuild once the date in Kassel has changed since the live release was built.
        // One attempt per date: a failing build is not retried every minute.
        let attemptedOn = '';
        dailyTimer = setInterval(() => {
          const today = kasselDate(new Date());
          if (!currentId || kasselDate(releaseTime(currentId)) === today || attemptedOn === today || queue.running) return;
          attemptedOn = today;
          queue.request('daily rebuild');
        }, 60_000);
        dailyTimer.unref();
      }
      return url;
    },

    /** Stops taking requests, stops a running build (its staging directory is removed) and unlocks. */
    stop(): Promise<void> {
      stopping ??= (async () => {
        clearInterval(dailyTimer);
        cancelRetry();
        feedback.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const queueStopped = queue.stop();
        await activeRun?.run.stop();
        await queueStopped;
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
