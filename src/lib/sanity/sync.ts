// Incremental content sync: a local mirror of the published documents, kept between builds in a
// cache file, so a build fetches only what changed since the last one. Queries then run on the
// mirror with groq-js (src/lib/sanity/source.ts), for Sanity and the embedded dataset alike.
//
//   Sanity:   one cheap listing `*[]{_id, _rev}` (published perspective), then the bodies of new
//             and changed ids only (`*[_id in $ids]`); ids missing from the listing are deleted.
//             The mirror file is NDJSON, one document per line: a sync writes the lines of
//             unchanged documents back as it read them, so only changed ones are serialised.
//   Embedded: the dataset file is itself the mirror. Every line is parsed (as fast as reading a
//             copy of it would be); the cache keeps only each line's hash and id, so a sync still
//             counts what is new, edited and deleted since the last one.
//
// The listing runs on every build, so a deleted document never survives in the mirror. A cache
// that cannot be read, has another format version, or belongs to another source is ignored (full
// fetch); it is written atomically, so a crashed build leaves the previous one intact.
import { hash as oneShotHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SanityClient } from '@sanity/client';
import { isDraftOrVersionId } from '../../../core/sanity/ids.ts';
import { ImageMetadataCache, loadEmbeddedDataset, type RawDocument } from './embedded.ts';
import { writeFileAtomic } from '../../../core/write-atomic.ts';

/** Bump when the cache layout or what is stored per document changes: old caches are refetched. */
export const MIRROR_VERSION = 2;

/** Bodies per request: keeps GET URLs short enough and responses moderate. */
const BATCH_SIZE = 200;

export interface SyncStats {
  source: string;
  /** `full`: no usable cache; `incremental`: only changes fetched; `off`: cache disabled. */
  mode: 'full' | 'incremental' | 'off';
  /** Why a full fetch happened, when it did. */
  reason?: string;
  /** Documents in the listing (Sanity) or lines in the file (embedded). */
  listed: number;
  /** Document bodies fetched (Sanity) or new and edited lines (embedded). */
  fetched: number;
  deleted: number;
  /** Documents in the mirror after the sync. */
  documents: number;
  requests: number;
  ms: number;
}

interface MirrorEntry {
  rev: string;
  doc: RawDocument;
  /** The document as the mirror file holds it (JSON on one line). */
  line: string;
}

/** The mirror file's first line; Sanity mirrors then hold one document per line. */
interface MirrorHeader {
  version: number;
  source: string;
  /** When this mirror was last brought up to date (the sync marker). */
  syncedAt: string;
  /** Embedded only: the id each line of the dataset held at the last sync, by the line's hash ('' for a draft). */
  lines?: Record<string, string>;
}

interface Mirror {
  header: MirrorHeader;
  documents: Map<string, MirrorEntry>;
}

export interface SyncResult {
  documents: RawDocument[];
  stats: SyncStats;
}

const hash = (text: string) => oneShotHash('sha1', text, 'base64url');

/** The cache file of one source, named by its identity so two sources never share a mirror. */
export function mirrorFile(cacheDir: string, sourceKey: string): string {
  return path.join(cacheDir, `mirror-${hash(sourceKey).slice(0, 16)}.json`);
}

async function readMirror(file: string, sourceKey: string): Promise<{ mirror?: Mirror; reason?: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { reason: 'no cache yet' };
  }
  try {
    const lines = text.split('\n');
    // (A mirror of format 1 is one JSON object on one line: its version says so.)
    const header = JSON.parse(lines[0]!) as Partial<MirrorHeader>;
    if (header.version !== MIRROR_VERSION) return { reason: `cache format ${String(header.version)} is not ${MIRROR_VERSION}` };
    if (header.source !== sourceKey) return { reason: 'cache belongs to another source' };
    if (typeof header.syncedAt !== 'string') throw new Error('no sync marker');
    const documents = new Map<string, MirrorEntry>();
    for (let index = 1; index < lines.length; index++) {
      const line = lines[index]!;
      if (line === '') continue;
      const doc = JSON.parse(line) as RawDocument;
      if (typeof doc?._id !== 'string' || typeof doc._rev !== 'string') throw new Error(`line ${index + 1} is not a document with _id and _rev`);
      documents.set(doc._id, { rev: doc._rev, doc, line });
    }
    return { mirror: { header: header as MirrorHeader, documents } };
  } catch (error) {
    console.warn(`[content] The content cache ${file} is corrupt (${(error as Error).message}); fetching everything again.`);
    return { reason: 'corrupt cache' };
  }
}

async function writeMirror(file: string, header: MirrorHeader, documents: Iterable<MirrorEntry> = []): Promise<void> {
  const lines = [JSON.stringify(header)];
  for (const entry of documents) lines.push(entry.line);
  try {
    await writeFileAtomic(file, `${lines.join('\n')}\n`);
  } catch (error) {
    // A build that cannot write its cache is still correct, only the next one is slower.
    console.warn(`[content] Could not write the content cache ${file}: ${(error as Error).message}`);
  }
}

/** A document fetched from Sanity as a mirror entry. */
const fetchedEntry = (doc: RawDocument): MirrorEntry => ({ rev: doc._rev as string, doc, line: JSON.stringify(doc) });

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// Sanity's own system documents (`_.groups.*` …) are not content.
// System documents (`_.…`) and citizens' feedback (`feedback.…`, readable with a token) never
// belong in the build's mirror.
export const LISTING_QUERY = '*[!(_id in path("_.**")) && !(_id in path("feedback.**"))]{_id, _rev}';
const ALL_QUERY = '*[!(_id in path("_.**")) && !(_id in path("feedback.**"))]';
const BODIES_QUERY = '*[_id in $ids]';

/**
 * Brings the mirror of a Sanity dataset up to date through `client` (which must use the
 * `published` perspective) and returns the published documents.
 */
export async function syncSanity(client: SanityClient, sourceKey: string, cacheDir: string): Promise<SyncResult> {
  const started = performance.now();
  const file = mirrorFile(cacheDir, sourceKey);
  const { mirror, reason } = await readMirror(file, sourceKey);
  const syncedAt = new Date().toISOString();
  let requests = 0;
  const published = (docs: RawDocument[]) => docs.filter((doc) => !isDraftOrVersionId(doc._id) && typeof doc._rev === 'string');

  if (!mirror) {
    const docs = published(await client.fetch<RawDocument[]>(ALL_QUERY));
    requests++;
    await writeMirror(file, { version: MIRROR_VERSION, source: sourceKey, syncedAt }, docs.map(fetchedEntry));
    return {
      documents: docs,
      stats: { source: sourceKey, mode: 'full', reason, listed: docs.length, fetched: docs.length, deleted: 0, documents: docs.length, requests, ms: performance.now() - started },
    };
  }

  const listing = await client.fetch<{ _id: string; _rev: string }[]>(LISTING_QUERY);
  requests++;
  const current = new Map(listing.filter((row) => !isDraftOrVersionId(row._id)).map((row) => [row._id, row._rev]));
  const documents = mirror.documents;
  let deleted = 0;
  for (const id of [...documents.keys()]) {
    if (!current.has(id)) {
      documents.delete(id);
      deleted++;
    }
  }
  const changed = [...current].filter(([id, rev]) => documents.get(id)?.rev !== rev).map(([id]) => id);
  let fetched = 0;
  for (const ids of chunks(changed, BATCH_SIZE)) {
    const bodies = published(await client.fetch<RawDocument[]>(BODIES_QUERY, { ids }));
    requests++;
    fetched += bodies.length;
    const seen = new Set<string>();
    for (const doc of bodies) {
      documents.set(doc._id, fetchedEntry(doc));
      seen.add(doc._id);
    }
    // Listed a moment ago but gone now: deleted in between.
    for (const id of ids) {
      if (!seen.has(id) && documents.delete(id)) deleted++;
    }
  }
  if (fetched > 0 || deleted > 0 || changed.length > 0) {
    await writeMirror(file, { version: MIRROR_VERSION, source: sourceKey, syncedAt }, documents.values());
  }
  const docs = [...documents.values()].map((entry) => entry.doc);
  return {
    documents: docs,
    stats: { source: sourceKey, mode: 'incremental', listed: current.size, fetched, deleted, documents: docs.length, requests, ms: performance.now() - started },
  };
}

/**
 * Loads an embedded NDJSON dataset, which is its own mirror: every line is parsed, and the cache
 * (each line's hash and id at the last sync) tells what is new, edited and deleted since then.
 * Image assets are materialised for the whole dataset every time (cheap: image facts are cached
 * by path, size and mtime), so an image replaced on disk is picked up even when no document
 * changed.
 */
export async function syncEmbedded(file: string, cacheDir: string): Promise<SyncResult> {
  const started = performance.now();
  const sourceKey = `embedded:${path.resolve(file)}`;
  const cacheFile = mirrorFile(cacheDir, sourceKey);
  const { mirror, reason } = await readMirror(cacheFile, sourceKey);
  const known = mirror?.header.lines ?? {};
  // Each line's hash and the id it holds ('' for a draft); new and edited lines count as fetched.
  const lineIds: Record<string, string> = {};
  let fetched = 0;
  const images = await new ImageMetadataCache(path.join(cacheDir, 'image-metadata.json')).load();
  const documents = await loadEmbeddedDataset(file, {
    images,
    onLine: (doc, line) => {
      const rev = hash(line);
      const id = isDraftOrVersionId(doc._id) ? '' : doc._id;
      lineIds[rev] = id;
      if (id !== '' && known[rev] !== id) fetched++;
    },
  });
  await images.save();
  const ids = Object.values(lineIds);
  const current = new Set(ids);
  const deleted = new Set(Object.values(known).filter((id) => id !== '' && !current.has(id))).size;
  const changedLines = ids.length !== Object.keys(known).length || Object.keys(lineIds).some((rev) => known[rev] === undefined);
  if (!mirror || changedLines) {
    await writeMirror(cacheFile, { version: MIRROR_VERSION, source: sourceKey, syncedAt: new Date().toISOString(), lines: lineIds });
  }
  return {
    documents,
    stats: {
      source: sourceKey,
      mode: mirror ? 'incremental' : 'full',
      reason,
      listed: ids.length,
      fetched,
      deleted,
      documents: ids.filter((id) => id !== '').length,
      requests: 0,
      ms: performance.now() - started,
    },
  };
}
