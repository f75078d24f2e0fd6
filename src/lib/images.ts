// Responsive images from the CMS, served from the site's own origin and made on demand: a page
// only computes URLs from the image's URL, SHA-1 and dimensions (no image is read, fetched or
// encoded while the site is built, so build time does not grow with the number of photos).
//
//   /_img/o/<sha1>.<ext>                            an original the build publishes (file:// images
//                                                   of the embedded dataset; SVGs from any source)
//   /_img/<fmt>/<width>/o/<sha1>.<ext>              a variant of such an original
//   /_img/<fmt>/<width>/<scheme>/<host>/<path>      a variant of an image on an allowed host
//                                                   (Sanity's CDN, the local Content Lake)
//
// netlify.toml rewrites the variant URLs to Netlify Image CDN (/.netlify/images); the publish
// server, `npm start`, the tests and `astro dev` answer the same rewrites themselves
// (server/images/image-cdn.ts), with a disk cache. src/integrations/cms-images.ts publishes originals.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_WIDTHS, IMAGE_ROUTE, IMAGE_WIDTHS, isAllowedImageUrl, OG_WIDTH, ORIGINALS_ROUTE, siteOriginalName, VARIANT_MIME, type VariantFormat } from '../../core/images.ts';
import { writeFileAtomic } from '../../core/write-atomic.ts';
import { readWebBody } from '../../core/http/read-body.ts';
import { buildConfig } from './build-config.ts';
import { noteImage } from './render-records.ts';


/** The image fields every CMS image has after the content layer (see `image` in content/contract.ts). */
export interface CmsImage {
  url: string;
  /** SHA-1 of the original's bytes (the asset's `sha1hash`); names published originals. */
  sha1?: string | undefined;
  width: number;
  height: number;
  alt: { de: string; en?: string | undefined };
  credit: string;
  caption?: { de?: string | undefined; en?: string | undefined } | undefined;
}



/**
 * The widths to offer: the requested ones no wider than the original (never upscale), and the
 * original width itself when it is smaller than the largest request, so the sharpest version
 * always exists. Sorted, no duplicates. Requests must come from IMAGE_WIDTHS.
 */
export function planWidths(originalWidth: number, requested: readonly number[] = DEFAULT_WIDTHS): number[] {
  const unknown = requested.filter((w) => !(IMAGE_WIDTHS as readonly number[]).includes(w));
  if (unknown.length > 0) throw new Error(`Image widths ${unknown.join(', ')} are not in IMAGE_WIDTHS (${IMAGE_WIDTHS.join(', ')}) of core/images.ts; use those or add the width there.`);
  const max = Math.max(...requested);
  const widths = requested.filter((w) => w <= originalWidth);
  if (originalWidth < max) widths.push(Math.round(originalWidth));
  return [...new Set(widths)].sort((a, b) => a - b);
}

/** Height for a width, keeping the aspect ratio of the original. */
export function scaledHeight(image: Pick<CmsImage, 'width' | 'height'>, width: number): number {
  return Math.max(1, Math.round((image.height * width) / image.width));
}

export function srcsetOf(entries: readonly { url: string; width: number }[]): string {
  return entries.map((e) => `${e.url} ${e.width}w`).join(', ');
}


/** Where an original is read from: published by the build itself, or on an allowed host. */
export type ImageSource = { kind: 'site'; name: string; isSvg: boolean } | { kind: 'remote'; path: string; isSvg: boolean };

const EXTENSION = /\.([a-z0-9]+)$/i;

/** The source of a CMS image; an error names the image and how to fix it. */
export function imageSource(image: Pick<CmsImage, 'url' | 'sha1' | 'width' | 'height'>, allowed: readonly string[] = buildConfig().imageSources): ImageSource {
  const { url } = image;
  if (url.startsWith('file://')) {
    const extension = (EXTENSION.exec(fileURLToPath(url))?.[1] ?? '').toLowerCase();
    if (!image.sha1 || !/^[0-9a-f]{40}$/.test(image.sha1)) throw new Error(`Image ${url} has no SHA-1 (asset field sha1hash); the embedded dataset's loader sets it, so load the dataset through src/lib/sanity.`);
    if (!extension) throw new Error(`Image ${url} has no file extension; name it like photo.jpg.`);
    return { kind: 'site', name: siteOriginalName(image.sha1, extension === 'jpeg' ? 'jpg' : extension), isSvg: extension === 'svg' };
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !isAllowedImageUrl(url, allowed)) {
    const sources = allowed.join(', ') || 'none: images on https://cdn.sanity.io need SANITY_PROJECT_ID';
    throw new Error(`Image URL "${url}" is neither a local file (file://) nor a plain URL of this project's images (${sources}). The site serves images from its own origin only; add the host to KSP_IMAGE_HOSTS if it is yours.`);
  }
  return { kind: 'remote', path: `${parsed.protocol.slice(0, -1)}/${parsed.host}${parsed.pathname}`, isSvg: /\.svg$/i.test(parsed.pathname) };
}

/** The URL of one variant. */
export function variantUrl(source: ImageSource & { kind: 'site' | 'remote' }, width: number, format: VariantFormat): string {
  const tail = source.kind === 'site' ? `o/${source.name}` : source.path;
  return `${IMAGE_ROUTE}${format}/${width}/${tail}`;
}

export interface PictureSource {
  type: string;
  srcset: string;
}

export interface ResponsiveImageData {
  /** JPEG fallback (or the SVG itself). */
  src: string;
  srcset?: string;
  /** AVIF and WebP, best first; empty for SVG. */
  sources: PictureSource[];
  width: number;
  height: number;
}

/** Originals the build publishes under /_img/o/: name → absolute file. The integration links exactly these. */
const originals: Map<string, string> = ((globalThis as { __kspImageOriginals?: Map<string, string> }).__kspImageOriginals ??= new Map());
export function publishedOriginals(): ReadonlyMap<string, string> {
  return originals;
}

/** Publishes an original (also for a page an incremental build took from its cache). */
export function registerOriginal(name: string, file: string): void {
  originals.set(name, file);
  noteImage(name, file);
}

const sha1 = (data: Buffer | string) => createHash('sha1').update(data).digest('hex');

/** A remote SVG is read up to this size, so a huge or endless body cannot fill the build's memory. */
const MAX_REMOTE_SVG_BYTES = 10 * 1024 * 1024;

/**
 * An SVG on a remote host, fetched once (cached by URL) and published as an original: vector
 * files need no variants, and publishing them keeps them on the site's origin on every target.
 */
export async function publishRemoteSvg(url: string, cacheDir: string): Promise<string> {
  const cached = path.join(cacheDir, 'originals', `${sha1(url)}.svg`);
  let bytes: Buffer;
  try {
    bytes = await readFile(cached);
  } catch {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`Fetching image ${url} failed: HTTP ${response.status}. Check that the asset is published.`);
    const body = await readWebBody(response, MAX_REMOTE_SVG_BYTES);
    if (body === 'too-large') throw new Error(`Image ${url} is larger than ${MAX_REMOTE_SVG_BYTES / 1024 / 1024} MB, more than any logo or drawing needs. Replace it in the Studio with a smaller SVG (or a PNG/JPEG).`);
    bytes = Buffer.from(body);
    await writeFileAtomic(cached, bytes);
  }
  const name = siteOriginalName(sha1(bytes), 'svg');
  registerOriginal(name, cached);
  return `${ORIGINALS_ROUTE}${name}`;
}

/** What <picture> needs for a CMS image: URLs of AVIF, WebP and JPEG variants, width and height. */
export async function getResponsiveImage(image: CmsImage, widths: readonly number[] = DEFAULT_WIDTHS, cacheDir = buildConfig().imageCacheDir): Promise<ResponsiveImageData> {
  const source = imageSource(image);
  if (source.isSvg) {
    const src = source.kind === 'site' ? publishSiteOriginal(image, source.name) : await publishRemoteSvg(image.url, cacheDir);
    return { src, sources: [], width: image.width, height: image.height };
  }
  if (source.kind === 'site') publishSiteOriginal(image, source.name);
  const planned = planWidths(image.width, widths);
  const entries = (format: VariantFormat) => planned.map((width) => ({ url: variantUrl(source, width, format), width }));
  const jpeg = entries('jpg');
  const largest = jpeg.at(-1)!;
  return {
    src: largest.url,
    srcset: srcsetOf(jpeg),
    sources: (['avif', 'webp'] as const).map((format) => ({ type: VARIANT_MIME[format], srcset: srcsetOf(entries(format)) })),
    width: largest.width,
    height: scaledHeight(image, largest.width),
  };
}

function publishSiteOriginal(image: CmsImage, name: string): string {
  registerOriginal(name, fileURLToPath(image.url));
  return `${ORIGINALS_ROUTE}${name}`;
}

/** A single JPEG for Open Graph (OG_WIDTH wide or the original width), as an absolute-path URL. */
export function getOgImage(image: CmsImage, allowed: readonly string[] = buildConfig().imageSources): { src: string; width: number; height: number } {
  const source = imageSource(image, allowed);
  // An SVG (a partner's logo) becomes a JPEG too: social networks do not show SVG previews.
  if (source.kind === 'site') publishSiteOriginal(image, source.name);
  const width = Math.min(OG_WIDTH, image.width);
  return { src: variantUrl(source, width, 'jpg'), width, height: scaledHeight(image, width) };
}
