// The embedded dataset: content/dataset.ndjson, the same file `sanity dataset import` takes.
// It is turned into what the Content Lake would hold after an import, so the same GROQ runs on
// both: image fields written for the importer (`_sanityAsset: "image@file://./images/x.jpg"`)
// become references to `sanity.imageAsset` documents whose `url` points at the local file.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { isDraftOrVersionId } from '../../../core/sanity/ids.ts';
import { writeFileAtomic } from '../../../core/write-atomic.ts';

export type RawDocument = { _id: string; _type: string; [key: string]: unknown };

export class DatasetError extends Error {
  override name = 'DatasetError';
}

/** Parses an NDJSON dataset; `onLine` sees each document with the line it was parsed from. */
export function parseNdjson(text: string, file: string, onLine?: (doc: RawDocument, line: string) => void): RawDocument[] {
  const docs: RawDocument[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch (error) {
      throw new DatasetError(`${file}:${index + 1} is not valid JSON (${(error as Error).message}). Each line must hold one complete document.`);
    }
    if (!doc || typeof doc !== 'object' || typeof (doc as RawDocument)._id !== 'string' || typeof (doc as RawDocument)._type !== 'string') {
      throw new DatasetError(`${file}:${index + 1} is not a document: every line needs a string "_id" and "_type".`);
    }
    docs.push(doc as RawDocument);
    onLine?.(doc as RawDocument, line);
  });
  return docs;
}

interface AssetInfo {
  id: string;
  doc: RawDocument;
}

/** What an image file tells us, remembered by path, size and mtime (see ImageMetadataCache). */
interface ImageFacts {
  size: number;
  mtimeMs: number;
  sha1: string;
  width?: number | undefined;
  height?: number | undefined;
  format?: string | undefined;
}

const METADATA_CACHE_VERSION = 1;

/**
 * Image facts (sha1, dimensions) by absolute path. Reading and decoding every image for every
 * reference made loading 10,000 documents slow: each path is now read once per process, and not
 * at all while its size and mtime match an entry of the optional cache file.
 */
export class ImageMetadataCache {
  private readonly entries = new Map<string, ImageFacts>();
  private readonly pending = new Map<string, Promise<ImageFacts>>();
  private dirty = false;
  private readonly file: string | undefined;

  constructor(file?: string) {
    this.file = file;
  }

  async load(): Promise<this> {
    if (!this.file) return this;
    try {
      const data = JSON.parse(await readFile(this.file, 'utf8')) as { version?: number; entries?: Record<string, ImageFacts> };
      if (data.version === METADATA_CACHE_VERSION && data.entries && typeof data.entries === 'object') {
        for (const [file, facts] of Object.entries(data.entries)) {
          if (facts && typeof facts.sha1 === 'string' && typeof facts.size === 'number' && typeof facts.mtimeMs === 'number') this.entries.set(file, facts);
        }
      }
    } catch {
      // No cache yet, or unreadable: every image is read again and the file rewritten.
    }
    return this;
  }

  async save(): Promise<void> {
    if (!this.file || !this.dirty) return;
    await writeFileAtomic(this.file, JSON.stringify({ version: METADATA_CACHE_VERSION, entries: Object.fromEntries(this.entries) }));
    this.dirty = false;
  }

  /** Facts of one image file; throws when it cannot be read. */
  facts(file: string): Promise<ImageFacts> {
    let job = this.pending.get(file);
    if (!job) {
      job = (async () => {
        const info = await stat(file);
        const known = this.entries.get(file);
        if (known && known.size === info.size && known.mtimeMs === info.mtimeMs) return known;
        // Streamed hash and a header-only decode: a press archive's photos are gigabytes, and
        // holding them all in memory at once took 1.4 GB at 700 photos.
        const hash = createHash('sha1');
        for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
        const { width, height, format } = await sharp(file).metadata();
        const facts: ImageFacts = { size: info.size, mtimeMs: info.mtimeMs, sha1: hash.digest('hex'), width, height, format };
        this.entries.set(file, facts);
        this.dirty = true;
        return facts;
      })();
      this.pending.set(file, job);
    }
    return job;
  }
}

function assetFile(spec: string, datasetDir: string, ownerId: string): string {
  const match = /^image@file:\/\/(.+)$/.exec(spec);
  if (!match) {
    throw new DatasetError(`Document "${ownerId}": _sanityAsset "${spec}" must look like "image@file://./images/<file>".`);
  }
  return path.resolve(datasetDir, match[1]!);
}

function assetDocument(file: string, facts: ImageFacts): AssetInfo {
  const { width, height, format, sha1 } = facts;
  const extension = format === 'jpeg' ? 'jpg' : (format ?? 'bin');
  // Sanity names image assets image-<sha1>-<w>x<h>-<ext>; mirror that so ids look the same.
  const id = `image-${sha1}-${width}x${height}-${extension}`;
  return {
    id,
    doc: {
      _id: id,
      _type: 'sanity.imageAsset',
      url: pathToFileURL(file).href,
      originalFilename: path.basename(file),
      sha1hash: sha1,
      extension,
      metadata: { dimensions: { width, height, aspectRatio: width && height ? width / height : undefined } },
    },
  };
}

/** Calls `visit` for every importer-style asset field below `value`. */
function eachAssetSpec(value: unknown, visit: (spec: string) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) eachAssetSpec(item, visit);
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '_sanityAsset' && typeof child === 'string') visit(child);
      else if (child && typeof child === 'object') eachAssetSpec(child, visit);
    }
  }
}

/**
 * `value` with importer-style asset fields replaced by references. Only objects on the way to an
 * asset are copied; everything else is shared, so the dataset is not held twice in memory.
 */
function withAssetRefs(value: unknown, refFor: (spec: string) => string): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, index) => {
      const next = item && typeof item === 'object' ? withAssetRefs(item, refFor) : item;
      if (next !== item) (out ??= value.slice())[index] = next;
    });
    return out ?? value;
  }
  if (!value || typeof value !== 'object') return value;
  let out: Record<string, unknown> | undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key === '_sanityAsset' && typeof child === 'string') {
      out ??= { ...value };
      delete out._sanityAsset;
      out.asset = { _type: 'reference', _ref: refFor(child) };
    } else if (child && typeof child === 'object') {
      const next = withAssetRefs(child, refFor);
      if (next !== child) (out ??= { ...value })[key] = next;
    }
  }
  return out ?? value;
}

/**
 * Materialises the image assets of `docs` (documents as written for the importer, relative to
 * `datasetDir`): returns the documents with asset references, followed by the asset documents.
 * Documents are walked synchronously and each image file is described once: an async walk per
 * field and a read + decode per reference took most of the load time at 1,000 documents.
 */
const ASSET_READS_AT_ONCE = 8;

export async function materialiseAssets(docs: RawDocument[], datasetDir: string, images = new ImageMetadataCache()): Promise<RawDocument[]> {
  const files = new Map<string, { file: string; ownerId: string }>();
  for (const doc of docs) {
    eachAssetSpec(doc, (spec) => {
      if (!files.has(spec)) files.set(spec, { file: assetFile(spec, datasetDir, doc._id), ownerId: doc._id });
    });
  }
  const assets = new Map<string, AssetInfo>();
  const entries = [...files];
  // A few files at a time: reading thousands at once only makes the disk seek.
  for (let i = 0; i < entries.length; i += ASSET_READS_AT_ONCE) {
    const chunk = entries.slice(i, i + ASSET_READS_AT_ONCE);
    const described = await Promise.all(
      chunk.map(async ([, { file, ownerId }]) => {
        try {
          return assetDocument(file, await images.facts(file));
        } catch {
          throw new DatasetError(`Document "${ownerId}": image file ${path.relative(process.cwd(), file)} does not exist. Add the file or fix the _sanityAsset path.`);
        }
      }),
    );
    chunk.forEach(([spec], k) => assets.set(spec, described[k]!));
  }
  const resolved = docs.map((doc) => (files.size === 0 ? doc : (withAssetRefs(doc, (spec) => assets.get(spec)!.id) as RawDocument)));
  const assetDocs = new Map([...assets.values()].map((asset) => [asset.id, asset.doc]));
  return [...resolved, ...assetDocs.values()];
}

/**
 * Loads the dataset as the `published` perspective sees it: drafts and versions removed,
 * image assets materialised. `includeDrafts` keeps drafts, as the Content Lake itself holds
 * them (fixtures of the local Content Lake, dev/lake, which applies the perspective per request).
 * `onLine` sees each document of the file, drafts included, with its line (src/lib/sanity/sync.ts).
 */
export async function loadEmbeddedDataset(
  file: string,
  { includeDrafts = false, images = new ImageMetadataCache(), onLine }: { includeDrafts?: boolean; images?: ImageMetadataCache; onLine?: (doc: RawDocument, line: string) => void } = {},
): Promise<RawDocument[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new DatasetError(`The embedded dataset ${file} cannot be read. Restore content/dataset.ndjson, point KSP_CONTENT_FILE at an NDJSON export, or set SANITY_PROJECT_ID to build from Sanity.`);
  }
  const all = parseNdjson(text, file, onLine);
  const seen = new Set<string>();
  for (const doc of all) {
    if (seen.has(doc._id)) throw new DatasetError(`${file}: the _id "${doc._id}" appears twice. Every document needs its own _id.`);
    seen.add(doc._id);
  }
  return materialiseAssets(
    all.filter((doc) => includeDrafts || !isDraftOrVersionId(doc._id)),
    path.dirname(file),
    images,
  );
}
