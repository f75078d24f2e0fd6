// The on-demand image service of the self-hosted servers: netlify.toml's image rewrites, the
// widths and hosts it accepts, one encoding per variant (then the disk), atomic cache files,
// and the HTTP answers (headers of netlify.toml, ETag, errors).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createImageCdn, parseImageTarget } from '../../server/images/image-cdn.ts';
import { createImageHandler, imageRewriteTarget, remoteImageAllowed, siteOriginalReader } from '../../server/images/image-handler.ts';
import { allowedImageOrigins } from '../../core/images.ts';
import { loadNetlifyRules, parseNetlifyRules } from '../../core/publish/netlify-config.ts';

// Every file the service writes, by path: a variant must reach its name only by a rename.
const written = vi.hoisted(() => [] as string[]);
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const writeFile: typeof actual.writeFile = (file, ...rest) => {
    written.push(String(file));
    return actual.writeFile(file, ...rest);
  };
  return { ...actual, default: { ...actual, writeFile }, writeFile };
});

const rules = loadNetlifyRules(path.resolve(import.meta.dirname, '../../netlify.toml'));
const NAME = '0123456789abcdef0123.jpg';
let photo: Buffer;
let cacheDir: string;
let origin: Server;
let originUrl: string;
let originHits = 0;

beforeAll(async () => {
  photo = await sharp({ create: { width: 1000, height: 600, channels: 3, background: '#3a6', noise: { type: 'gaussian', mean: 120, sigma: 30 } } }).jpeg().toBuffer();
  cacheDir = await mkdtemp(path.join(tmpdir(), 'ksp-image-cdn-'));
  origin = createServer((req, res) => {
    originHits++;
    if (req.url === '/images/p/d/photo.jpg' || req.url === '/images/p/d/copy.jpg') res.end(photo);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
  originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => origin.close(resolve));
  await rm(cacheDir, { recursive: true, force: true });
});

describe('netlify.toml image rewrites', () => {
  it('map variant URLs to Netlify Image CDN with format, width and quality', () => {
    expect(parseImageTarget(imageRewriteTarget(rules, `/_img/avif/800/o/${NAME}`)!)).toEqual({ url: `/_img/o/${NAME}`, width: 800, format: 'avif', quality: 55 });
    expect(parseImageTarget(imageRewriteTarget(rules, '/_img/jpg/1200/https/cdn.sanity.io/images/p/d/a-10x10.jpg')!)).toEqual({ url: 'https://cdn.sanity.io/images/p/d/a-10x10.jpg', width: 1200, format: 'jpg', quality: 78 });
    expect(imageRewriteTarget(rules, `/_img/o/${NAME}`)).toBeUndefined();
    expect(imageRewriteTarget(rules, `/_img/png/800/o/${NAME}`)).toBeUndefined();
  });
  it('cannot smuggle query parameters through the path', () => {
    expect(parseImageTarget(imageRewriteTarget(rules, '/_img/webp/400/o/a.jpg&w=1600')!).url).toBe('/_img/o/a.jpg&w=1600');
  });
  it('allow remote sources by remote_images and the allowed image hosts only', () => {
    expect(remoteImageAllowed(rules, 'https://cdn.sanity.io/images/p/d/a-10x10.jpg', allowedImageOrigins({}))).toBe(true);
    expect(remoteImageAllowed(rules, 'https://cdn.sanity.io.evil.example/images/a.jpg', allowedImageOrigins({}))).toBe(false);
    expect(remoteImageAllowed(rules, 'file:///etc/passwd', allowedImageOrigins({}))).toBe(false);
    expect(remoteImageAllowed(rules, `${originUrl}/images/p/d/photo.jpg`, allowedImageOrigins({ SANITY_API_HOST: originUrl }))).toBe(true);
  });
  it('accept rewrites only to /.netlify/images', () => {
    expect(() => parseNetlifyRules('[[redirects]]\nfrom = "/a/*"\nto = "/b/:splat"\nstatus = 200\n')).toThrow(/only to \/\.netlify\/images/);
    expect(() => parseNetlifyRules('[images]\nremote_images = ["("]\n')).toThrow(/remote_images/);
  });
});

describe('variants on demand', () => {
  const cdn = () =>
    createImageCdn({ cacheDir, readSiteOriginal: async (name) => (name === NAME ? photo : undefined), isAllowedRemote: (url) => url.startsWith(originUrl) });

  it('encodes a variant once, even when asked for twice at the same time, then serves it from disk', async () => {
    const service = cdn();
    const transform = { url: `/_img/o/${NAME}`, width: 400, format: 'avif' as const, quality: 55 };
    const [a, b] = await Promise.all([service.variant(transform), service.variant(transform)]);
    expect(a).toBe(b);
    expect(a.encoded).toBe(true);
    const again = await cdn().variant(transform);
    expect(again).toMatchObject({ file: a.file, encoded: false, size: a.size });
    expect(await sharp(a.file).metadata()).toMatchObject({ width: 400, height: 240 });
    // Written under a temporary name and renamed: nothing half-written is left next to it.
    expect((await readdir(path.dirname(a.file))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('never writes a variant or a fetched original in place: a reader finds the whole file or none', async () => {
    written.length = 0;
    const service = cdn();
    const made = await Promise.all([
      ...(['avif', 'webp', 'jpg'] as const).map((format) => service.variant({ url: `/_img/o/${NAME}`, width: 200, format, quality: 60 })),
      service.variant({ url: `${originUrl}/images/p/d/copy.jpg`, width: 200, format: 'webp', quality: 60 }),
    ]);
    expect(written.length).toBeGreaterThanOrEqual(made.length);
    for (const file of written) expect(file, 'written under a temporary name').toMatch(/\.tmp$/);
    for (const variant of made) {
      expect(variant.encoded).toBe(true);
      expect(written, 'the final name is never opened for writing').not.toContain(variant.file);
      expect((await sharp(variant.file).metadata()).width).toBe(200);
    }
  });

  it('makes the page widths and the original’s own width only', async () => {
    const service = cdn();
    await expect(service.variant({ url: `/_img/o/${NAME}`, width: 1000, format: 'webp', quality: 75 })).resolves.toMatchObject({ encoded: true });
    await expect(service.variant({ url: `/_img/o/${NAME}`, width: 999, format: 'webp', quality: 75 })).rejects.toMatchObject({ status: 404 });
    await expect(service.variant({ url: `/_img/o/${NAME}`, width: 1200, format: 'webp', quality: 75 })).rejects.toMatchObject({ status: 404 });
    await expect(service.variant({ url: '/_img/o/../../etc/passwd', width: 400, format: 'webp', quality: 75 })).rejects.toMatchObject({ status: 404 });
    await expect(service.variant({ url: '/_img/o/ffffffffffffffffffff.jpg', width: 400, format: 'webp', quality: 75 })).rejects.toMatchObject({ status: 404 });
  });

  it('fetches a remote original once for all its variants, from allowed hosts only', async () => {
    const service = cdn();
    const url = `${originUrl}/images/p/d/photo.jpg`;
    originHits = 0;
    await service.variant({ url, width: 400, format: 'jpg', quality: 78 });
    await service.variant({ url, width: 800, format: 'jpg', quality: 78 });
    expect(originHits).toBe(1);
    await expect(service.variant({ url: `${originUrl}/images/p/d/missing.jpg`, width: 400, format: 'jpg', quality: 78 })).rejects.toMatchObject({ status: 404 });
    await expect(service.variant({ url: 'https://example.com/a.jpg', width: 400, format: 'jpg', quality: 78 })).rejects.toMatchObject({ status: 404 });
  });
});

/** Serves `handler` on 127.0.0.1; paths it does not answer get 418. */
async function serve(handler: ReturnType<typeof createImageHandler>) {
  const server = createServer((req, res) => {
    handler(req, res).then((handled) => {
      if (!handled) res.writeHead(418).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('originals of the site', () => {
  it('come from the current release, else from an earlier one (a page loaded before the switch)', async () => {
    const [current, earlier] = [path.join(cacheDir, 'release-2'), path.join(cacheDir, 'release-1')];
    await mkdir(path.join(earlier, '_img', 'o'), { recursive: true });
    await mkdir(path.join(current, '_img', 'o'), { recursive: true });
    await writeFile(path.join(earlier, '_img', 'o', NAME), photo);
    const read = siteOriginalReader(() => current, () => [earlier]);
    expect(await read(NAME)).toEqual(photo);
    expect(await read('ffffffffffffffffffff.jpg')).toBeUndefined();
    expect(await siteOriginalReader(() => current)(NAME)).toBeUndefined();
  });
});

describe('HTTP', () => {
  it('answers with the format’s type, netlify.toml’s caching, an ETag and 304; errors are not cached', async () => {
    const { base, close } = await serve(createImageHandler({ rules, cacheDir, readSiteOriginal: async (name) => (name === NAME ? photo : undefined), imageOrigins: allowedImageOrigins({}) }));
    try {
      const first = await fetch(`${base}/_img/webp/400/o/${NAME}`);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toBe('image/webp');
      expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(first.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect((await sharp(Buffer.from(await first.arrayBuffer())).metadata()).format).toBe('webp');
      const etag = first.headers.get('etag')!;
      expect((await fetch(`${base}/_img/webp/400/o/${NAME}`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
      const missing = await fetch(`${base}/_img/webp/400/o/ffffffffffffffffffff.jpg`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('cache-control')).toBe('no-store');
      expect((await fetch(`${base}/dienstleistungen/`)).status).toBe(418);
      expect((await fetch(`${base}/_img/webp/400/o/${NAME}`, { method: 'POST' })).status).toBe(405);
    } finally {
      await close();
    }
  });

  it('fetches from the hosts of the environment it was created with (the local Content Lake)', async () => {
    const lakeImage = `/_img/jpg/400/http/${originUrl.slice('http://'.length)}/images/p/d/photo.jpg`;
    const plain = await serve(createImageHandler({ rules, cacheDir, readSiteOriginal: async () => undefined, imageOrigins: allowedImageOrigins({}) }));
    const lake = await serve(createImageHandler({ rules, cacheDir, readSiteOriginal: async () => undefined, imageOrigins: allowedImageOrigins({ SANITY_API_HOST: originUrl }) }));
    try {
      expect((await fetch(`${plain.base}${lakeImage}`)).status).toBe(404);
      const response = await fetch(`${lake.base}${lakeImage}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/jpeg');
    } finally {
      await plain.close();
      await lake.close();
    }
  });
});
