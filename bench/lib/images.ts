// Image figures for the bench: files an image cache gained during a build, and the on-demand
// image service of a checkout (its server/images/image-handler.ts behind a real HTTP server)
// answering variants of sampled photos of a built site: the first request (encoding on a cold
// variant cache), the same again (from disk), and the bytes of what visitors get.
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';

/** Files below `dir` (recursively) whose names match `pattern`; 0 when `dir` does not exist. */
export async function countFiles(dir: string, pattern = /./): Promise<number> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((entry) => entry.isFile() && pattern.test(entry.name)).length;
  } catch {
    return 0;
  }
}

async function bytesBelow(dir: string): Promise<number> {
  let total = 0;
  try {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
    }
  } catch {
    // no such directory
  }
  return total;
}

export interface ServingBench {
  /** Photos (originals of at least 2 MP) whose variants were requested; 0 without an on-demand service. */
  sampled: number;
  megapixels: { min: number; max: number };
  /** First request of the widest AVIF of each photo (encodes it). */
  firstMs: { median: number; max: number };
  /** The same request again (from the disk cache). */
  diskMs: { median: number };
  originalKb: number;
  /** Average KB per photo: 800 w in each format, and the widest AVIF. */
  kb: { avif: number; webp: number; jpg: number; avif1600: number };
  /** Bytes of the built site's /_img/ (published originals, or variants made at build time). */
  imgDirBytes: number;
  /**
   * Milliseconds to make every variant a page offers for one photo (4 widths × 3 formats) with
   * the same encoder settings, one after another: what making them at build time would cost per
   * photo (divided by the cores, at best, with worker threads). Averaged over up to 3 photos.
   */
  allVariantsMsPerPhoto: number;
}

type HandlerModule = {
  createImageHandler(options: { rules: unknown; cacheDir: string; readSiteOriginal: (name: string) => Promise<Buffer | undefined> }): (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
};
type RulesModule = { loadNetlifyRules(file: string): unknown };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const average = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);

export async function benchImageServing(siteRoot: string, distDir: string, cacheDir: string, sample = 12): Promise<ServingBench> {
  const imgDirBytes = await bytesBelow(path.join(distDir, '_img'));
  const empty: ServingBench = { sampled: 0, megapixels: { min: NaN, max: NaN }, firstMs: { median: NaN, max: NaN }, diskMs: { median: NaN }, originalKb: NaN, kb: { avif: NaN, webp: NaN, jpg: NaN, avif1600: NaN }, imgDirBytes, allVariantsMsPerPhoto: NaN };
  const handlerFile = path.join(siteRoot, 'server', 'images', 'image-handler.ts');
  const originalsDir = path.join(distDir, '_img', 'o');
  if (!existsSync(handlerFile) || !existsSync(originalsDir)) return empty;

  const photos: { name: string; width: number; megapixels: number; bytes: number }[] = [];
  for (const name of (await readdir(originalsDir)).sort()) {
    const meta = await sharp(path.join(originalsDir, name)).metadata();
    if (meta.width * meta.height >= 2_000_000) photos.push({ name, width: meta.width, megapixels: (meta.width * meta.height) / 1e6, bytes: meta.size ?? (await stat(path.join(originalsDir, name))).size });
  }
  if (photos.length === 0) return empty;
  const step = Math.max(1, Math.floor(photos.length / sample));
  const chosen = photos.filter((_, i) => i % step === 0).slice(0, sample);

  const { createImageHandler } = (await import(pathToFileURL(handlerFile).href)) as HandlerModule;
  const { loadNetlifyRules } = (await import(pathToFileURL(path.join(siteRoot, 'core', 'publish', 'netlify-config.ts')).href)) as RulesModule;
  const handle = createImageHandler({
    rules: loadNetlifyRules(path.join(siteRoot, 'netlify.toml')),
    cacheDir,
    readSiteOriginal: async (name) => readFile(path.join(originalsDir, name)).catch(() => undefined),
  });
  const server = createServer((req, res) => {
    handle(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = async (urlPath: string) => {
    const started = performance.now();
    const response = await fetch(`${base}${urlPath}`);
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) throw new Error(`The image service answered ${response.status} for ${urlPath}: ${body.toString().slice(0, 200)}`);
    return { ms: performance.now() - started, bytes: body.length };
  };
  try {
    const first: number[] = [];
    const disk: number[] = [];
    const kb = { avif: [] as number[], webp: [] as number[], jpg: [] as number[], avif1600: [] as number[] };
    for (const photo of chosen) {
      const widest = `/_img/avif/${Math.min(1600, photo.width)}/o/${photo.name}`;
      const cold = await get(widest);
      first.push(cold.ms);
      kb.avif1600.push(cold.bytes / 1024);
      disk.push((await get(widest)).ms);
      for (const format of ['avif', 'webp', 'jpg'] as const) kb[format].push((await get(`/_img/${format}/800/o/${photo.name}`)).bytes / 1024);
    }
    // Every variant of a few photos not requested yet (build-time candidate's cost per photo).
    const all: number[] = [];
    for (const photo of photos.filter((p) => !chosen.includes(p)).slice(0, 3)) {
      let ms = 0;
      for (const format of ['avif', 'webp', 'jpg'] as const) for (const width of [400, 800, 1200, Math.min(1600, photo.width)]) ms += (await get(`/_img/${format}/${width}/o/${photo.name}`)).ms;
      all.push(ms);
    }
    return {
      sampled: chosen.length,
      megapixels: { min: Math.min(...chosen.map((p) => p.megapixels)), max: Math.max(...chosen.map((p) => p.megapixels)) },
      firstMs: { median: median(first), max: Math.max(...first) },
      diskMs: { median: median(disk) },
      originalKb: average(chosen.map((p) => p.bytes / 1024)),
      kb: { avif: average(kb.avif), webp: average(kb.webp), jpg: average(kb.jpg), avif1600: average(kb.avif1600) },
      imgDirBytes,
      allVariantsMsPerPhoto: average(all),
    };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
