// The build status API that the Studio reads (README "Build status API"): what is live, what is
// building, what waits, and the recent builds with their results. The publish server answers it
// at BUILD_STATUS_PATH (server/build-history.ts), the Netlify Function
// netlify/functions/build-status.ts from Netlify's deploy list. It carries no absolute paths, stack
// traces or build output: a failure is a kind and, for content, the contract's problems by
// document, field and code; the Studio turns them into German (core/content/problems-de.ts).
import type { EditorProblem, FailureKind } from '../content/problems-de.ts';
import type { TriggerDocument } from './build-manifest.ts';

export const BUILD_STATUS_PATH = '/api/build-status';
export const BUILD_STATUS_VERSION = 1;
/** Finished builds the API lists, newest first. */
export const BUILD_HISTORY_LENGTH = 20;

/**
 * Why a build ran: documents were published (`publish`), an editor pressed "Website neu bauen"
 * (`rebuild`), the daily rebuild, the server's start, a retry after a failed first build.
 */
export type TriggerKind = 'publish' | 'rebuild' | 'daily' | 'startup' | 'retry' | 'other';

export interface StatusBuild {
  id: string;
  trigger: { kind: TriggerKind; documents: TriggerDocument[] };
  startedAt: string;
  /** null while it runs */
  finishedAt: string | null;
  durationMs: number | null;
  result: 'running' | 'success' | 'failed' | 'cancelled';
  /** Set when `result` is `failed`; `problems` only for content that breaks the contract. */
  failure: { kind: FailureKind; problems: EditorProblem[] } | null;
}

export interface BuildStatus {
  version: typeof BUILD_STATUS_VERSION;
  /** Where the answer comes from: the publish server, or Netlify's deploy list. */
  source: 'publish-server' | 'netlify';
  /** The build the site serves now. */
  live: { id: string; finishedAt: string | null } | null;
  running: StatusBuild | null;
  /** Publishes that wait for the next build (it starts when the running one ends), in order. */
  queue: { documents: TriggerDocument[]; since: string }[];
  /** Finished builds, newest first, at most BUILD_HISTORY_LENGTH. */
  builds: StatusBuild[];
}

/** The document type the Studio's "Website neu bauen" writes (studio/schemaTypes/singletons/rebuildRequest.ts). */
export const REBUILD_REQUEST_TYPE = 'rebuildRequest';

/** The kind of a trigger, from its documents or the publish server's trigger text. */
export function triggerKind(documents: readonly TriggerDocument[], text = ''): TriggerKind {
  if (documents.length > 0) return documents.every((doc) => doc._type === REBUILD_REQUEST_TYPE) ? 'rebuild' : 'publish';
  if (text.startsWith('daily')) return 'daily';
  if (text.startsWith('startup')) return 'startup';
  if (text.startsWith('retry')) return 'retry';
  return 'other';
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

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
  return value as unknown as BuildStatus;
}
