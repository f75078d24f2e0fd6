// The build manifest: a small JSON file every build writes into the site (BUILD_MANIFEST_PATH),
// saying which build is live and which revision of every content document it rendered. The
// Studio compares a document's published `_rev` with it to tell an editor whether the change is
// live. It is not a page: no sitemap entry, no search index, and CORS only for the Studio.
//
// Pure: the build (src/pages/build-manifest.json.ts, scripts/build.ts), the publish server and
// the Studio share these types and checks.
import { isObject, parseBuildTrigger, type BuildTrigger } from './build-trigger.ts';
import { parseNextChange, type NextChange } from './next-change.ts';

export const BUILD_MANIFEST_PATH = '/build-manifest.json';
export const BUILD_MANIFEST_VERSION = 1;

export type ManifestSource = { kind: 'embedded' } | { kind: 'sanity'; projectId: string; dataset: string };

export interface BuildManifest {
  version: typeof BUILD_MANIFEST_VERSION;
  /** The release id (publish server), Netlify's deploy id, or `local-<start>` (scripts/build.ts). */
  buildId: string;
  startedAt: string;
  /** Set by scripts/build.ts once the search index is written; null while the build runs. */
  finishedAt: string | null;
  source: ManifestSource;
  /** Why this build ran (core/publish/build-trigger.ts); `other` when nobody said. */
  trigger: BuildTrigger;
  /** `_id` → `_rev` of every published content document the build read (documents with a `_rev`). */
  revisions: Record<string, string>;
  /**
   * The next instant the site's output changes by itself and why (core/publish/next-change.ts);
   * null when nothing is scheduled. The publish server and the Netlify scheduled function rebuild
   * then. Absent in manifests of older builds (read as null).
   */
  nextChange: NextChange | null;
  /**
   * Published documents this build read but no longer shows because their "Sichtbar bis" has
   * passed: still published in Sanity (the platform could not unpublish them, or not yet).
   */
  hidden: HiddenDocument[];
  /**
   * Every page of the sitemap: its site-relative path → its `lastmod` (ISO instant), or null for a
   * page without a reliable date. Written after the pages (src/build/stamp-manifest.ts); absent in
   * manifests of builds before it, which then cannot be compared page by page (core/publish/indexnow.ts).
   */
  pages?: Record<string, string | null>;
  /** The site's origin those paths belong to (SITE_URL of the build); set together with `pages`. */
  site?: string;
}

export interface HiddenDocument {
  _id: string;
  _type: string;
  title?: string;
  visibleUntil: string;
  /**
   * Where shown documents link to it: the site renders those links as plain text (menu entries
   * are left out) instead of failing the build; the editor should remove or change them.
   */
  linkedFrom?: { id: string; type: string; field: string }[];
}

type Env = Record<string, string | undefined>;

/**
 * Netlify sets DEPLOY_ID in builds; the publish server passes its release id as KSP_BUILD_ID, and
 * scripts/build.ts passes the id it chose (`local-<start>` without the other two) to `astro build`.
 */
export function buildIdFromEnv(env: Env, startedAt: Date): string {
  const id = env.KSP_BUILD_ID?.trim() || env.DEPLOY_ID?.trim();
  return id || `local-${startedAt.toISOString()}`;
}

const OTHER: BuildTrigger = { kind: 'other', documents: [] };

/** Reads a trigger from JSON; anything else counts as `other`. */
export function parseTriggerJson(json: string | undefined): BuildTrigger {
  if (!json?.trim()) return OTHER;
  try {
    return parseBuildTrigger(JSON.parse(json)) ?? OTHER;
  } catch {
    return OTHER;
  }
}

/**
 * Why this build runs: the file the publish server names in KSP_BUILD_TRIGGER_FILE (a trigger
 * lists every published document, too much for an environment variable), or on Netlify the body
 * the Functions sent to the build hook (INCOMING_HOOK_BODY, netlify/lib/build-hook.ts). The
 * caller reads the file (`readText`, undefined when it cannot), so this module stays free of I/O.
 * A trigger that cannot be read counts as `other`: it is information, never a reason to fail a build.
 */
export function triggerFromEnv(env: Env, readText: (file: string) => string | undefined): BuildTrigger {
  const file = env.KSP_BUILD_TRIGGER_FILE?.trim();
  return parseTriggerJson(file ? readText(file) : env.INCOMING_HOOK_BODY);
}

export function createManifest(input: {
  buildId: string;
  startedAt: Date;
  source: ManifestSource;
  trigger: BuildTrigger;
  documents: readonly { _id: string; _rev?: unknown }[];
  nextChange?: NextChange | null;
  hidden?: readonly HiddenDocument[];
}): BuildManifest {
  const revisions: Record<string, string> = {};
  // Sorted, so two builds of the same content write the same file.
  for (const doc of [...input.documents].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))) {
    if (typeof doc._rev === 'string' && doc._rev !== '') revisions[doc._id] = doc._rev;
  }
  return {
    version: BUILD_MANIFEST_VERSION,
    buildId: input.buildId,
    startedAt: input.startedAt.toISOString(),
    finishedAt: null,
    source: input.source,
    trigger: input.trigger,
    revisions,
    nextChange: input.nextChange ?? null,
    hidden: [...(input.hidden ?? [])],
  };
}

function parseHidden(value: unknown): HiddenDocument[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((doc) =>
    isObject(doc) && typeof doc._id === 'string' && typeof doc._type === 'string' && typeof doc.visibleUntil === 'string'
      ? [
          {
            _id: doc._id,
            _type: doc._type,
            ...(typeof doc.title === 'string' ? { title: doc.title } : {}),
            visibleUntil: doc.visibleUntil,
            ...(Array.isArray(doc.linkedFrom) ? { linkedFrom: doc.linkedFrom.filter(isLinkSource) } : {}),
          },
        ]
      : [],
  );
}

const isLinkSource = (value: unknown): value is { id: string; type: string; field: string } =>
  isObject(value) && typeof value.id === 'string' && typeof value.type === 'string' && typeof value.field === 'string';

const isIsoInstant = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** Checks a manifest read over the network; undefined when it is not one (or another version). */
export function parseManifest(value: unknown): BuildManifest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (m.version !== BUILD_MANIFEST_VERSION || typeof m.buildId !== 'string' || !isIsoInstant(m.startedAt)) return undefined;
  if (m.finishedAt !== null && !isIsoInstant(m.finishedAt)) return undefined;
  if (typeof m.revisions !== 'object' || m.revisions === null || Array.isArray(m.revisions)) return undefined;
  if (!Object.values(m.revisions).every((rev) => typeof rev === 'string')) return undefined;
  const source = m.source as ManifestSource | undefined;
  if (source?.kind !== 'embedded' && source?.kind !== 'sanity') return undefined;
  const pages = parsePages(m.pages);
  return {
    version: BUILD_MANIFEST_VERSION,
    buildId: m.buildId,
    startedAt: m.startedAt,
    finishedAt: m.finishedAt,
    source,
    trigger: parseBuildTrigger(m.trigger) ?? OTHER,
    revisions: m.revisions as Record<string, string>,
    nextChange: parseNextChange(m.nextChange) ?? null,
    hidden: parseHidden(m.hidden),
    // A page list that is not one is dropped, not fatal: the Studio only needs the revisions.
    ...(pages && typeof m.site === 'string' && URL.canParse(m.site) ? { pages, site: m.site } : {}),
  };
}

function parsePages(value: unknown): Record<string, string | null> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every(([path, lastmod]) => path.startsWith('/') && (lastmod === null || isIsoInstant(lastmod))) ? (value as Record<string, string | null>) : undefined;
}

/**
 * Adds the sitemap's pages with their `lastmod` (src/integrations/sitemap.ts, once every page is
 * rendered), sorted by path so two builds of the same content write the same file.
 */
export function withPages(manifest: BuildManifest, site: string, pages: ReadonlyMap<string, string | null>): BuildManifest {
  const sorted = [...pages].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { ...manifest, site, pages: Object.fromEntries(sorted) };
}

/** Whether this revision of the document is what the live site shows. */
export function isLive(manifest: BuildManifest, id: string, rev: string): boolean {
  return manifest.revisions[id] === rev;
}

/**
 * Stamps the manifest of a finished build (scripts/build.ts, after the search index) with the
 * start of the whole build and its end.
 */
export function finishManifest(manifest: BuildManifest, startedAt: Date, finishedAt: Date): BuildManifest {
  return { ...manifest, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString() };
}
