// The on-demand image service of the self-hosted servers: netlify.toml's image rewrites, the
// widths and sources it accepts (this project's images only), one encoding per variant (then
// the disk), atomic cache files, the bounds of downloads and of the cache, and the HTTP answers
// (headers of netlify.toml, ETag, errors).
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createImageCdn, parseImageTarget } from '../../server/images/image-cdn.ts';
import { createImageHandler, imageRewriteTarget, siteOriginalReader } from '../../server/images/image-handler.ts';
import { allowedImageSources, isAllowedImageUrl } from '../../core/images.ts';
import { loadNetlifyRules, parseNetlifyRules } from '../../core/publish/netlify-config.ts';
import { readPublishServerConfig } from '../../server/config.ts';
import { DEFAULT_CACHE_MAX_BYTES } from '../../server/images/limits.ts';

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
  it('allow remote sources by the allowed image sources only', () => {
    const project = { SANITY_PROJECT_ID: 'p', SANITY_DATASET: 'd' };
    expect(isAllowedImageUrl('https://cdn.sanity.io/images/p/d/a-10x10.jpg', allowedImageSources(project))).toBe(true);
    expect(isAllowedImageUrl('https://cdn.sanity.io.evil.example/images/a.jpg', allowedImageSources(project))).toBe(false);
    expect(isAllowedImageUrl('file:///etc/passwd', allowedImageSources(project))).toBe(false);
    expect(isAllowedImageUrl(`${originUrl}/images/p/d/photo.jpg`, allowedImageSources({ ...project, SANITY_API_HOST: originUrl }))).toBe(true);
  });
  it('are this project’s images only: no other project, dataset or /files/, no way out by dot-segments', () => {
    const sources = allowedImageSources({ SANITY_PROJECT_ID: 'p', SANITY_DATASET: 'd', SANITY_API_HOST: originUrl, KSP_IMAGE_HOSTS: 'https://assets.example.org' });
    expect(sources).toEqual(['https://cdn.sanity.io/images/p/d/', `${originUrl}/images/p/d/`, 'https://assets.example.org/']);
    for (const url of [
      'https://cdn.sanity.io/images/other/d/a-10x10.jpg',
      'https://cdn.sanity.io/images/p/staging/a-10x10.jpg',
      'https://cdn.sanity.io/files/p/d/a.pdf',
      'https://cdn.sanity.io/images/p/d/../../other/d/a-10x10.jpg',
      'https://cdn.sanity.io/images/p/d/%2e%2e/%2E%2E/other/d/a-10x10.jpg',
      'https://cdn.sanity.io/images/p/d/.%2e/.%2e/other/d/a-10x10.jpg',
      'https://cdn.sanity.io/images/p/d/%252e%252e/a-10x10.jpg',
      'https://cdn.sanity.io/images/p/d/a%2f..%2f..%2fx.jpg',
      'https://cdn.sanity.io/images/p/d/a-10x10.jpg?w=10',
      'https://cdn.sanity.io/images/p/d//a-10x10.jpg',
      `${originUrl}/files/p/d/a.pdf`,
      'https://assets.example.org.evil.example/a.jpg',
    ]) expect(isAllowedImageUrl(url, sources), url).toBe(false);
    expect(isAllowedImageUrl('https://assets.example.org/press/a%20b.jpg', sources)).toBe(true);
    // Without a Sanity project (the embedded dataset) no Sanity image is fetched.
    expect(allowedImageSources({ SANITY_API_HOST: originUrl })).toEqual([]);
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
    const { base, close } = await serve(createImageHandler({ rules, cacheDir, readSiteOriginal: async (name) => (name === NAME ? photo : undefined), imageSources: allowedImageSources({}) }));
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
    const plain = await serve(createImageHandler({ rules, cacheDir, readSiteOriginal: async () => undefined, imageSources: allowedImageSources({ SANITY_PROJECT_ID: 'p', SANITY_DATASET: 'd' }) }));
    const lake = await serve(createImageHandler({ rules, cacheDir, readSiteOriginal: async () => undefined, imageSources: allowedImageSources({ SANITY_PROJECT_ID: 'p', SANITY_DATASET: 'd', SANITY_API_HOST: originUrl }) }));
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

describe('bounds against abuse', () => {
  const HUGE_BYTES = 80 * 1024 * 1024;
  let abuse: Server;
  let abuseUrl: string;
  let host: string;
  /** Paths the origin was asked for. */
  const asked: string[] = [];
  let hugeSent = 0;
  let open = 0;
  let maxOpen = 0;
  let releaseSlow = false;
  const held: (() => void)[] = [];

  beforeAll(async () => {
    abuse = createServer((req, res) => {
      const url = req.url ?? '';
      asked.push(url);
      if (url === '/images/p/d/huge.jpg') {
        // No Content-Length: the body streams until the client stops reading.
        res.writeHead(200, { 'Content-Type': 'image/jpeg' });
        const chunk = Buffer.alloc(64 * 1024, 0xff);
        void (async () => {
          while (hugeSent < HUGE_BYTES && !res.destroyed) {
            hugeSent += chunk.length;
            if (!res.write(chunk)) {
              await new Promise<void>((resolve) => {
                const done = () => {
                  res.off('drain', done).off('close', done);
                  resolve();
                };
                res.on('drain', done).on('close', done);
              });
            }
          }
          res.end();
        })();
      } else if (url.startsWith('/images/p/d/slow-')) {
        open++;
        maxOpen = Math.max(maxOpen, open);
        const answer = () => {
          open--;
          res.end(photo);
        };
        if (releaseSlow) answer();
        else held.push(answer);
      } else if (url.startsWith('/images/p/d/text-')) res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<p>not an image ${url}</p>`);
      else res.end(photo);
    });
    await new Promise<void>((resolve) => abuse.listen(0, '127.0.0.1', resolve));
    abuseUrl = `http://127.0.0.1:${(abuse.address() as AddressInfo).port}`;
    host = abuseUrl.slice('http://'.length);
  });
  afterAll(async () => {
    releaseSlow = true;
    for (const answer of held.splice(0)) answer();
    await new Promise((resolve) => abuse.close(resolve));
  });

  const sources = () => allowedImageSources({ SANITY_PROJECT_ID: 'p', SANITY_DATASET: 'd', SANITY_API_HOST: abuseUrl });
  const handler = async (options: Partial<Parameters<typeof createImageHandler>[0]> = {}) =>
    serve(createImageHandler({ rules, cacheDir: await mkdtemp(path.join(cacheDir, 'abuse-')), readSiteOriginal: async () => undefined, imageSources: sources(), ...options }));

  it('fetch this project’s images only: not another project’s, not /files/, not by an encoded dot-segment', async () => {
    const { base, close } = await handler();
    try {
      asked.length = 0;
      expect((await fetch(`${base}/_img/jpg/400/http/${host}/images/p/d/own.jpg`)).status).toBe(200);
      for (const tail of ['images/other/d/photo.jpg', 'images/p/staging/photo.jpg', 'files/p/d/photo.jpg', 'images/p/d/%2e%2e/%2e%2e/other/d/photo.jpg', 'images/p/d/%252e%252e/%252e%252e/other/d/photo.jpg']) {
        expect((await fetch(`${base}/_img/jpg/400/http/${host}/${tail}`)).status, tail).not.toBe(200);
      }
      expect(asked).toEqual(['/images/p/d/own.jpg']);
    } finally {
      await close();
    }
  });

  it('stop reading an original as soon as it passes the size limit, without Content-Length', async () => {
    const limit = 1024 * 1024;
    const { base, close } = await handler({ maxOriginalBytes: limit });
    try {
      hugeSent = 0;
      const response = await fetch(`${base}/_img/jpg/400/http/${host}/images/p/d/huge.jpg`);
      expect(response.status).toBe(413);
      // The limit plus what the sockets buffer, not the whole 80 MB.
      expect(hugeSent).toBeLessThan(16 * 1024 * 1024);
    } finally {
      await close();
    }
  });

  it('run a bounded number of downloads; a few more wait, the rest get 503 with Retry-After', async () => {
    const { base, close } = await handler({ maxDownloads: 2, maxWaitingDownloads: 1 });
    try {
      maxOpen = 0;
      const answers: { status: number; retryAfter: string | null }[] = [];
      const requests = [1, 2, 3, 4, 5].map((n) =>
        fetch(`${base}/_img/jpg/400/http/${host}/images/p/d/slow-${n}.jpg`).then(async (response) => {
          await response.arrayBuffer();
          answers.push({ status: response.status, retryAfter: response.headers.get('retry-after') });
        }),
      );
      // Two downloads run, one waits, two are refused at once.
      for (let i = 0; i < 200 && !(held.length === 2 && answers.length === 2); i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect({ running: held.length, answered: answers.length }).toEqual({ running: 2, answered: 2 });
      releaseSlow = true;
      for (const answer of held.splice(0)) answer();
      await Promise.all(requests);
      expect(maxOpen).toBe(2);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 503, 503]);
      for (const answer of answers.filter((a) => a.status === 503)) expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    } finally {
      releaseSlow = true;
      for (const answer of held.splice(0)) answer();
      await close();
    }
  });

  it('cache nothing that is not an image', async () => {
    const dir = await mkdtemp(path.join(cacheDir, 'non-images-'));
    const { base, close } = await handler({ cacheDir: dir });
    try {
      for (let n = 0; n < 30; n++) expect((await fetch(`${base}/_img/jpg/400/http/${host}/images/p/d/text-${n}.jpg`)).status).toBe(415);
      expect(await filesIn(dir)).toEqual([]);
    } finally {
      await close();
    }
  });

  it('keep the cache within its budget, the least recently used files going first', async () => {
    const dir = await mkdtemp(path.join(cacheDir, 'budget-'));
    const budget = Math.floor(2.5 * photo.length);
    const service = createImageCdn({ cacheDir: dir, readSiteOriginal: async () => undefined, isAllowedRemote: (url) => url.startsWith(abuseUrl), cacheMaxBytes: budget });
    const transform = (name: string) => ({ url: `${abuseUrl}/images/p/d/${name}.jpg`, width: 200, format: 'jpg' as const, quality: 60 });
    const a = await service.variant(transform('copy-a'));
    await service.variant(transform('copy-b'));
    // a's variant is used again: more recent than b's original.
    expect((await service.variant(transform('copy-a'))).encoded).toBe(false);
    await service.variant(transform('copy-c'));
    const original = (name: string) => `originals/${createHash('sha1').update(transform(name).url).digest('hex')}`;
    // A third original passes the budget: the oldest unused file (a's original) goes, a's variant stays.
    let files = await filesIn(dir);
    expect(files).not.toContain(original('copy-a'));
    expect(files).toContain(original('copy-b'));
    expect(files).toContain(path.relative(dir, a.file));
    for (const name of ['copy-d', 'copy-e', 'copy-f']) await service.variant(transform(name));
    files = await filesIn(dir);
    const onDisk = (await Promise.all(files.map(async (file) => (await stat(path.join(dir, file))).size))).reduce((sum, size) => sum + size, 0);
    expect(onDisk).toBeLessThanOrEqual(budget);
    expect(await service.cacheBytes()).toBe(onDisk);
    expect(files.filter((file) => file.startsWith('originals/')).sort()).toEqual([original('copy-e'), original('copy-f')].sort());
    // A new service (a restart) counts what is there.
    expect(await createImageCdn({ cacheDir: dir, readSiteOriginal: async () => undefined, isAllowedRemote: () => false, cacheMaxBytes: budget }).cacheBytes()).toBe(onDisk);
  });
});

async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

describe('settings', () => {
  it('KSP_IMAGE_CACHE_MB is a whole number of megabytes, at least twice the largest original; else the start names it', () => {
    const env = { SANITY_WEBHOOK_SECRET: 'x'.repeat(48), KSP_STATE_DIR: cacheDir };
    const repoRoot = path.resolve(import.meta.dirname, '../..');
    expect(readPublishServerConfig(env, repoRoot).imageCacheMaxBytes).toBe(DEFAULT_CACHE_MAX_BYTES);
    expect(readPublishServerConfig({ ...env, KSP_IMAGE_CACHE_MB: '512' }, repoRoot).imageCacheMaxBytes).toBe(512 * 1024 * 1024);
    for (const bad of ['lots', '100', '1.5', '-1']) {
      expect(() => readPublishServerConfig({ ...env, KSP_IMAGE_CACHE_MB: bad }, repoRoot), bad).toThrow(/^KSP_IMAGE_CACHE_MB ".*" must be a whole number from 128 to \d+ \(megabytes .*\)\. Leave it unset for 2048\.$/);
    }
  });
});
