// Image URLs as pages compute them: width planning, sources (local file, allowed hosts), variant
// URLs, <picture> data and Open Graph images; and the image paths of requests, as the drafts
// preview passes them on. Nothing here reads or encodes an image.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getOgImage, getResponsiveImage, imageSource, planWidths, publishedOriginals, publishRemoteSvg, scaledHeight, srcsetOf, variantUrl } from '../../src/lib/images.ts';
import { allowedImageSources, safeImagePath } from '../../core/images.ts';
import { forwardImage } from '../../src/preview/image-forward.ts';

const sha1 = '37b91e20646d4868385cba26c39ba03d298797b4';
const file = path.resolve(import.meta.dirname, '../../content/images/preis-ab-in-die-mitte.jpg');
const local = { url: pathToFileURL(file).href, sha1, width: 1200, height: 800, alt: { de: 'Bild' }, credit: 'KSP' };
const sanityUrl = 'https://cdn.sanity.io/images/p1/production/0123456789abcdef0123456789abcdef01234567-4000x3000.jpg';

describe('planning', () => {
  it('never upscales and always includes the sharpest size', () => {
    expect(planWidths(2000)).toEqual([400, 800, 1200, 1600]);
    expect(planWidths(1000)).toEqual([400, 800, 1000]);
    expect(planWidths(300)).toEqual([300]);
    expect(planWidths(800, [400, 800])).toEqual([400, 800]);
  });
  it('refuses widths the on-demand services would not make', () => {
    expect(() => planWidths(2000, [400, 900])).toThrow(/900 .*IMAGE_WIDTHS/);
  });
  it('keeps the aspect ratio and builds srcset', () => {
    expect(scaledHeight({ width: 1200, height: 800 }, 400)).toBe(267);
    expect(srcsetOf([{ url: '/_img/a-400.webp', width: 400 }, { url: '/_img/a-800.webp', width: 800 }])).toBe('/_img/a-400.webp 400w, /_img/a-800.webp 800w');
  });
});

describe('sources', () => {
  it('names a local file after its SHA-1 and needs the SHA-1', () => {
    expect(imageSource(local)).toEqual({ kind: 'site', name: '37b91e20646d4868385c.jpg', isSvg: false });
    expect(() => imageSource({ ...local, sha1: undefined })).toThrow(/SHA-1/);
  });
  it('accepts this project’s images on Sanity’s CDN and the local Content Lake (SANITY_API_HOST), and KSP_IMAGE_HOSTS, nothing else', () => {
    const project = { SANITY_PROJECT_ID: 'p1' };
    expect(imageSource({ ...local, url: sanityUrl }, allowedImageSources(project))).toEqual({ kind: 'remote', path: `https/cdn.sanity.io${new URL(sanityUrl).pathname}`, isSvg: false });
    const lake = { SANITY_PROJECT_ID: 'ksp', SANITY_API_HOST: 'http://localhost:3333' };
    expect(imageSource({ ...local, url: 'http://localhost:3333/images/ksp/production/abc-10x10.png' }, allowedImageSources(lake)).kind).toBe('remote');
    expect(() => imageSource({ ...local, url: 'http://localhost:3333/images/abc-10x10.png' }, allowedImageSources(project))).toThrow(/cdn\.sanity\.io/);
    expect(() => imageSource({ ...local, url: 'https://example.com/a.jpg' }, allowedImageSources(project))).toThrow(/KSP_IMAGE_HOSTS/);
    expect(() => imageSource({ ...local, url: sanityUrl.replace('/p1/', '/another/') }, allowedImageSources(project))).toThrow(/cdn\.sanity\.io\/images\/p1\/production\//);
    expect(() => imageSource({ ...local, url: sanityUrl }, allowedImageSources({}))).toThrow(/SANITY_PROJECT_ID/);
    expect(imageSource({ ...local, url: 'https://assets.example.org/a.jpg' }, allowedImageSources({ KSP_IMAGE_HOSTS: 'https://assets.example.org' })).kind).toBe('remote');
    expect(() => imageSource({ ...local, url: `${sanityUrl}?w=10` }, allowedImageSources(project))).toThrow(/plain URL/);
    expect(allowedImageSources({ SANITY_PROJECT_ID: 'p1', SANITY_API_HOST: 'http://127.0.0.1:9/', KSP_IMAGE_HOSTS: 'https://a.example, https://b.example' })).toEqual([
      'https://cdn.sanity.io/images/p1/production/',
      'http://127.0.0.1:9/images/p1/production/',
      'https://a.example/',
      'https://b.example/',
    ]);
    expect(() => allowedImageSources({ KSP_IMAGE_HOSTS: 'ftp://x' })).toThrow(/KSP_IMAGE_HOSTS/);
  });
  it('puts format and width first, so netlify.toml can rewrite the URL', () => {
    expect(variantUrl({ kind: 'site', name: 'abc.jpg', isSvg: false }, 800, 'avif')).toBe('/_img/avif/800/o/abc.jpg');
    expect(variantUrl(imageSource({ ...local, url: sanityUrl }, allowedImageSources({ SANITY_PROJECT_ID: 'p1' })), 400, 'webp')).toBe(`/_img/webp/400/https/cdn.sanity.io${new URL(sanityUrl).pathname}`);
  });
});

describe('getResponsiveImage', () => {
  it('offers AVIF, WebP and JPEG at every planned width and publishes the local original', async () => {
    const data = await getResponsiveImage(local, [200, 400]);
    expect(data.sources.map((s) => s.type)).toEqual(['image/avif', 'image/webp']);
    expect(data.sources[0]!.srcset).toBe('/_img/avif/200/o/37b91e20646d4868385c.jpg 200w, /_img/avif/400/o/37b91e20646d4868385c.jpg 400w');
    expect(data.src).toBe('/_img/jpg/400/o/37b91e20646d4868385c.jpg');
    expect(data).toMatchObject({ width: 400, height: 267 });
    expect(publishedOriginals().get('37b91e20646d4868385c.jpg')).toBe(file);
  });
  it('reads a remote SVG only up to its limit, announced length or not, and names the image and the fix', async () => {
    let sent = 0;
    const host = createServer((req, res) => {
      if (req.url === '/small.svg') return void res.writeHead(200, { 'Content-Type': 'image/svg+xml' }).end('<svg xmlns="http://www.w3.org/2000/svg"/>');
      // 40 MB in 64 KB chunks without Content-Length; the build must stop reading long before.
      res.writeHead(200, { 'Content-Type': 'image/svg+xml' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const write = () => {
        while (sent < 40 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', write);
        }
        res.end();
      };
      res.on('error', () => undefined);
      write();
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'ksp-svg-'));
    try {
      expect(await publishRemoteSvg(`${base}/small.svg`, cacheDir)).toMatch(/^\/_img\/o\/[0-9a-f]+\.svg$/);
      await expect(publishRemoteSvg(`${base}/huge.svg`, cacheDir)).rejects.toThrow(new RegExp(`Image ${base}/huge\\.svg is larger than 10 MB.*Replace it in the Studio`));
      expect(sent).toBeLessThan(40 * 1024 * 1024);
    } finally {
      host.closeAllConnections();
      host.close();
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('gives Open Graph a JPEG no wider than 1200 px', () => {
    expect(getOgImage({ ...local, url: sanityUrl, width: 4000, height: 3000 }, allowedImageSources({ SANITY_PROJECT_ID: 'p1' }))).toEqual({ src: `/_img/jpg/1200/https/cdn.sanity.io${new URL(sanityUrl).pathname}`, width: 1200, height: 900 });
    expect(getOgImage({ ...local, width: 640, height: 480 }).width).toBe(640);
  });
});

describe('image paths of requests', () => {
  it('are the scheme’s paths, unchanged, and resolve to themselves', () => {
    for (const pathname of ['/_img/o/37b91e20646d4868385c.jpg', '/_img/avif/800/https/cdn.sanity.io/images/p1/production/a-10x10.jpg', '/_img/jpg/400/http/127.0.0.1:3333/images/p/d/a-10x10.jpg']) {
      expect(safeImagePath(pathname)).toBe(pathname);
      expect(new URL(pathname, 'https://site.example').pathname).toBe(pathname);
    }
  });

  it('never take the drafts preview’s request to the public site out of /_img/, however the dots are encoded', async () => {
    const asked: string[] = [];
    const site = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(200, { 'Content-Type': 'image/svg+xml' }).end('<svg xmlns="http://www.w3.org/2000/svg"/>');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const publicSite = new URL(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
    try {
      for (const pathname of [
        '/_img/%2e%2e/favicon.svg',
        '/_img/%2E%2E/impressum/',
        '/_img/.%2e/favicon.svg',
        '/_img/o/%2e%2e/%2e%2e/favicon.svg',
        '/_img/%2e%2e%2ffavicon.svg',
        '/_img/o/%252e%252e/favicon.svg',
        '/_img/o/..%5c..%5cfavicon.svg',
        '/_img/o/../../favicon.svg',
        '/_img//evil.example/a.jpg',
        '/_img/',
        '/favicon.svg',
      ]) {
        expect(safeImagePath(pathname), pathname).toBeUndefined();
        expect((await forwardImage(pathname, publicSite, {})).status, pathname).toBe(404);
      }
      expect(asked).toEqual([]);
      const image = await forwardImage('/_img/jpg/400/o/37b91e20646d4868385c.jpg', publicSite, {});
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/svg+xml');
      expect(asked).toEqual(['/_img/jpg/400/o/37b91e20646d4868385c.jpg']);
    } finally {
      await new Promise((resolve) => site.close(resolve));
    }
  });
});
