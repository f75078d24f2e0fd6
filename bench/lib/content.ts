// Content loading for the bench, in this process: every query of the site once (the content
// types' `…Query` exports; src/lib/sanity/queries.ts in checkouts from before the registry),
// on groq-js over the embedded file and through @sanity/client against the local Content Lake
// (dev/lake) over HTTP; then the incremental sync (cold, no change, one edited document) for both.
// `siteRoot` selects which checkout's src/lib/sanity to load (the bench's --repo, for "before").
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDraftId } from '../../core/sanity/ids.ts';
import { startLake } from '../../dev/lake/index.ts';

type Source = { fetch<T>(query: string, params?: Record<string, unknown>): Promise<T> };
type SourceModule = {
  createSource(config: unknown, options?: { cacheDir?: string | false }): Source;
  getLastSyncStats?: () => { fetched: number; deleted: number; listed: number; mode: string; ms: number; requests: number } | undefined;
};
type RawDocument = { _id: string; _type: string; [key: string]: unknown };

export interface SyncStep {
  fetched: number;
  deleted: number;
  requests: number;
  ms: number;
  mode: string;
}

export interface ContentBench {
  queries: number;
  /** All queries on groq-js over the embedded file, including loading the file. */
  groqJsMs: number;
  /** All queries through @sanity/client against the local lake over HTTP. */
  clientMs: number;
  sync?: {
    sanity: { cold: SyncStep; noChange: SyncStep; oneDoc: SyncStep };
    embedded: { cold: SyncStep; noChange: SyncStep; oneDoc: SyncStep };
  };
}

/** Every GROQ query of a checkout: the `…Query` exports of its content types, or its one queries module. */
async function siteQueries(siteRoot: string): Promise<string[]> {
  const typesDir = path.join(siteRoot, 'src', 'content-types');
  const modules = existsSync(typesDir)
    ? (await readdir(typesDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => path.join(typesDir, entry.name, 'content.ts')).filter((file) => existsSync(file))
    : [path.join(siteRoot, 'src', 'lib', 'sanity', 'queries.ts')];
  const exported = await Promise.all(modules.map(async (file) => Object.entries((await import(pathToFileURL(file).href)) as Record<string, unknown>)));
  return exported.flat().flatMap(([name, value]) => (name.endsWith('Query') && typeof value === 'string' ? [value] : []));
}

async function runAll(source: Source, queries: string[]): Promise<number> {
  const started = performance.now();
  // Sequential, like the first page of a build that needs them all.
  for (const query of queries) await source.fetch(query);
  return performance.now() - started;
}

export async function benchContent(siteRoot: string, datasetFile: string, work: string): Promise<ContentBench> {
  const lib = (file: string) => import(pathToFileURL(path.join(siteRoot, 'src', 'lib', 'sanity', file)).href);
  const sourceModule = (await lib('source.ts')) as SourceModule;
  const queries = await siteQueries(siteRoot);
  const embedded = (await lib('embedded.ts')) as { loadEmbeddedDataset(file: string, options: { includeDrafts: boolean }): Promise<RawDocument[]> };

  const groqJsMs = await runAll(sourceModule.createSource({ kind: 'embedded', file: datasetFile }), queries);

  const lakeDocs = await embedded.loadEmbeddedDataset(datasetFile, { includeDrafts: true });
  const lake = await startLake({ dir: null, seedFile: false, documents: lakeDocs });
  try {
    const apiHost = lake.url.replace('localhost', '127.0.0.1');
    const sanityConfig = { kind: 'sanity', sanity: { projectId: 'ksp-bench', dataset: lake.dataset, apiVersion: '2025-02-19', apiHost } };
    const clientMs = await runAll(sourceModule.createSource(sanityConfig, { cacheDir: false }), queries);
    const result: ContentBench = { queries: queries.length, groqJsMs, clientMs };
    if (!sourceModule.getLastSyncStats) return result;

    // One "build" = a fresh source over the same cache directory, loading every query.
    const step = async (config: unknown, cacheDir: string): Promise<SyncStep> => {
      const source = sourceModule.createSource(config, { cacheDir });
      await source.fetch(queries[0]!);
      const stats = sourceModule.getLastSyncStats!()!;
      return { fetched: stats.fetched, deleted: stats.deleted, requests: stats.requests, ms: stats.ms, mode: stats.mode };
    };
    const editedId = lakeDocs.find((doc) => doc._type === 'service' && !isDraftId(doc._id))!._id;

    const sanityCache = await mkdtemp(path.join(work, 'sync-sanity-'));
    const sanityCold = await step(sanityConfig, sanityCache);
    const sanityNoChange = await step(sanityConfig, sanityCache);
    await lake.store.replaceDocuments(lakeDocs.map((doc) => (doc._id === editedId ? { ...doc, _rev: undefined, title: { _type: 'localeString', de: 'Geändert im Bench' } } : doc)));
    const sanityOneDoc = await step(sanityConfig, sanityCache);

    const copyDir = await mkdtemp(path.join(work, 'sync-embedded-data-'));
    const copy = path.join(copyDir, 'dataset.ndjson');
    await copyFile(datasetFile, copy);
    for (const dir of ['images', 'photos']) {
      if (existsSync(path.join(path.dirname(datasetFile), dir))) await symlink(path.join(path.dirname(datasetFile), dir), path.join(copyDir, dir));
    }
    const embeddedConfig = { kind: 'embedded', file: copy };
    const embeddedCache = await mkdtemp(path.join(work, 'sync-embedded-'));
    const embeddedCold = await step(embeddedConfig, embeddedCache);
    const embeddedNoChange = await step(embeddedConfig, embeddedCache);
    const lines = (await readFile(copy, 'utf8')).split('\n');
    const index = lines.findIndex((line) => line.includes(`"_id":"${editedId}"`));
    lines[index] = lines[index]!.replace(/"de":"[^"]*"/, '"de":"Geändert im Bench"');
    await writeFile(copy, lines.join('\n'));
    const embeddedOneDoc = await step(embeddedConfig, embeddedCache);

    result.sync = {
      sanity: { cold: sanityCold, noChange: sanityNoChange, oneDoc: sanityOneDoc },
      embedded: { cold: embeddedCold, noChange: embeddedNoChange, oneDoc: embeddedOneDoc },
    };
    return result;
  } finally {
    await lake.close();
  }
}
