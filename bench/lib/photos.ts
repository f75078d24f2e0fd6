// Camera-like photos for the bench: one distinct JPEG per seed, 2–6 megapixels in landscape and
// portrait, made deterministically with sharp from a gradient, overlapping shapes (rendered small
// and scaled up, so edges are soft like an out-of-focus background) and sensor-like noise, so
// AVIF, WebP and JPEG encoders do the work real photos cost them. Photos are written once into a
// cache directory outside git and reused by every later run and dataset size; beyond the first
// RENDERED_PHOTOS, distinct copies of rendered ones are made cheaply (see withSeedComment).
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type OutputInfo } from 'sharp';
import { mulberry32 } from './random.ts';
import { writeFileAtomic } from '../../core/write-atomic.ts';

/** Pixel sizes of the photos, from 2.5 to 6 megapixels (landscape and portrait, 3:2 and 4:3). */
export const PHOTO_SIZES: readonly (readonly [number, number])[] = [
  [1920, 1280],
  [2048, 1536],
  [2400, 1600],
  [2592, 1728],
  [3000, 2000],
  [1536, 2048],
  [1728, 2592],
];

/** Where generated photos are kept between runs (`KSP_BENCH_PHOTOS` overrides). */
export function photoCacheDir(root: string, env: Record<string, string | undefined> = process.env): string {
  return path.resolve(env.KSP_BENCH_PHOTOS ?? path.join(root, '.bench', 'photos'));
}

export function photoFileName(seed: number): string {
  return `photo-${String(seed).padStart(6, '0')}.jpg`;
}

const noiseTiles = new Map<number, Promise<{ data: Buffer; info: OutputInfo }>>();

/** Gaussian noise around mid-grey, tiled over the photo; four strengths (odd sizes hide the tiling). */
function noiseTile(kind: number) {
  let tile = noiseTiles.get(kind);
  if (!tile) {
    tile = sharp({ create: { width: 509, height: 503, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 16 + kind * 4 } } })
      .raw()
      .toBuffer({ resolveWithObject: true });
    noiseTiles.set(kind, tile);
  }
  return tile;
}

/** The JPEG bytes of photo `seed`. */
export async function makePhoto(seed: number): Promise<Buffer> {
  const random = mulberry32(0x50484f54 ^ seed);
  const [width, height] = PHOTO_SIZES[seed % PHOTO_SIZES.length]!;
  const w = Math.round(width / 4);
  const h = Math.round(height / 4);
  const colour = (lightness: number) => `hsl(${Math.floor(random() * 360)},${30 + Math.floor(random() * 50)}%,${Math.round(lightness)}%)`;
  const shapes: string[] = [];
  for (let i = 0; i < 24; i++) {
    const x = random() * w;
    const y = random() * h;
    const size = (0.03 + random() * 0.3) * w;
    const kind = random();
    const fill = colour(20 + random() * 60);
    if (kind < 0.4) shapes.push(`<circle cx="${x}" cy="${y}" r="${size / 2}" fill="${fill}" opacity="${(0.5 + random() * 0.5).toFixed(2)}"/>`);
    else if (kind < 0.8) shapes.push(`<rect x="${x - size / 2}" y="${y - size / 3}" width="${size}" height="${size * (0.3 + random())}" fill="${fill}" transform="rotate(${random() * 40 - 20} ${x} ${y})"/>`);
    else shapes.push(`<polygon points="${x},${y} ${x + size},${y + size * random()} ${x - size * random()},${y + size}" fill="${fill}"/>`);
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><linearGradient id="g" x1="0" y1="0" x2="${random().toFixed(2)}" y2="1"><stop offset="0" stop-color="${colour(70)}"/><stop offset="0.55" stop-color="${colour(50)}"/><stop offset="1" stop-color="${colour(25)}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>${shapes.join('')}</svg>`;
  const noise = await noiseTile(seed % 4);
  return sharp(Buffer.from(svg))
    .removeAlpha()
    .resize(width, height, { kernel: 'cubic' })
    .composite([{ input: noise.data, raw: noise.info, tile: true, blend: 'overlay' }])
    .jpeg({ quality: 84 })
    .toBuffer();
}

/**
 * Photos rendered from scratch; every later seed is the rendered photo `seed % RENDERED_PHOTOS`
 * with a JPEG comment naming its seed. Rendering takes about half a second per photo here, so the
 * 7,000 photos of 10,000 documents would take an hour; the copies take microseconds. A copy is a
 * distinct file (its own SHA-1, so its own URLs, originals and variants) with the same pixels,
 * size and header as its source, so it costs the build, the image service and a visitor exactly
 * what a photo of its size costs.
 */
export const RENDERED_PHOTOS = 2000;

/** `jpeg` with a comment segment (COM) right after its start marker: other bytes, same image. */
export function withSeedComment(jpeg: Buffer, seed: number): Buffer {
  const text = Buffer.from(`ksp-bench photo ${seed}`, 'latin1');
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, text, jpeg.subarray(2)]);
}

/**
 * Makes the photos `seeds` that are not in `dir` yet (written under a temporary name and renamed,
 * so an interrupted run leaves no broken photo). Returns how many were made and how long it took.
 */
export async function ensurePhotos(dir: string, seeds: readonly number[], onProgress?: (done: number, total: number) => void): Promise<{ made: number; ms: number }> {
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  const missing = (list: readonly number[]) => list.filter((seed) => !existsSync(path.join(dir, photoFileName(seed))));
  // Sources of copies first, so that a copy can read its source from the cache.
  const sources = [...new Set(seeds.filter((seed) => seed >= RENDERED_PHOTOS).map((seed) => seed % RENDERED_PHOTOS))];
  const todo = [...new Set([...missing(sources), ...missing(seeds)])].sort((a, b) => a - b);
  let made = 0;
  for (const seed of todo) {
    const file = path.join(dir, photoFileName(seed));
    const bytes = seed < RENDERED_PHOTOS ? await makePhoto(seed) : withSeedComment(await readFile(path.join(dir, photoFileName(seed % RENDERED_PHOTOS))), seed);
    await writeFileAtomic(file, bytes);
    made++;
    if (made % 100 === 0) onProgress?.(made, todo.length);
  }
  return { made, ms: performance.now() - started };
}
