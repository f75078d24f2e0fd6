// Image and file assets: POST /assets/images|files/<dataset> stores the bytes under
// <state>/assets/ and creates a `sanity.imageAsset` / `sanity.fileAsset` document like the
// Content Lake's (id from the SHA-1 and, for images, the dimensions; the same bytes twice give
// the same asset). The bytes are served like Sanity's CDN at /images|files/<project>/<dataset>/<file>,
// the URL the Studio's image previews and the site's build fetch.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { LakeError } from './errors.ts';
import type { Doc } from './mutations.ts';

export type AssetKind = 'images' | 'files';

const MIME_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  tiff: 'image/tiff',
  pdf: 'application/pdf',
};

export const ASSET_TYPES: Record<AssetKind, string> = { images: 'sanity.imageAsset', files: 'sanity.fileAsset' };

function extensionOf(filename: string | null, format: string | undefined): string {
  const fromName = filename?.includes('.') ? filename.split('.').pop()!.toLowerCase() : undefined;
  if (format) return format === 'jpeg' ? (fromName === 'jpeg' ? 'jpeg' : 'jpg') : format;
  return fromName && /^[a-z0-9]{1,8}$/.test(fromName) ? fromName : 'bin';
}

/** The asset document for uploaded bytes, without `url` (it depends on the lake's address). */
export async function describeAsset(
  kind: AssetKind,
  bytes: Buffer,
  filename: string | null,
  projectId: string,
  dataset: string,
): Promise<Doc> {
  const sha1 = createHash('sha1').update(bytes).digest('hex');
  if (kind === 'files') {
    const extension = extensionOf(filename, undefined);
    return {
      _id: `file-${sha1}-${extension}`,
      _type: ASSET_TYPES.files,
      assetId: sha1,
      sha1hash: sha1,
      extension,
      mimeType: MIME_TYPES[extension] ?? 'application/octet-stream',
      originalFilename: filename ?? `${sha1}.${extension}`,
      size: bytes.length,
      path: `files/${projectId}/${dataset}/${sha1}.${extension}`,
    };
  }
  let meta;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    throw new LakeError(
      400,
      'invalidImage',
      `"${filename ?? 'upload'}" is not an image the lake can read (JPEG, PNG, WebP, AVIF, GIF, SVG or TIFF).`,
    );
  }
  const width = meta.width ?? 1;
  const height = meta.height ?? 1;
  const extension = extensionOf(filename, meta.format);
  const name = `${sha1}-${width}x${height}.${extension}`;
  return {
    _id: `image-${sha1}-${width}x${height}-${extension}`,
    _type: ASSET_TYPES.images,
    assetId: sha1,
    sha1hash: sha1,
    extension,
    mimeType: MIME_TYPES[extension] ?? 'application/octet-stream',
    originalFilename: filename ?? name,
    size: bytes.length,
    path: `images/${projectId}/${dataset}/${name}`,
    metadata: {
      _type: 'sanity.imageMetadata',
      dimensions: { _type: 'sanity.imageDimensions', width, height, aspectRatio: width / height },
      hasAlpha: meta.hasAlpha ?? false,
      isOpaque: !(meta.hasAlpha ?? false),
    },
  };
}

/** The asset document as served: `url` on the lake's own address. */
export function withUrl(doc: Doc, publicUrl: string): Doc {
  return typeof doc.path === 'string' ? { ...doc, url: `${publicUrl}/${doc.path}` } : doc;
}

export function isAssetDocument(doc: Doc): boolean {
  return doc._type === ASSET_TYPES.images || doc._type === ASSET_TYPES.files;
}

export async function storeAssetBytes(assetsDir: string, doc: Doc, bytes: Buffer): Promise<void> {
  const file = path.join(assetsDir, path.basename(String(doc.path)));
  await mkdir(assetsDir, { recursive: true });
  await writeFile(file, bytes);
}

/**
 * GET /images|files/<project>/<dataset>/<file>: the stored bytes. Transformation parameters
 * (w, h, fit, auto) are ignored: the original is sent and the browser scales it; the site's
 * build makes its own variants.
 */
export async function serveAsset(req: IncomingMessage, res: ServerResponse, assetsDir: string, fileName: string): Promise<boolean> {
  const file = path.join(assetsDir, path.basename(fileName));
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return false;
  }
  const extension = path.extname(file).slice(1).toLowerCase();
  res.writeHead(200, {
    'Content-Type': MIME_TYPES[extension] ?? 'application/octet-stream',
    'Content-Length': String(size),
    // Asset files are named by their content hash, so they never change.
    'Cache-Control': 'public, max-age=31536000, immutable',
    'Access-Control-Allow-Origin': '*',
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  const stream = createReadStream(file);
  stream.once('error', () => res.destroy());
  stream.pipe(res);
  return true;
}
