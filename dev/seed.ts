// Seeds a Sanity project with the embedded dataset: `npm run seed [-- path/to/dataset.ndjson]`
// (scripts/seed.ts), and the local Content Lake when it starts empty (dev/lake/index.ts).
//
// Needs SANITY_PROJECT_ID, SANITY_DATASET and SANITY_WRITE_TOKEN (an API token with the Editor
// role, from sanity.io/manage → API → Tokens). SANITY_API_HOST points the client at another
// host (tests use the local Content Lake, dev/lake).
//
// Safe to run again: documents are written with createOrReplace (same ids, same end state) and
// every image is looked up by its SHA-1 before it is uploaded, so no asset is stored twice.
// Each document is sent exactly once per run; all documents of a batch are one transaction.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createClient, type SanityClient } from '@sanity/client';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEFAULT_FILE = path.join(ROOT, 'content', 'dataset.ndjson');
const API_VERSION = '2025-02-19';
// Sanity accepts large transactions, but a few MB per request keeps retries cheap.
const MAX_BATCH_BYTES = 2_000_000;

interface SanityDoc {
  _id: string;
  _type: string;
  [key: string]: unknown;
}

export interface SeedOptions {
  projectId: string;
  dataset: string;
  token: string;
  apiHost?: string;
  file?: string;
  log?: (line: string) => void;
}

export interface SeedResult {
  documents: number;
  transactions: number;
  assetsUploaded: number;
  assetsReused: number;
}

export class SeedConfigError extends Error {}

const VARIABLES = {
  SANITY_PROJECT_ID: 'die Projekt-ID (sanity.io/manage) / the project id',
  SANITY_DATASET: 'der Ziel-Datensatz, z. B. production / the target dataset, e.g. production',
  SANITY_WRITE_TOKEN: 'ein API-Token mit Editor-Rechten / an API token with the Editor role',
} as const;

/** Reads the seed settings from the environment; names every missing variable. */
export function readSeedEnv(env: NodeJS.ProcessEnv): SeedOptions {
  const value = (name: string) => env[name]?.trim() || undefined;
  const missing = (Object.keys(VARIABLES) as Array<keyof typeof VARIABLES>).filter((name) => !value(name));
  if (missing.length > 0) {
    throw new SeedConfigError(
      [
        `Seed abgebrochen: ${missing.join(', ')} ${missing.length === 1 ? 'fehlt' : 'fehlen'}. / Seed stopped: missing ${missing.join(', ')}.`,
        ...missing.map((name) => `  ${name}: ${VARIABLES[name]}`),
        '  Beispiel / example:',
        '  SANITY_PROJECT_ID=abc123xy SANITY_DATASET=production SANITY_WRITE_TOKEN=sk... npm run seed',
      ].join('\n'),
    );
  }
  return {
    projectId: value('SANITY_PROJECT_ID')!,
    dataset: value('SANITY_DATASET')!,
    token: value('SANITY_WRITE_TOKEN')!,
    apiHost: value('SANITY_API_HOST'),
  };
}

function parseNdjson(text: string, file: string): SanityDoc[] {
  return text
    .split('\n')
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      let doc: SanityDoc;
      try {
        doc = JSON.parse(line) as SanityDoc;
      } catch (error) {
        throw new Error(`${file}:${number}: keine gültige JSON-Zeile (${(error as Error).message}).`, { cause: error });
      }
      if (typeof doc._id !== 'string' || typeof doc._type !== 'string') {
        throw new Error(`${file}:${number}: Dokument ohne _id oder _type.`);
      }
      return doc;
    });
}

/** Every `_sanityAsset` string (the importer's "image@file://./images/x.jpg") in a value. */
function collectAssetSources(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectAssetSources(item, into);
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '_sanityAsset' && typeof child === 'string') into.add(child);
      else collectAssetSources(child, into);
    }
  }
}

/** Replaces `_sanityAsset` with a reference to the uploaded asset, like `sanity dataset import`. */
function replaceAssetSources(value: unknown, assetIds: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => replaceAssetSources(item, assetIds));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '_sanityAsset' && typeof child === 'string') {
      out.asset = { _type: 'reference', _ref: assetIds.get(child) };
    } else {
      out[key] = replaceAssetSources(child, assetIds);
    }
  }
  return out;
}

/**
 * The file an asset source names, which must lie inside the dataset's folder: a dataset line such
 * as "image@file:///etc/hostname" or "image@file://../../.env" must not make the seed read and
 * upload any file of this machine. The check is on the path as written; a symlink inside the
 * folder (e.g. an images folder kept elsewhere) was put there by whoever set up the folder.
 */
function resolveAssetFile(source: string, baseDir: string): { kind: 'image' | 'file'; file: string } {
  const match = /^(image|file)@file:\/\/(.+)$/.exec(source);
  if (!match)
    throw new Error(`Unbekannte Asset-Quelle „${source}“ (erwartet: image@file://./images/<datei>).`);
  const folder = path.resolve(baseDir);
  const file = path.resolve(folder, match[2]);
  if (!file.startsWith(folder + path.sep)) {
    throw new Error(
      `Asset-Quelle „${source}“ zeigt aus dem Ordner des Datensatzes (${path.relative(ROOT, folder) || '.'}) heraus. ` +
        'Bilder müssen in diesem Ordner liegen, z. B. image@file://./images/<datei>. Es wurde nichts hochgeladen.',
    );
  }
  return { kind: match[1] as 'image' | 'file', file };
}

async function uploadAssets(
  client: SanityClient,
  sources: Set<string>,
  baseDir: string,
  log: (line: string) => void,
): Promise<{ ids: Map<string, string>; uploaded: number; reused: number }> {
  const ids = new Map<string, string>();
  let uploaded = 0;
  let reused = 0;
  // Every source is checked before the first upload, so a bad one stops the seed before it sends anything.
  const files = new Map<string, { kind: 'image' | 'file'; file: string }>();
  for (const source of [...sources].sort()) files.set(source, resolveAssetFile(source, baseDir));
  for (const [source, { kind, file }] of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      throw new Error(`Bild nicht gefunden: ${path.relative(ROOT, file)} (aus „${source}“).`);
    }
    const sha1 = createHash('sha1').update(bytes).digest('hex');
    const assetType = kind === 'image' ? 'sanity.imageAsset' : 'sanity.fileAsset';
    // Sanity stores an asset's SHA-1; finding it first makes a second run upload nothing.
    const existing = await client.fetch<string | null>(`*[_type == $assetType && sha1hash == $sha1][0]._id`, {
      assetType,
      sha1,
    });
    if (existing) {
      ids.set(source, existing);
      reused += 1;
      continue;
    }
    const asset = await client.assets.upload(kind, bytes, {
      filename: path.basename(file),
      source: { name: 'ksp-seed', id: sha1 },
    });
    ids.set(source, asset._id);
    uploaded += 1;
    log(`  Bild hochgeladen: ${path.basename(file)} → ${asset._id}`);
  }
  return { ids, uploaded, reused };
}

/**
 * Orders documents so that referenced documents come first (partners before services, …).
 * Within one transaction the order does not matter to Sanity; across batches it does.
 */
function referencedIds(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) referencedIds(item, into);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record._ref === 'string' && record._weak !== true) into.add(record._ref);
    for (const child of Object.values(record)) referencedIds(child, into);
  }
  return into;
}

function orderByReferences(docs: SanityDoc[]): SanityDoc[] {
  const byId = new Map(docs.map((doc) => [doc._id, doc]));
  const ordered: SanityDoc[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (doc: SanityDoc) => {
    if (state.has(doc._id)) return; // done, or a cycle (e.g. related services): keep file order
    state.set(doc._id, 'visiting');
    for (const ref of referencedIds(doc, new Set())) {
      const target = byId.get(ref);
      if (target && target !== doc) visit(target);
    }
    state.set(doc._id, 'done');
    ordered.push(doc);
  };
  for (const doc of docs) visit(doc);
  return ordered;
}

function toBatches(docs: SanityDoc[]): SanityDoc[][] {
  const batches: SanityDoc[][] = [];
  let current: SanityDoc[] = [];
  let bytes = 0;
  for (const doc of docs) {
    const size = Buffer.byteLength(JSON.stringify(doc));
    if (current.length > 0 && bytes + size > MAX_BATCH_BYTES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(doc);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export async function seed(options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const file = options.file ?? DEFAULT_FILE;
  const client = createClient({
    projectId: options.projectId,
    dataset: options.dataset,
    token: options.token,
    apiVersion: API_VERSION,
    useCdn: false,
    perspective: 'raw',
    ...(options.apiHost ? { apiHost: options.apiHost, useProjectHostname: false } : {}),
  });

  const docs = parseNdjson(await readFile(file, 'utf8'), path.relative(ROOT, file));
  const ids = new Set<string>();
  for (const doc of docs) {
    if (ids.has(doc._id))
      throw new Error(`Das Dokument „${doc._id}“ steht zweimal in ${path.relative(ROOT, file)}.`);
    ids.add(doc._id);
  }
  log(
    `Seed: ${docs.length} Dokumente aus ${path.relative(ROOT, file)} → ${options.projectId}/${options.dataset}`,
  );

  const sources = new Set<string>();
  collectAssetSources(docs, sources);
  const assets = await uploadAssets(client, sources, path.dirname(file), log);

  // The Content Lake sets _rev and _updatedAt itself.
  const prepared = orderByReferences(docs).map((doc) => {
    const {
      _rev: _ignoredRev,
      _updatedAt: _ignoredUpdatedAt,
      ...rest
    } = replaceAssetSources(doc, assets.ids) as SanityDoc;
    return rest as SanityDoc;
  });
  const batches = toBatches(prepared);
  for (const [index, batch] of batches.entries()) {
    const transaction = client.transaction();
    for (const doc of batch) transaction.createOrReplace(doc);
    await transaction.commit({ visibility: 'sync', tag: 'ksp.seed' });
    log(`  Transaktion ${index + 1}/${batches.length}: ${batch.length} Dokumente geschrieben`);
  }
  log(
    `Fertig: ${docs.length} Dokumente, Bilder: ${assets.uploaded} hochgeladen, ${assets.reused} schon vorhanden.`,
  );
  return {
    documents: docs.length,
    transactions: batches.length,
    assetsUploaded: assets.uploaded,
    assetsReused: assets.reused,
  };
}
