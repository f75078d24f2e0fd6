// The self-hosted twin of Netlify Image CDN: makes one image variant when it is first asked for
// and keeps it in a disk cache, so builds never encode images (src/lib/images.ts) and each
// variant is encoded once per server, not once per build.
//
// A variant is written to a temporary file and renamed into place, so a reader sees either no
// file or a complete one; concurrent requests for the same variant share one encoding, and at
// most `maxConcurrent` encodings run at once. Originals come from the site itself (/_img/o/…)
// or from an allowed source (core/images.ts allowedImageSources); remote originals are cached on
// disk too, once their bytes are known to be an image.
//
// Downloads are bounded three ways: their size (counted while the body streams in, whatever
// Content-Length says), their number at once (`maxDownloads`), and how many may wait for one
// (`maxWaitingDownloads`; beyond that 503 with Retry-After). A page's first view asks for up to
// a few dozen new photos at once and browsers do not retry an image that failed, so a short
// queue serves that burst; a flood gets 503 at once, so memory (downloads × size limit) and
// waiting requests stay bounded. The whole cache keeps within a size budget (./disk-cache.ts).
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { writeFileAtomic } from '../../core/write-atomic.ts';
import { createDiskCache } from './disk-cache.ts';
import { DEFAULT_CACHE_MAX_BYTES, DEFAULT_MAX_DOWNLOADS, DEFAULT_MAX_WAITING_DOWNLOADS, MAX_ORIGINAL_BYTES } from './limits.ts';
import { IMAGE_WIDTHS, ORIGINALS_ROUTE, SITE_ORIGINAL_NAME, VARIANT_FORMATS, type VariantFormat } from '../../core/images.ts';

/** What Netlify Image CDN's query (`url`, `w`, `fm`, `q`) asks for. */
export interface ImageTransform {
  url: string;
  width: number;
  format: VariantFormat;
  quality: number;
}

/** 503: too many downloads at once; the handler adds Retry-After (RETRY_AFTER_SECONDS). */
export type ImageCdnStatus = 400 | 404 | 413 | 415 | 502 | 503;
export const RETRY_AFTER_SECONDS = 5;

export class ImageCdnError extends Error {
  override name = 'ImageCdnError';
  readonly status: ImageCdnStatus;
  constructor(status: ImageCdnStatus, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Encoder settings, for a first request of a 4-megapixel photo's widest AVIF in well under a
 * second on one core. Measured on the bench's photos (1600 px wide AVIF, quality 55): effort 4
 * took 20–30× as long as effort 2 for files 35 % smaller to 20 % larger; effort 0 took a third
 * to a half of effort 2's time for files at most 7 % larger. Bump ENCODER_VERSION when they
 * change, so cached variants are remade.
 */
export const ENCODER = { avifEffort: 0, webpEffort: 3 } as const;
const ENCODER_VERSION = 2;
const FETCH_TIMEOUT_MS = 30_000;
/** What the service accepts as an original, as sharp names the formats. */
const IMAGE_FORMATS = new Set(['jpeg', 'png', 'webp', 'avif', 'heif', 'gif', 'svg', 'tiff']);
/** The service's own files: variants/<xx>/<sha1>.<format> and originals/<sha1> (the build's remote SVGs end in .svg). */
const CACHE_ENTRY = /^(variants\/[0-9a-f]{2}\/[0-9a-f]{40}\.(avif|webp|jpg)|originals\/[0-9a-f]{40})$/;

/** The transform of a `/.netlify/images?…` target; an ImageCdnError says what is wrong. */
export function parseImageTarget(target: string): ImageTransform {
  const query = new URL(target, 'http://localhost').searchParams;
  const url = query.get('url') ?? '';
  const width = Number(query.get('w'));
  const format = query.get('fm') as VariantFormat;
  const quality = Number(query.get('q') ?? 75);
  if (!url) throw new ImageCdnError(400, 'The image rewrite names no url.');
  if (!VARIANT_FORMATS.includes(format)) throw new ImageCdnError(400, `Format "${String(format)}" is not one of ${VARIANT_FORMATS.join(', ')}.`);
  if (!Number.isInteger(width) || width < 1 || width > Math.max(...IMAGE_WIDTHS)) throw new ImageCdnError(400, `Width "${query.get('w')}" is not a width the site uses.`);
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw new ImageCdnError(400, `Quality "${query.get('q')}" must be 1–100.`);
  return { url, width, format, quality };
}

export interface ImageCdnOptions {
  /** Directory of cached variants and remote originals. */
  cacheDir: string;
  /** Bytes of an original the site publishes (`name` under /_img/o/); undefined when absent. */
  readSiteOriginal: (name: string) => Promise<Buffer | undefined>;
  /** Whether a remote URL may be fetched (core/images.ts isAllowedImageUrl). */
  isAllowedRemote: (url: string) => boolean;
  /** Encodings at once; more wait. */
  maxConcurrent?: number;
  /** Bytes the cache directory may hold (variants and fetched originals); least recently used go first. */
  cacheMaxBytes?: number;
  /** Largest original fetched; a download stops as soon as it passes this. */
  maxOriginalBytes?: number;
  /** Downloads at once, and how many more may wait for one (beyond: 503). */
  maxDownloads?: number;
  maxWaitingDownloads?: number;
}

export interface Variant {
  file: string;
  size: number;
  /** Stable for a variant's bytes: the cache key. */
  etag: string;
  /** Whether this request encoded the variant (false: it came from the disk cache). */
  encoded: boolean;
}

const sha1 = (text: string | Buffer) => createHash('sha1').update(text).digest('hex');

function encode(original: Buffer, { width, format, quality }: ImageTransform): Promise<Buffer> {
  const pipeline = sharp(original).rotate().resize({ width, withoutEnlargement: true });
  if (format === 'avif') return pipeline.avif({ quality, effort: ENCODER.avifEffort }).toBuffer();
  if (format === 'webp') return pipeline.webp({ quality, effort: ENCODER.webpEffort }).toBuffer();
  return pipeline.flatten({ background: '#ffffff' }).jpeg({ quality, progressive: true, optimiseCoding: true }).toBuffer();
}

/**
 * Runs at most `max` jobs at once; others wait in turn. With `maxWaiting`, a job that would be
 * one more waiting is refused with 503.
 */
function createLimiter(max: number, maxWaiting = Infinity) {
  const waiting: (() => void)[] = [];
  let running = 0;
  return async function slot<T>(work: () => Promise<T>): Promise<T> {
    if (running >= max) {
      if (waiting.length >= maxWaiting) throw new ImageCdnError(503, `The image service is fetching ${running} originals and ${waiting.length} more are waiting; try again in ${RETRY_AFTER_SECONDS} s.`);
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** The image's metadata; 415 when sharp cannot read it or it is no image format the site shows. */
async function imageMetadata(bytes: Buffer, url: string): Promise<Metadata> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    throw new ImageCdnError(415, `${url} is not an image sharp can read.`);
  }
  if (!IMAGE_FORMATS.has(meta.format)) throw new ImageCdnError(415, `${url} is ${meta.format}, not one of ${[...IMAGE_FORMATS].join(', ')}.`);
  return meta;
}

export function createImageCdn({
  cacheDir,
  readSiteOriginal,
  isAllowedRemote,
  maxConcurrent = availableParallelism(),
  cacheMaxBytes = DEFAULT_CACHE_MAX_BYTES,
  maxOriginalBytes = MAX_ORIGINAL_BYTES,
  maxDownloads = DEFAULT_MAX_DOWNLOADS,
  maxWaitingDownloads = DEFAULT_MAX_WAITING_DOWNLOADS,
}: ImageCdnOptions) {
  const inFlight = new Map<string, Promise<Variant>>();
  const downloads = new Map<string, Promise<Buffer>>();
  const slot = createLimiter(maxConcurrent);
  const downloadSlot = createLimiter(maxDownloads, maxWaitingDownloads);
  const cache = createDiskCache({ dir: cacheDir, maxBytes: cacheMaxBytes, isEntry: (relative) => CACHE_ENTRY.test(relative) });

  /** The body of `url`, read no further than maxOriginalBytes whatever the server declares. */
  async function download(url: string): Promise<Buffer> {
    const tooLarge = () => new ImageCdnError(413, `${url} is larger than ${maxOriginalBytes} bytes.`);
    const stop = new AbortController();
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.any([stop.signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]), redirect: 'error' });
    } catch (error) {
      throw new ImageCdnError(502, `Fetching ${url} failed: ${(error as Error).message}`);
    }
    try {
      if (!response.ok) throw new ImageCdnError(response.status === 404 ? 404 : 502, `Fetching ${url} answered HTTP ${response.status}.`);
      if (Number(response.headers.get('content-length') ?? 0) > maxOriginalBytes) throw tooLarge();
      const chunks: Uint8Array[] = [];
      let size = 0;
      try {
        for await (const chunk of response.body ?? []) {
          size += chunk.length;
          if (size > maxOriginalBytes) throw tooLarge();
          chunks.push(chunk);
        }
      } catch (error) {
        if (error instanceof ImageCdnError) throw error;
        throw new ImageCdnError(502, `Fetching ${url} failed: ${(error as Error).message}`);
      }
      return Buffer.concat(chunks, size);
    } finally {
      // Whatever is left of the body is not read: the connection is closed.
      stop.abort();
    }
  }

  async function fetchRemote(url: string): Promise<Buffer> {
    const cached = path.join(cacheDir, 'originals', sha1(url));
    try {
      const bytes = await readFile(cached);
      await cache.record(cached, bytes.length);
      return bytes;
    } catch {
      // not cached yet
    }
    let job = downloads.get(url);
    if (!job) {
      job = downloadSlot(async () => {
        const bytes = await download(url);
        // Only an image is kept: anything else would fill the disk for nothing.
        await imageMetadata(bytes, url);
        await writeFileAtomic(cached, bytes);
        await cache.record(cached, bytes.length);
        return bytes;
      }).finally(() => downloads.delete(url));
      downloads.set(url, job);
    }
    return job;
  }

  /** The published original's name, or undefined for a remote URL; throws for anything not allowed. */
  function checkSource(url: string): string | undefined {
    if (url.startsWith('/')) {
      const name = url.startsWith(ORIGINALS_ROUTE) ? url.slice(ORIGINALS_ROUTE.length) : '';
      if (!SITE_ORIGINAL_NAME.test(name)) throw new ImageCdnError(404, `${url} is not an original the site publishes.`);
      return name;
    }
    if (!isAllowedRemote(url)) throw new ImageCdnError(404, `${url} is not on an allowed image host.`);
    return undefined;
  }

  async function original(url: string): Promise<Buffer> {
    const name = checkSource(url);
    if (name === undefined) return fetchRemote(url);
    const bytes = await readSiteOriginal(name);
    if (!bytes) throw new ImageCdnError(404, `${url} does not exist in this build.`);
    return bytes;
  }

  async function make(transform: ImageTransform, file: string, etag: string): Promise<Variant> {
    const bytes = await original(transform.url);
    const meta = await imageMetadata(bytes, transform.url);
    const originalWidth = meta.autoOrient.width;
    // Only the widths pages ask for, and the original's own when it is narrower than the widest.
    const allowed = (IMAGE_WIDTHS as readonly number[]).includes(transform.width) || transform.width === originalWidth;
    if (!allowed || (transform.width > originalWidth && meta.format !== 'svg')) throw new ImageCdnError(404, `Width ${transform.width} is not offered for ${transform.url} (${originalWidth} px wide).`);
    let data: Buffer;
    try {
      data = await slot(() => encode(bytes, transform));
    } catch (error) {
      throw new ImageCdnError(415, `${transform.url} could not be converted: ${(error as Error).message}`);
    }
    await writeFileAtomic(file, data);
    await cache.record(file, data.length);
    return { file, size: data.length, etag, encoded: true };
  }

  return {
    /** Bytes in the cache directory, as this service counts them. */
    cacheBytes: () => cache.bytes(),
    /** The variant's file in the cache, made first if needed. */
    async variant(transform: ImageTransform): Promise<Variant> {
      // Checked before the cache: a host no longer allowed gets nothing, not even cached variants.
      checkSource(transform.url);
      const key = sha1(`${ENCODER_VERSION}|${transform.url}|${transform.width}|${transform.format}|${transform.quality}`);
      const file = path.join(cacheDir, 'variants', key.slice(0, 2), `${key}.${transform.format}`);
      const etag = `"${key}"`;
      try {
        const info = await stat(file);
        await cache.record(file, info.size);
        return { file, size: info.size, etag, encoded: false };
      } catch {
        // not made yet
      }
      let job = inFlight.get(key);
      if (!job) {
        job = make(transform, file, etag).finally(() => inFlight.delete(key));
        inFlight.set(key, job);
      }
      return job;
    },
  };
}

export type ImageCdn = ReturnType<typeof createImageCdn>;
