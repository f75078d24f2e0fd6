// Incremental content sync: a local mirror of the published documents, kept between builds in a
// cache file, so a build fetches only what changed since the last one. Queries then run on the
// mirror with groq-js (src/lib/sanity/source.ts), for Sanity and the embedded dataset alike.
//
//   Sanity:   one cheap listing `*[]{_id, _rev}` (published perspective), then the bodies of new
//             and changed ids only (`*[_id in $ids]`); ids missing from the listing are deleted.
//   Embedded: each NDJSON line is hashed; only lines whose hash is unknown are parsed.
//
// The listing runs on every build, so a deleted document never survives in the mirror. A cache
// that cannot be read, has another format version, or belongs to another source is ignored (full
// fetch); it is written atomically, so a crashed build leaves the previous one intact.
import { hash as oneShotHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SanityClient } from '@sanity/client';
import { isDraftOrVersionId } from '../../../core/sanity/ids.ts';
import { DatasetError, ImageMetadataCache, materialiseAssets, type RawDocument } from './embedded.ts';
import { writeFileAtomic } from '../../../core/write-atomic.ts';

/** Bump when the cache layout or what is stored per document changes: old caches are refetched. */
export const MIRROR_VERSION = 1;

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
  /** Document bodies fetched (Sanity) or parsed (embedded). */
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
}

interface MirrorFile {
  version: number;
  source: string;
  /** When this mirror was last brought up to date (the sync marker). */
  syncedAt: string;
  documents: Record<string, MirrorEntry>;
  /** Embedded only: hashes of lines that hold drafts, so they are not parsed again. */
  ignored?: string[];
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

async function readMirror(file: string, sourceKey: string): Promise<{ mirror?: MirrorFile; reason?: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { reason: 'no cache yet' };
  }
  try {
    const data = JSON.parse(text) as Partial<MirrorFile>;
    if (data.version !== MIRROR_VERSION) return { reason: `cache format ${String(data.version)} is not ${MIRROR_VERSION}` };
    if (data.source !== sourceKey) return { reason: 'cache belongs to another source' };
    if (!data.documents || typeof data.documents !== 'object') throw new Error('no documents');
    for (const [id, entry] of Object.entries(data.documents)) {
      if (!entry || typeof entry.rev !== 'string' || entry.doc?._id !== id) throw new Error(`entry "${id}" is malformed`);
    }
    return { mirror: data as MirrorFile };
  } catch (error) {
    console.warn(`[content] The content cache ${file} is corrupt (${(error as Error).message}); fetching everything again.`);
    return { reason: 'corrupt cache' };
  }
}

async function writeMirror(file: string, mirror: MirrorFile): Promise<void> {
  try {
    await writeFileAtomic(file, JSON.stringify(mirror));
  } catch (error) {
    // A build that cannot write its cache is still correct, only the next one is slower.
    console.warn(`[content] Could not write the content cache ${file}: ${(error as Error).message}`);
  }
}

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
    const documents = Object.fromEntries(docs.map((doc) => [doc._id, { rev: doc._rev as string, doc }]));
    await writeMirror(file, { version: MIRROR_VERSION, source: sourceKey, syncedAt, documents });
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
  for (const id of Object.keys(documents)) {
    if (!current.has(id)) {
      delete documents[id];
      deleted++;
    }
  }
  const changed = [...current].filter(([id, rev]) => documents[id]?.rev !== rev).map(([id]) => id);
  let fetched = 0;
  for (const ids of chunks(changed, BATCH_SIZE)) {
    const bodies = published(await client.fetch<RawDocument[]>(BODIES_QUERY, { ids }));
    requests++;
    fetched += bodies.length;
    const seen = new Set<string>();
    for (const doc of bodies) {
      documents[doc._id] = { rev: doc._rev as string, doc };
      seen.add(doc._id);
    }
    // Listed a moment ago but gone now: deleted in between.
    for (const id of ids) {
      if (!seen.has(id) && documents[id]) {
        delete documents[id];
        deleted++;
      }
    }
  }
  if (fetched > 0 || deleted > 0 || changed.length > 0) {
    await writeMirror(file, { version: MIRROR_VERSION, source: sourceKey, syncedAt, documents });
  }
  const docs = Object.values(documents).map((entry) => entry.doc);
  return {
    documents: docs,
    stats: { source: sourceKey, mode: 'incremental', listed: current.size, fetched, deleted, documents: docs.length, requests, ms: performance.now() - started },
  };
}

/**
 * Brings the mirror of an embedded NDJSON dataset up to date: lines seen before (by hash) are
 * taken from the mirror, new and edited lines are parsed. Image assets are materialised for the
 * whole dataset every time (cheap: image facts are cached by path, size and mtime), so an image
 * replaced on disk is picked up even when no document changed.
 */
export async function syncEmbedded(file: string, cacheDir: string): Promise<SyncResult> {
  const started = performance.now();
  const sourceKey = `embedded:${path.resolve(file)}`;
  const cacheFile = mirrorFile(cacheDir, sourceKey);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new DatasetError(`The embedded dataset ${file} cannot be read. Restore content/dataset.ndjson, point KSP_CONTENT_FILE at an NDJSON export, or set SANITY_PROJECT_ID to build from Sanity.`);
  }
  const { mirror, reason } = await readMirror(cacheFile, sourceKey);
  const byRev = new Map<string, MirrorEntry>();
  for (const entry of Object.values(mirror?.documents ?? {})) byRev.set(entry.rev, entry);
  const ignored = new Set(mirror?.ignored ?? []);

  const documents: Record<string, MirrorEntry> = {};
  const nextIgnored: string[] = [];
  const seen = new Set<string>();
  let listed = 0;
  let fetched = 0;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (!line.trim()) continue;
    listed++;
    const rev = hash(line);
    let entry = byRev.get(rev);
    if (!entry) {
      if (ignored.has(rev)) {
        nextIgnored.push(rev);
        continue;
      }
      let doc: RawDocument;
      try {
        doc = JSON.parse(line) as RawDocument;
      } catch (error) {
        throw new DatasetError(`${file}:${index + 1} is not valid JSON (${(error as Error).message}). Each line must hold one complete document.`);
      }
      if (!doc || typeof doc !== 'object' || typeof doc._id !== 'string' || typeof doc._type !== 'string') {
        throw new DatasetError(`${file}:${index + 1} is not a document: every line needs a string "_id" and "_type".`);
      }
      if (seen.has(doc._id)) throw new DatasetError(`${file}: the _id "${doc._id}" appears twice. Every document needs its own _id.`);
      seen.add(doc._id);
      if (isDraftOrVersionId(doc._id)) {
        nextIgnored.push(rev);
        continue;
      }
      fetched++;
      entry = { rev, doc };
    } else {
      if (seen.has(entry.doc._id)) throw new DatasetError(`${file}: the _id "${entry.doc._id}" appears twice. Every document needs its own _id.`);
      seen.add(entry.doc._id);
    }
    documents[entry.doc._id] = entry;
  }
  const deleted = Object.keys(mirror?.documents ?? {}).filter((id) => !documents[id]).length;
  if (!mirror || fetched > 0 || deleted > 0 || nextIgnored.length !== ignored.size) {
    await writeMirror(cacheFile, { version: MIRROR_VERSION, source: sourceKey, syncedAt: new Date().toISOString(), documents, ignored: nextIgnored });
  }
  const images = await new ImageMetadataCache(path.join(cacheDir, 'image-metadata.json')).load();
  const docs = await materialiseAssets(
    Object.values(documents).map((entry) => entry.doc),
    path.dirname(file),
    images,
  );
  await images.save();
  return {
    documents: docs,
    stats: {
      source: sourceKey,
      mode: mirror ? 'incremental' : 'full',
      reason,
      listed,
      fetched,
      deleted,
      documents: Object.keys(documents).length,
      requests: 0,
      ms: performance.now() - started,
    },
  };
}
