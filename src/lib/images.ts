// Responsive images from the CMS, served by the site itself. CMS image URLs are `file://…`
// (embedded dataset) or `https://cdn.sanity.io/…` (Sanity); at build time the original is read
// or fetched once, and sharp writes AVIF, WebP and JPEG variants into a cache directory. The
// integration in src/integrations/cms-images.ts copies the variants a build used into its output
// (and serves the cache in `astro dev`), so a page never requests another host.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/** URL path under which variants are published. */
export const IMAGE_ROUTE = '/_img/';

/** Where variants (and fetched originals) are cached between builds. */
export function imageCacheDir(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(env.KSP_IMAGE_CACHE ?? path.join(process.cwd(), 'node_modules', '.cache', 'ksp-images'));
}

/** The image fields every CMS image has after the content layer (see `image` in content/contract.ts). */
export interface CmsImage {
  url: string;
  width: number;
  height: number;
  alt: { de: string; en?: string | undefined };
  credit: string;
  caption?: { de?: string | undefined; en?: string | undefined } | undefined;
}

export type VariantFormat = 'avif' | 'webp' | 'jpeg';
export const VARIANT_FORMATS: readonly VariantFormat[] = ['avif', 'webp', 'jpeg'];
const MIME: Record<VariantFormat, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' };
const EXTENSION: Record<VariantFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg' };

export const DEFAULT_WIDTHS = [400, 800, 1200, 1600] as const;

/**
 * The widths to generate: the requested ones no wider than the original (never upscale), and
 * the original width itself when it is smaller than the largest request, so the sharpest
 * version always exists. Sorted, no duplicates.
 */
export function planWidths(originalWidth: number, requested: readonly number[] = DEFAULT_WIDTHS): number[] {
  const max = Math.max(...requested);
  const widths = requested.filter((w) => w <= originalWidth);
  if (originalWidth < max) widths.push(Math.round(originalWidth));
  return [...new Set(widths)].sort((a, b) => a - b);
}

/** Height for a width, keeping the aspect ratio of the original. */
export function scaledHeight(image: Pick<CmsImage, 'width' | 'height'>, width: number): number {
  return Math.max(1, Math.round((image.height * width) / image.width));
}

/** File name of one variant: content hash (so identical bytes share files) + width + format. */
export function variantFileName(hash: string, width: number, format: VariantFormat): string {
  return `${hash.slice(0, 20)}-${width}.${EXTENSION[format]}`;
}

export function srcsetOf(entries: readonly { url: string; width: number }[]): string {
  return entries.map((e) => `${e.url} ${e.width}w`).join(', ');
}

/**
 * Only local files and Sanity's CDN are accepted as originals; anything else is a content error.
 * With SANITY_API_HOST (e.g. the local Content Lake of `npm start`), that host's asset paths
 * (/images/…, /files/…) stand in for Sanity's CDN.
 */
export function originKind(url: string, env: Record<string, string | undefined> = process.env): 'file' | 'sanity' {
  if (url.startsWith('file://')) return 'file';
  if (/^https:\/\/cdn\.sanity\.io\//.test(url)) return 'sanity';
  const apiHost = env.SANITY_API_HOST?.trim().replace(/\/+$/, '');
  if (apiHost && (url.startsWith(`${apiHost}/images/`) || url.startsWith(`${apiHost}/files/`))) return 'sanity';
  throw new Error(`Image URL "${url}" is neither a local file (file://) nor on https://cdn.sanity.io${apiHost ? ` or ${apiHost}` : ''}; the site only serves images it can copy at build time.`);
}

const sha1 = (data: Buffer | string) => createHash('sha1').update(data).digest('hex');

async function writeAtomic(file: string, data: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, data);
  await rename(temp, file);
}

/** The original's bytes: read from disk, or fetched from Sanity's CDN once and cached. */
export async function readOriginal(url: string, cacheDir = imageCacheDir()): Promise<Buffer> {
  if (originKind(url) === 'file') return readFile(fileURLToPath(url));
  const cached = path.join(cacheDir, 'originals', sha1(url));
  try {
    return await readFile(cached);
  } catch {
    // not cached yet
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Fetching image ${url} failed: HTTP ${response.status}. Check that the asset is published.`);
  const bytes = Buffer.from(await response.arrayBuffer());
  await writeAtomic(cached, bytes);
  return bytes;
}

export interface ImageSource {
  type: string;
  srcset: string;
}

export interface ResponsiveImageData {
  /** JPEG fallback (or the SVG itself). */
  src: string;
  srcset?: string;
  /** AVIF and WebP, best first; empty for SVG. */
  sources: ImageSource[];
  width: number;
  height: number;
}

/** Names of every file a build used; the integration copies exactly these. */
const registry: Set<string> = ((globalThis as { __kspImageFiles?: Set<string> }).__kspImageFiles ??= new Set());
export function usedImageFiles(): ReadonlySet<string> {
  return registry;
}

const pending = new Map<string, Promise<void>>();

async function ensureVariant(cacheDir: string, name: string, make: () => Promise<Buffer>): Promise<void> {
  registry.add(name);
  const file = path.join(cacheDir, name);
  let job = pending.get(file);
  if (!job) {
    job = (async () => {
      try {
        await readFile(file);
        return;
      } catch {
        await writeAtomic(file, await make());
      }
    })();
    pending.set(file, job);
  }
  await job;
}

function encode(original: Buffer, width: number, format: VariantFormat): Promise<Buffer> {
  const pipeline = sharp(original).rotate().resize({ width, withoutEnlargement: true });
  if (format === 'avif') return pipeline.avif({ quality: 55, effort: 4 }).toBuffer();
  if (format === 'webp') return pipeline.webp({ quality: 75 }).toBuffer();
  return pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 78, mozjpeg: true }).toBuffer();
}

// Results by image and request: the same image (a partner logo, the default Open Graph image on
// every page) is otherwise read, hashed and probed again for each of thousands of pages.
const results = new Map<string, Promise<unknown>>();
function memoised<T>(key: string, make: () => Promise<T>): Promise<T> {
  let result = results.get(key) as Promise<T> | undefined;
  if (!result) results.set(key, (result = make()));
  return result;
}

/** Builds (or reuses) the variants of a CMS image and returns what <picture> needs. */
export function getResponsiveImage(image: CmsImage, widths: readonly number[] = DEFAULT_WIDTHS, cacheDir = imageCacheDir()): Promise<ResponsiveImageData> {
  return memoised(`picture ${cacheDir} ${image.url} ${image.width}x${image.height} ${widths.join(',')}`, () => makeResponsiveImage(image, widths, cacheDir));
}

async function makeResponsiveImage(image: CmsImage, widths: readonly number[], cacheDir: string): Promise<ResponsiveImageData> {
  const original = await readOriginal(image.url, cacheDir);
  const hash = sha1(original);
  const meta = await sharp(original).metadata();
  if (meta.format === 'svg') {
    const name = `${hash.slice(0, 20)}.svg`;
    await ensureVariant(cacheDir, name, async () => original);
    return { src: `${IMAGE_ROUTE}${name}`, sources: [], width: image.width, height: image.height };
  }
  const planned = planWidths(image.width, widths);
  const byFormat = await Promise.all(
    VARIANT_FORMATS.map(async (format) => {
      const entries = await Promise.all(
        planned.map(async (width) => {
          const name = variantFileName(hash, width, format);
          await ensureVariant(cacheDir, name, () => encode(original, width, format));
          return { url: `${IMAGE_ROUTE}${name}`, width };
        }),
      );
      return { format, entries };
    }),
  );
  const jpeg = byFormat.find((f) => f.format === 'jpeg')!.entries;
  const largest = jpeg.at(-1)!;
  return {
    src: largest.url,
    srcset: srcsetOf(jpeg),
    sources: byFormat.filter((f) => f.format !== 'jpeg').map((f) => ({ type: MIME[f.format], srcset: srcsetOf(f.entries) })),
    width: largest.width,
    height: scaledHeight(image, largest.width),
  };
}

/** A single JPEG for Open Graph (1200 px wide or the original width), as an absolute-path URL. */
export function getOgImage(image: CmsImage, cacheDir = imageCacheDir()): Promise<{ src: string; width: number; height: number }> {
  return memoised(`og ${cacheDir} ${image.url} ${image.width}x${image.height}`, () => makeOgImage(image, cacheDir));
}

async function makeOgImage(image: CmsImage, cacheDir: string): Promise<{ src: string; width: number; height: number }> {
  const original = await readOriginal(image.url, cacheDir);
  const width = Math.min(1200, image.width);
  const name = variantFileName(sha1(original), width, 'jpeg');
  await ensureVariant(cacheDir, name, () => encode(original, width, 'jpeg'));
  return { src: `${IMAGE_ROUTE}${name}`, width, height: scaledHeight(image, width) };
}
