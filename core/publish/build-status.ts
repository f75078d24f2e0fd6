// The build status API that the Studio reads (README "Build status API"): what is live, what is
// building, what waits, and the recent builds with their results. The publish server answers it
// at BUILD_STATUS_PATH (server/build-history.ts), the Netlify Function
// netlify/functions/build-status.ts from Netlify's deploy list. It carries no absolute paths, stack
// traces or build output: a failure is a kind and, for content, the contract's problems by
// document, field and code; the Studio turns them into German (core/content/problem.ts).
import type { FailureKind, Problem } from '../content/problem.ts';
import { isObject, type BuildTrigger, type TriggerDocument } from './build-trigger.ts';
import { parseLinkReport, type LinkReport } from '../links.ts';
import type { IndexNowReport } from './indexnow-report.ts';

export const BUILD_STATUS_PATH = '/api/build-status';
export const BUILD_STATUS_VERSION = 1;
/** Finished builds the API lists, newest first. */
export const BUILD_HISTORY_LENGTH = 20;

export interface StatusBuild {
  id: string;
  /** `kind` and `documents` always; `refresh` (startup) and `attempt` (retry) from the publish server. */
  trigger: BuildTrigger;
  startedAt: string;
  /** null while it runs */
  finishedAt: string | null;
  durationMs: number | null;
  result: 'running' | 'success' | 'failed' | 'cancelled';
  /**
   * Set when `result` is `failed`; `problems` only for content that breaks the contract, without
   * their English text (the Studio writes German).
   */
  failure: { kind: FailureKind; problems: Problem[] } | null;
}

export interface BuildStatus {
  version: typeof BUILD_STATUS_VERSION;
  /** Where the answer comes from: the publish server, or Netlify's deploy list. */
  source: 'publish-server' | 'netlify';
  /**
   * The build the site serves now; `indexNow` when IndexNow is on (core/publish/indexnow.ts): how
   * the notice to search engines of the addresses it changed went.
   */
  live: { id: string; finishedAt: string | null; indexNow?: IndexNowReport } | null;
  running: StatusBuild | null;
  /** Publishes that wait for the next build (it starts when the running one ends), in order. */
  queue: { documents: TriggerDocument[]; since: string }[];
  /** Finished builds, newest first, at most BUILD_HISTORY_LENGTH. */
  builds: StatusBuild[];
  /** The external links of the live release found broken (publish server; Netlify with its link check; absent: not checked). */
  links?: LinkReport;
}


/** Checks a status read over the network (the Studio); undefined when it is not one of this version. */
export function parseBuildStatus(value: unknown): BuildStatus | undefined {
  if (!isObject(value) || value.version !== BUILD_STATUS_VERSION) return undefined;
  if (value.source !== 'publish-server' && value.source !== 'netlify') return undefined;
  if (!Array.isArray(value.builds) || !Array.isArray(value.queue)) return undefined;
  if (value.live !== null && !isObject(value.live)) return undefined;
  if (value.running !== null && !isObject(value.running)) return undefined;
  const isBuild = (build: unknown): build is StatusBuild =>
    isObject(build) && typeof build.id === 'string' && typeof build.startedAt === 'string' && isObject(build.trigger) && Array.isArray(build.trigger.documents);
  if (!value.builds.every(isBuild) || (value.running !== null && !isBuild(value.running))) return undefined;
  // A link report that is not one is left out, never trusted (the Studio renders it).
  const { links, ...status } = value;
  const report = links === undefined ? undefined : parseLinkReport(links);
  return { ...(status as unknown as BuildStatus), ...(report ? { links: report } : {}) };
}
