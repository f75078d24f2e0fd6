// The embedded dataset: content/dataset.ndjson, the same file `sanity dataset import` takes.
// It is turned into what the Content Lake would hold after an import, so the same GROQ runs on
// both: image fields written for the importer (`_sanityAsset: "image@file://./images/x.jpg"`)
// become references to `sanity.imageAsset` documents whose `url` points at the local file.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';

export type RawDocument = { _id: string; _type: string; [key: string]: unknown };

export class DatasetError extends Error {
  override name = 'DatasetError';
}

/** Documents the `published` perspective hides: drafts and release versions. */
export function isPublishedId(id: string): boolean {
  return !id.startsWith('drafts.') && !id.startsWith('versions.');
}

export function parseNdjson(text: string, file: string): RawDocument[] {
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
  });
  return docs;
}

interface AssetInfo {
  id: string;
  doc: RawDocument;
}

async function describeAsset(spec: string, datasetDir: string, ownerId: string): Promise<AssetInfo> {
  const match = /^image@file:\/\/(.+)$/.exec(spec);
  if (!match) {
    throw new DatasetError(`Document "${ownerId}": _sanityAsset "${spec}" must look like "image@file://./images/<file>".`);
  }
  const file = path.resolve(datasetDir, match[1]!);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new DatasetError(`Document "${ownerId}": image file ${path.relative(process.cwd(), file)} does not exist. Add the file or fix the _sanityAsset path.`);
  }
  const { width, height, format } = await sharp(bytes).metadata();
  const sha1 = createHash('sha1').update(bytes).digest('hex');
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

/** Replaces importer-style asset fields with references, collecting the asset documents. */
async function resolveAssets(value: unknown, datasetDir: string, ownerId: string, assets: Map<string, RawDocument>): Promise<unknown> {
  if (Array.isArray(value)) {
    return Promise.all(value.map((item) => resolveAssets(item, datasetDir, ownerId, assets)));
  }
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(record)) {
    if (key === '_sanityAsset' && typeof child === 'string') {
      const asset = await describeAsset(child, datasetDir, ownerId);
      assets.set(asset.id, asset.doc);
      out.asset = { _type: 'reference', _ref: asset.id };
    } else {
      out[key] = await resolveAssets(child, datasetDir, ownerId, assets);
    }
  }
  return out;
}

/**
 * Loads the dataset as the `published` perspective sees it: drafts and versions removed,
 * image assets materialised. `includeDrafts` keeps drafts, as the Content Lake itself holds
 * them (used by the local stand-in of Sanity's API, which filters per request).
 */
export async function loadEmbeddedDataset(file: string, { includeDrafts = false } = {}): Promise<RawDocument[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new DatasetError(`The embedded dataset ${file} cannot be read. Restore content/dataset.ndjson, point KSP_CONTENT_FILE at an NDJSON export, or set SANITY_PROJECT_ID to build from Sanity.`);
  }
  const all = parseNdjson(text, file);
  const seen = new Set<string>();
  for (const doc of all) {
    if (seen.has(doc._id)) throw new DatasetError(`${file}: the _id "${doc._id}" appears twice. Every document needs its own _id.`);
    seen.add(doc._id);
  }
  const assets = new Map<string, RawDocument>();
  const datasetDir = path.dirname(file);
  const published = await Promise.all(
    all.filter((doc) => includeDrafts || isPublishedId(doc._id)).map((doc) => resolveAssets(doc, datasetDir, doc._id, assets) as Promise<RawDocument>),
  );
  return [...published, ...assets.values()];
}
