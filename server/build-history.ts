// The publish server's side of the build status API (core/publish/build-status.ts): which
// published documents wait for a build, which build took them, and how each build ended. A
// build learns its id and trigger documents through the environment (they go into its build
// manifest) and reports contract problems to a file (src/lib/content/problem-report.ts), which
// is read here so the Studio gets them as data instead of the English build output.
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContractProblem } from '../core/content/errors.ts';
import type { EditorProblem, FailureKind } from '../core/content/problems-de.ts';
import type { TriggerDocument } from '../core/publish/build-manifest.ts';
import { BUILD_HISTORY_LENGTH, BUILD_STATUS_VERSION, triggerKind, type BuildStatus, type StatusBuild } from '../core/publish/build-status.ts';
import type { NetlifyRules } from '../core/publish/netlify-config.ts';
import { ALLOW_ORIGIN, studioCorsHeaders } from '../core/publish/studio-origin.ts';
import type { BuildFailureKind } from './build-runner.ts';

export type BuildOutcome = { ok: true } | { ok: false; kind: FailureKind };

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
export async function readProblemReport(file: string): Promise<ContractProblem[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const seen = new Set<string>();
  const problems: ContractProblem[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let parsed: { problems?: ContractProblem[] };
    try {
      parsed = JSON.parse(line) as { problems?: ContractProblem[] };
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

const withoutReport = ({ reportFile: _reportFile, ...build }: StatusBuild & { reportFile: string }): StatusBuild => build;

export function createBuildHistory({ now = () => new Date() }: { now?: () => Date } = {}) {
  // Published documents not yet taken by a build, in arrival order; one entry per document.
  let waiting: { documents: TriggerDocument[]; since: Date } | undefined;
  let running: (StatusBuild & { reportFile: string }) | undefined;
  const finished: StatusBuild[] = [];
  let liveId: string | undefined;

  return {
    /** A webhook accepted this document; the next build to start takes it. */
    requested(doc: TriggerDocument): void {
      waiting ??= { documents: [], since: now() };
      waiting.documents = [...waiting.documents.filter((other) => other._id !== doc._id), doc];
    },

    /**
     * A build starts and takes every waiting document. Returns what the build's environment
     * needs: its id, its trigger documents and where to report contract problems.
     */
    started(id: string, trigger: string, reportFile: string): Record<string, string> {
      const documents = waiting?.documents ?? [];
      waiting = undefined;
      running = {
        id,
        trigger: { kind: triggerKind(documents, trigger), documents },
        startedAt: now().toISOString(),
        finishedAt: null,
        durationMs: null,
        result: 'running',
        failure: null,
        reportFile,
      };
      return { KSP_BUILD_ID: id, KSP_BUILD_TRIGGER: JSON.stringify(documents), KSP_BUILD_REPORT: reportFile };
    },

    /**
     * The build ended: records its result and, for a failure, the problems it reported, which it
     * returns too (for GET /status).
     */
    async finished(id: string, outcome: BuildOutcome): Promise<ContractProblem[]> {
      if (running?.id !== id) return [];
      const { reportFile, ...build } = running;
      running = undefined;
      const reported = await readProblemReport(reportFile);
      await rm(reportFile, { force: true });
      // Only what the Studio needs: the English `problem` and `fix` stay in the build log.
      const problems: EditorProblem[] = reported.map(({ id: doc, type, field, code }) => ({ id: doc, type, field, code }));
      const ended = now();
      const record: StatusBuild = {
        ...build,
        finishedAt: ended.toISOString(),
        durationMs: ended.getTime() - Date.parse(build.startedAt),
        result: outcome.ok ? 'success' : outcome.kind === 'stopped' ? 'cancelled' : 'failed',
        // A contract problem explains a failed build even when the runner saw only an exit code.
        failure: outcome.ok ? null : { kind: problems.length > 0 ? 'content' : outcome.kind, problems },
      };
      finished.unshift(record);
      finished.splice(BUILD_HISTORY_LENGTH);
      if (outcome.ok) liveId = id;
      return reported;
    },

    /** The API body; `currentId` is the release the server serves. */
    status(currentId: string | undefined): BuildStatus {
      const live = currentId ?? liveId;
      const liveBuild = finished.find((build) => build.id === live);
      return {
        version: BUILD_STATUS_VERSION,
        source: 'publish-server',
        live: live ? { id: live, finishedAt: liveBuild?.finishedAt ?? null } : null,
        running: running ? withoutReport(running) : null,
        queue: waiting ? [{ documents: waiting.documents, since: waiting.since.toISOString() }] : [],
        builds: [...finished],
      };
    },
  };
}

export type BuildHistory = ReturnType<typeof createBuildHistory>;

/**
 * Answers GET/HEAD/OPTIONS on the status API: JSON with an ETag (a poll that finds nothing new
 * costs a 304), revalidated on every request, CORS for the Studio's origin only.
 */
export function serveBuildStatus(req: IncomingMessage, res: ServerResponse, body: BuildStatus, studioOrigin: string, baseHeaders: Record<string, string>): void {
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
