// The publish server's one model of its builds, which both status answers read: GET /status for
// operators (English reasons, the trigger as a line) and the build status API for the Studio
// (core/publish/build-status.ts). It holds the running build, the finished ones, and what is
// live: the record of the release the server serves (server/releases.ts), after a restart too.
// What waits comes from the queue (server/build-queue.ts). A build learns its id through the
// environment and its trigger from a file the environment names (both go into its build
// manifest; a trigger lists every published document, which an environment variable cannot
// hold: Linux refuses a variable over 128 KiB with E2BIG), and reports contract problems to a
// file (src/lib/content/problem-report.ts), which is read here so both answers get them as data
// instead of the English build output.
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { withoutEnglish, type FailureKind, type Problem } from '../core/content/problem.ts';
import { describeTrigger, type BuildTrigger } from '../core/publish/build-trigger.ts';
import { BUILD_HISTORY_LENGTH, BUILD_STATUS_VERSION, type BuildStatus, type StatusBuild } from '../core/publish/build-status.ts';
import type { ReviewMailStatus } from '../core/review/status.ts';
import type { NetlifyRules } from '../core/publish/netlify-config.ts';
import { ALLOW_ORIGIN, studioCorsHeaders } from '../core/publish/studio-origin.ts';
import { contentProblems, contentReason } from './build-failure.ts';
import type { BuildFailure, BuildFailureKind } from './build-runner.ts';
import type { ReleaseRecord } from './releases.ts';

/** The editor-facing kind of a failed build from the runner's or the server's kind. */
export function failureKind(kind: BuildFailureKind): FailureKind {
  if (kind === 'stopped' || kind === 'timeout' || kind === 'incomplete') return kind;
  return 'error';
}

/**
 * The publish server's rules of netlify.toml with the Studio origin of this server
 * (STUDIO_ORIGIN) wherever netlify.toml names the deployed Studio's, e.g. for /build-manifest.json.
 */
export function withStudioOrigin(rules: NetlifyRules, studioOrigin: string): NetlifyRules {
  return {
    ...rules,
    headers: rules.headers.map((rule) => {
      const key = Object.keys(rule.values).find((name) => name.toLowerCase() === ALLOW_ORIGIN.toLowerCase());
      return key ? { ...rule, values: { ...rule.values, [key]: studioOrigin } } : rule;
    }),
  };
}

/** Reads the problems a failed build reported (one JSON line per failed loader); [] when none. */
export async function readProblemReport(file: string): Promise<Problem[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let parsed: { problems?: Problem[] };
    try {
      parsed = JSON.parse(line) as { problems?: Problem[] };
    } catch {
      continue; // a line cut short by a killed build
    }
    for (const p of parsed.problems ?? []) {
      if (typeof p?.id !== 'string' || typeof p.type !== 'string' || typeof p.field !== 'string' || typeof p.problem !== 'string' || typeof p.code?.kind !== 'string') continue;
      // A loader may fail twice on the same entry (e.g. in two pages).
      const key = JSON.stringify([p.id, p.field, p.code]);
      if (!seen.has(key)) problems.push(p);
      seen.add(key);
    }
  }
  return problems;
}

/** A finished build as both answers report it. */
export interface FinishedBuild {
  id: string;
  trigger: BuildTrigger;
  startedAt: Date;
  endedAt: Date;
  result: 'success' | 'failed' | 'cancelled';
  /**
   * Why it did not go live: `reason` is short and path-free (GET /status), `problems` the
   * contract's when the content broke it (`kind` is then `content`).
   */
  failure: { kind: FailureKind; reason: string; problems: Problem[] } | null;
}

/** What waits for the next build: from the queue. */
export type Pending = { trigger: BuildTrigger; since: Date } | undefined;

export interface RetryInfo {
  attempt: number;
  at: Date;
  pauseMs: number;
}

const durationMs = (startedAt: string | Date, endedAt: string | Date | null) => (endedAt === null ? null : new Date(endedAt).getTime() - new Date(startedAt).getTime());

function statusBuild(build: FinishedBuild): StatusBuild {
  return {
    id: build.id,
    trigger: build.trigger,
    startedAt: build.startedAt.toISOString(),
    finishedAt: build.endedAt.toISOString(),
    durationMs: durationMs(build.startedAt, build.endedAt),
    result: build.result,
    // Only what the Studio needs: the English `problem` and `fix` stay in the build log.
    failure: build.failure && { kind: build.failure.kind, problems: build.failure.problems.map(withoutEnglish) },
  };
}

export function createBuildHistory() {
  let running: { id: string; trigger: BuildTrigger; startedAt: Date; reportFile: string; triggerFile: string } | undefined;
  // Newest first, at most BUILD_HISTORY_LENGTH.
  const finished: FinishedBuild[] = [];
  // The one answer to "what is live": the record of the release the server serves.
  let live: ReleaseRecord | undefined;
  const counts = { started: 0, succeeded: 0, failed: 0 };

  return {
    get live(): ReleaseRecord | undefined {
      return live;
    },

    /** The release the server serves now: at the start, and when a build's release is switched live. */
    setLive(record: ReleaseRecord | undefined): void {
      live = record;
    },

    /**
     * A build starts: writes its trigger to `files.trigger`, and returns what the build's
     * environment needs: its id, where its trigger is and where to report contract problems.
     */
    async started(id: string, trigger: BuildTrigger, startedAt: Date, files: { trigger: string; report: string }): Promise<Record<string, string>> {
      running = { id, trigger, startedAt, reportFile: files.report, triggerFile: files.trigger };
      counts.started += 1;
      await writeFile(files.trigger, JSON.stringify(trigger));
      return { KSP_BUILD_ID: id, KSP_BUILD_TRIGGER_FILE: files.trigger, KSP_BUILD_REPORT: files.report };
    },

    /** The running build's id, if one runs. */
    get runningId(): string | undefined {
      return running?.id;
    },

    /** The build ended: records its result with the problems it reported (a failed build only). */
    async finished(id: string, endedAt: Date, outcome: { ok: true } | BuildFailure): Promise<FinishedBuild | undefined> {
      if (running?.id !== id) return undefined;
      const { reportFile, triggerFile, ...build } = running;
      const reported = outcome.ok ? [] : await readProblemReport(reportFile);
      await Promise.all([rm(reportFile, { force: true }), rm(triggerFile, { force: true })]);
      // Running until its files are gone: a build that shows as finished has left nothing behind.
      running = undefined;
      let failure: FinishedBuild['failure'] = null;
      if (!outcome.ok) {
        // The content layer's report names the documents and fields that broke the contract; a
        // stopped or timed-out build is not the content's fault, whatever it reported.
        const content = outcome.kind === 'exit' && reported.length > 0;
        failure = content
          ? { kind: 'content', reason: contentReason(contentProblems(reported), reported.length), problems: reported }
          : { kind: failureKind(outcome.kind), reason: outcome.reason, problems: [] };
      }
      const record: FinishedBuild = { ...build, endedAt, result: outcome.ok ? 'success' : outcome.kind === 'stopped' ? 'cancelled' : 'failed', failure };
      finished.unshift(record);
      finished.splice(BUILD_HISTORY_LENGTH);
      if (outcome.ok) counts.succeeded += 1;
      else counts.failed += 1;
      return record;
    },

    /** GET /status, for operators. */
    operatorStatus({ pending, retry, keepReleases }: { pending: Pending; retry: RetryInfo | undefined; keepReleases: number }) {
      const last = finished[0];
      return {
        current: live ? { id: live.id, builtAt: live.startedAt } : null,
        building: running ? { trigger: describeTrigger(running.trigger), startedAt: running.startedAt.toISOString() } : null,
        pending: pending !== undefined,
        lastBuild: last
          ? {
              id: last.id,
              trigger: describeTrigger(last.trigger),
              startedAt: last.startedAt.toISOString(),
              endedAt: last.endedAt.toISOString(),
              durationMs: durationMs(last.startedAt, last.endedAt),
              ok: last.result === 'success',
              error: last.failure?.reason ?? null,
              ...(last.failure?.kind === 'content' ? { problems: contentProblems(last.failure.problems) } : {}),
            }
          : null,
        // The live release; after a restart what its record tells.
        lastSuccess: live
          ? { id: live.id, trigger: live.trigger && describeTrigger(live.trigger), startedAt: live.startedAt, endedAt: live.endedAt, durationMs: durationMs(live.startedAt, live.endedAt) }
          : null,
        nextRetry: retry ? { attempt: retry.attempt, at: retry.at.toISOString(), pauseSeconds: retry.pauseMs / 1000 } : null,
        builds: { ...counts },
        keepReleases,
      };
    },

    /** The build status API body, for the Studio. */
    apiStatus(pending: Pending): BuildStatus {
      return {
        version: BUILD_STATUS_VERSION,
        source: 'publish-server',
        live: live ? { id: live.id, finishedAt: live.endedAt } : null,
        running: running ? { id: running.id, trigger: running.trigger, startedAt: running.startedAt.toISOString(), finishedAt: null, durationMs: null, result: 'running', failure: null } : null,
        // Published documents not yet taken by a build (a daily or retry request lists none).
        queue: pending && pending.trigger.documents.length > 0 ? [{ documents: pending.trigger.documents, since: pending.since.toISOString() }] : [],
        builds: finished.map(statusBuild),
      };
    },
  };
}

export type BuildHistory = ReturnType<typeof createBuildHistory>;

/**
 * Answers GET/HEAD/OPTIONS on the status API: JSON with an ETag (a poll that finds nothing new
 * costs a 304), revalidated on every request, CORS for the Studio's origin only.
 */
export function serveBuildStatus(req: IncomingMessage, res: ServerResponse, body: BuildStatus | ReviewMailStatus, studioOrigin: string, baseHeaders: Record<string, string>): void {
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
  const cors = studioCorsHeaders(studioOrigin, origin);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...baseHeaders, ...cors, 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Max-Age': '600' });
    res.end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...baseHeaders, ...cors, Allow: 'GET, HEAD, OPTIONS', 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: 'Use GET.' }));
    return;
  }
  const json = JSON.stringify(body);
  const etag = `"${createHash('sha1').update(json).digest('base64url').slice(0, 20)}"`;
  const headers = { ...baseHeaders, ...cors, 'Cache-Control': 'no-cache', 'Content-Type': 'application/json; charset=utf-8', ETag: etag };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': String(Buffer.byteLength(json)) });
  res.end(req.method === 'HEAD' ? undefined : json);
}
