// Image pipeline: width planning, names and srcset, accepted origins, and a real sharp run on
// one of the dataset's images into a temporary cache.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOgImage, getResponsiveImage, originKind, planWidths, scaledHeight, srcsetOf, usedImageFiles, variantFileName } from '../../src/lib/images.ts';

describe('planning', () => {
  it('never upscales and always includes the sharpest size', () => {
    expect(planWidths(2000)).toEqual([400, 800, 1200, 1600]);
    expect(planWidths(1000)).toEqual([400, 800, 1000]);
    expect(planWidths(300)).toEqual([300]);
    expect(planWidths(800, [400, 800])).toEqual([400, 800]);
  });
  it('keeps the aspect ratio, names files by hash and builds srcset', () => {
    expect(scaledHeight({ width: 1200, height: 800 }, 400)).toBe(267);
    expect(variantFileName('a'.repeat(40), 400, 'jpeg')).toBe(`${'a'.repeat(20)}-400.jpg`);
    expect(srcsetOf([{ url: '/_img/a-400.webp', width: 400 }, { url: '/_img/a-800.webp', width: 800 }])).toBe('/_img/a-400.webp 400w, /_img/a-800.webp 800w');
  });
  it('accepts local files and Sanity CDN only', () => {
    expect(originKind('file:///x/y.jpg')).toBe('file');
    expect(originKind('https://cdn.sanity.io/images/p/d/abc-10x10.jpg')).toBe('sanity');
    expect(() => originKind('https://example.com/a.jpg')).toThrow(/cdn\.sanity\.io/);
    // The API host of the local Content Lake serves assets like Sanity's CDN; other paths do not count.
    const lake = { SANITY_API_HOST: 'http://localhost:3333' };
    expect(originKind('http://localhost:3333/images/ksp-local/production/abc-10x10.jpg', lake)).toBe('sanity');
    expect(() => originKind('http://localhost:3333/elsewhere/a.jpg', lake)).toThrow(/localhost:3333/);
    expect(() => originKind('http://localhost:3333/images/a.jpg', {})).toThrow(/cdn\.sanity\.io/);
  });
});

describe('getResponsiveImage', () => {
  let cache: string;
  const file = path.resolve(import.meta.dirname, '../../content/images/ksp-servicepoint.jpg');
  beforeAll(async () => {
    cache = await mkdtemp(path.join(tmpdir(), 'ksp-img-'));
  });
  afterAll(async () => {
    await rm(cache, { recursive: true, force: true });
  });

  it('writes AVIF, WebP and JPEG variants served from /_img/', async () => {
    const { width, height } = await sharp(file).metadata();
    const image = { url: pathToFileURL(file).href, width: width!, height: height!, alt: { de: 'Bild' }, credit: 'KSP' };
    const data = await getResponsiveImage(image, [200, 400], cache);
    expect(data.sources.map((s) => s.type)).toEqual(['image/avif', 'image/webp']);
    expect(data.src).toMatch(/^\/_img\/[0-9a-f]{20}-400\.jpg$/);
    expect(data.srcset).toMatch(/-200\.jpg 200w, .*-400\.jpg 400w$/);
    expect(data.width).toBe(400);
    const files = (await readdir(cache)).sort();
    expect(files.filter((f) => /\.(avif|webp|jpg)$/.test(f))).toHaveLength(6);
    const avif = files.find((f) => f.endsWith('-200.avif'))!;
    expect((await sharp(path.join(cache, avif)).metadata()).width).toBe(200);
    for (const f of files) expect(usedImageFiles().has(f)).toBe(true);
    const og = await getOgImage(image, cache);
    expect(og.width).toBe(Math.min(1200, width!));
  });
});
