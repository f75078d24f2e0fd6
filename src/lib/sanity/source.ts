// The one switch between content sources. Everything in src/ fetches content through a
// ContentSource (src/lib/content uses getSource()); nothing else imports @sanity/client or groq-js.
//
// Builds (getSource) keep a mirror of the published documents between runs (./sync.ts) and run
// the queries on it with groq-js, whichever source it came from; KSP_CONTENT_CACHE=off queries
// the source directly instead.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { createClient, type ClientPerspective, type SanityClient } from '@sanity/client';
import { evaluate, parse } from 'groq-js';
import { loadEmbeddedDataset, type RawDocument } from './embedded.ts';
import type { ContentSourceConfig, SanityEnv } from '../../../core/sanity/env.ts';
import { buildConfig } from '../build-config.ts';
import { syncEmbedded, syncSanity, type SyncResult, type SyncStats } from './sync.ts';

// The embedded dataset's default place is a build setting; many callers know it from here.
export { DEFAULT_DATASET_FILE } from '../build-config.ts';

export type QueryParams = Record<string, string | number | boolean | string[] | null>;

export interface ContentSource {
  readonly description: string;
  fetch<T>(query: string, params?: QueryParams): Promise<T>;
}

export interface SourceOptions {
  /** Directory of the content mirror; `false` queries the source directly (no sync). */
  cacheDir?: string | false;
}

/** A client of the Content Lake: `published` for builds, `drafts` (drafts over published) for the preview. */
export function createSanityClient(sanity: SanityEnv, perspective: ClientPerspective = 'published'): SanityClient {
  return createClient({
    projectId: sanity.projectId,
    dataset: sanity.dataset,
    apiVersion: sanity.apiVersion,
    token: sanity.token,
    // Builds must see what was just published, not a CDN copy.
    useCdn: false,
    perspective,
    ...(sanity.apiHost ? { apiHost: sanity.apiHost, useProjectHostname: false } : {}),
  });
}

function describeSanity(sanity: SanityEnv): string {
  return `Sanity project ${sanity.projectId}, dataset ${sanity.dataset}${sanity.apiHost ? ` via ${sanity.apiHost}` : ''}`;
}

function explainSanityError(description: string, error: unknown): Error {
  const status = (error as { statusCode?: number }).statusCode;
  const hint =
    status === 401 || status === 403
      ? ' The dataset is private or the token is wrong: set SANITY_READ_TOKEN to a token with read access (sanity.io/manage → API → Tokens).'
      : status === 404
        ? ' Check SANITY_PROJECT_ID and SANITY_DATASET.'
        : '';
  return new Error(`Fetching content from ${description} failed: ${(error as Error).message}.${hint}`, { cause: error });
}

function sanitySource(sanity: SanityEnv, perspective: ClientPerspective = 'published'): ContentSource {
  return clientSource(createSanityClient(sanity, perspective), `${describeSanity(sanity)}${perspective === 'published' ? '' : ` (${String(perspective)})`}`);
}

function clientSource(client: SanityClient, description: string): ContentSource {
  return {
    description,
    async fetch<T>(query: string, params: QueryParams = {}) {
      try {
        return await client.fetch<T>(query, params);
      } catch (error) {
        throw explainSanityError(description, error);
      }
    },
  };
}

/**
 * GROQ over documents held in memory. References resolve through an index by `_id`: groq-js
 * alone scans the whole dataset for every `->`, which made the queries O(n²) (about 10,000 docs ×
 * several references each).
 */
async function queryDocuments<T>(documents: RawDocument[], byId: Map<string, RawDocument>, query: string, params: QueryParams): Promise<T> {
  const tree = parse(query, { params });
  const value = await evaluate(tree, { dataset: documents, params, dereference: ({ _ref }) => byId.get(_ref) ?? null });
  return (await value.get()) as T;
}

function inMemorySource(description: string, load: () => Promise<RawDocument[]>): ContentSource {
  let dataset: Promise<{ documents: RawDocument[]; byId: Map<string, RawDocument> }> | undefined;
  return {
    description,
    async fetch<T>(query: string, params: QueryParams = {}) {
      dataset ??= load().then((documents) => ({ documents, byId: new Map(documents.map((doc) => [doc._id, doc])) }));
      const { documents, byId } = await dataset;
      return queryDocuments<T>(documents, byId, query, params);
    },
  };
}

/**
 * A Content Lake under a perspective, queried directly on every call (no mirror): what the
 * preview server renders, usually `drafts` (drafts over published). `sanity.token` must be
 * allowed to read drafts.
 */
export function perspectiveSource(sanity: SanityEnv, perspective: ClientPerspective): ContentSource & { client: SanityClient } {
  const client = createSanityClient(sanity, perspective);
  return { ...clientSource(client, `${describeSanity(sanity)} (${String(perspective)})`), client };
}

export function embeddedSource(file: string): ContentSource {
  return inMemorySource(`embedded dataset ${path.relative(process.cwd(), file) || file}`, () => loadEmbeddedDataset(file));
}

/** The last sync of this process (for reports and the bench); undefined before the first query. */
let lastSync: SyncStats | undefined;
export const getLastSyncStats = (): SyncStats | undefined => lastSync;

function mirroredSource(description: string, sync: () => Promise<SyncResult>): ContentSource {
  return inMemorySource(description, async () => {
    const { documents, stats } = await sync();
    lastSync = stats;
    return documents;
  });
}

export function createSource(config: ContentSourceConfig, { cacheDir = false }: SourceOptions = {}): ContentSource {
  if (cacheDir === false) return config.kind === 'sanity' ? sanitySource(config.sanity) : embeddedSource(config.file);
  if (config.kind === 'embedded') {
    return mirroredSource(`embedded dataset ${path.relative(process.cwd(), config.file) || config.file} (synced)`, () => syncEmbedded(config.file, cacheDir));
  }
  const { sanity } = config;
  const description = `${describeSanity(sanity)} (synced)`;
  // The identity of the content: another project, dataset, host or API version is another mirror.
  const sourceKey = `sanity:${sanity.projectId}:${sanity.dataset}:${sanity.apiHost ?? ''}:${sanity.apiVersion}`;
  return mirroredSource(description, async () => {
    try {
      return await syncSanity(createSanityClient(sanity), sourceKey, cacheDir);
    } catch (error) {
      throw explainSanityError(description, error);
    }
  });
}

let current: ContentSource | undefined;

/** The source the build's settings choose (src/lib/build-config.ts), created once per build. */
export function getSource(): ContentSource {
  if (!current) {
    const config = buildConfig();
    const source = createSource(config.source, { cacheDir: config.contentCacheDir });
    current = config.contentReportFile ? withReport(source, config.contentReportFile) : source;
  }
  return current;
}

/**
 * KSP_CONTENT_REPORT=<file>: when the process ends, appends one JSON line with the number of
 * queries, the last sync and the peak RSS of this process (used by bench/build.ts).
 */
function withReport(source: ContentSource, file: string): ContentSource {
  const queries: Record<string, number> = {};
  process.once('exit', () => {
    const line = { pid: process.pid, source: source.description, queries, sync: lastSync ?? null, maxRssKb: process.resourceUsage().maxRSS };
    try {
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // A report is a diagnostic; never fail a build over it.
    }
  });
  return {
    description: source.description,
    fetch<T>(query: string, params?: QueryParams) {
      const key = query.trim().replace(/\s+/g, ' ').slice(0, 60);
      queries[key] = (queries[key] ?? 0) + 1;
      return source.fetch<T>(query, params);
    },
  };
}
