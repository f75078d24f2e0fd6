// Where the content layer keeps what it has loaded. A static build renders every page in one
// process from one source, so everything is loaded once and kept for the whole build (the
// process scope). The preview server renders each request from the drafts of that moment: the
// request runs in a scope of its own (AsyncLocalStorage), with its own source, clock and
// memory, so nothing one request loaded is ever seen by another.
import { AsyncLocalStorage } from 'node:async_hooks';
import { getSource, type ContentSource } from '../sanity/source.ts';
import type { Problem } from '../../../core/content/problem.ts';

/** The Content Release a preview shows (the top of its perspective), as the banner names it. */
export interface PreviewRelease {
  /** The release's id (`rWeek` of `_.releases.rWeek`). */
  name: string;
  /** Its title in the Studio; empty when it has none. */
  title: string;
  /** When it is scheduled to go live (ISO), if it is. */
  publishAt?: string | undefined;
}

/** What a preview request knows beyond its content: where the Studio is (for edit links), which release it shows. */
export interface PreviewContext {
  /** The Studio's URL, e.g. http://localhost:3333; overlays link edits there. */
  studioUrl: string;
  /** Set when the preview shows the site as a release will make it (a release perspective). */
  release?: PreviewRelease | undefined;
}

export interface ContentScope {
  source: ContentSource;
  /** "Now" of this scope: the request time in a preview; unset in a build (build-date.ts decides). */
  now?: Date | undefined;
  /** Set only while a preview request renders. */
  preview?: PreviewContext | undefined;
  /** Results of `scoped` loaders, by loader. */
  readonly memo: Map<object, unknown>;
}

const requests = new AsyncLocalStorage<ContentScope>();
let processScope: ContentScope | undefined;

/** The scope of the running request, or the process-wide one of a build. */
export function currentScope(): ContentScope {
  return requests.getStore() ?? (processScope ??= { source: getSource(), memo: new Map() });
}

/**
 * Runs `render` (and everything it awaits) in a scope of its own. A `memo` may be shared only by
 * requests that would load exactly the same (src/preview/content-cache.ts); by default it is new.
 */
export function runInScope<T>(scope: Omit<ContentScope, 'memo'> & { memo?: Map<object, unknown> }, render: () => Promise<T>): Promise<T> {
  return requests.run({ ...scope, memo: scope.memo ?? new Map() }, render);
}

/** The preview context of the running request; undefined in a build. */
export function previewContext(): PreviewContext | undefined {
  return requests.getStore()?.preview;
}

/**
 * A loader whose result is kept for the scope it ran in: once per build, once per preview
 * request. Use it for everything derived from content that more than one page asks for.
 */
export function scoped<T>(load: () => T): () => T {
  const key = {};
  return () => {
    const { memo } = currentScope();
    if (!memo.has(key)) memo.set(key, load());
    return memo.get(key) as T;
  };
}

/** What a preview request met in drafts that breaks the contract (./contract.ts). */
export interface PreviewProblemLog {
  problems: Problem[];
  /** The German title (or name) of each document with a problem, by id, as far as it has one. */
  titles: Map<string, string>;
  /** Ids of the documents left out of the request's pages. */
  leftOut: Set<string>;
}

/**
 * The contract problems of a preview request; their documents are left out. Kept in the memo:
 * requests that share loaded content share its problems too.
 */
export const previewProblemLog = scoped((): PreviewProblemLog => ({ problems: [], titles: new Map(), leftOut: new Set() }));
