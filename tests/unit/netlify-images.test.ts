// Netlify Image CDN may fetch this project's remote images and no others: the build writes the
// allowance into Netlify's Frameworks API file (src/integrations/netlify-images.ts).
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedImageSources, netlifyRemoteImages } from '../../core/images.ts';
import { NETLIFY_CONFIG_FILE, writeNetlifyImageConfig } from '../../src/integrations/netlify-images.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'ksp-netlify-images-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const allowed = (patterns: string[], url: string) => patterns.some((pattern) => new RegExp(pattern).test(url));

describe('remote_images of Netlify Image CDN', () => {
  const patterns = netlifyRemoteImages(allowedImageSources({ SANITY_PROJECT_ID: 'abc123', SANITY_DATASET: 'production', KSP_IMAGE_HOSTS: 'https://assets.kassel.example' }));

  it("allows this project's images on Sanity's CDN and the extra hosts", () => {
    expect(allowed(patterns, 'https://cdn.sanity.io/images/abc123/production/0a1b2c-1200x800.jpg')).toBe(true);
    expect(allowed(patterns, 'https://assets.kassel.example/fotos/ksp.jpg')).toBe(true);
  });

  it("refuses another project's, another dataset's and look-alike addresses", () => {
    for (const url of [
      'https://cdn.sanity.io/images/other9/production/0a1b2c-1200x800.jpg',
      'https://cdn.sanity.io/images/abc123/production-old/0a1b2c-1200x800.jpg',
      'https://cdn.sanity.io/images/abc123/staging/0a1b2c-1200x800.jpg',
      'https://cdn.sanity.io.evil.example/images/abc123/production/x.jpg',
      'https://cdnXsanity.io/images/abc123/production/x.jpg',
      'https://evil.example/?u=https://cdn.sanity.io/images/abc123/production/x.jpg',
      'http://cdn.sanity.io/images/abc123/production/x.jpg',
    ]) {
      expect(allowed(patterns, url), url).toBe(false);
    }
  });

  it('allows nothing remote without a Sanity project or extra hosts (the embedded dataset)', () => {
    expect(netlifyRemoteImages(allowedImageSources({}))).toEqual([]);
  });
});

describe('the Frameworks API file', () => {
  it('is written with exactly these patterns when missing', async () => {
    const root = path.join(work, 'fresh');
    await writeNetlifyImageConfig(root, ['https://cdn.sanity.io/images/abc123/production/']);
    expect(JSON.parse(await readFile(path.join(root, NETLIFY_CONFIG_FILE), 'utf8'))).toEqual({ images: { remote_images: ['^https://cdn\\.sanity\\.io/images/abc123/production/.*$'] } });
  });

  it("keeps what the Netlify adapter wrote and replaces its image allowance", async () => {
    const root = path.join(work, 'adapter');
    await mkdir(path.join(root, '.netlify', 'v1'), { recursive: true });
    const headers = [{ for: '/_astro/*', values: { 'Cache-Control': 'public, max-age=31536000, immutable' } }];
    await writeFile(path.join(root, NETLIFY_CONFIG_FILE), JSON.stringify({ images: { remote_images: ['^https://cdn\\.sanity\\.io/.*$'] }, headers }));
    await writeNetlifyImageConfig(root, []);
    expect(JSON.parse(await readFile(path.join(root, NETLIFY_CONFIG_FILE), 'utf8'))).toEqual({ images: { remote_images: [] }, headers });
  });

  it('replaces a file that is not JSON', async () => {
    const root = path.join(work, 'broken');
    await mkdir(path.join(root, '.netlify', 'v1'), { recursive: true });
    await writeFile(path.join(root, NETLIFY_CONFIG_FILE), '{"images": ');
    await writeNetlifyImageConfig(root, ['https://assets.kassel.example/']);
    expect(JSON.parse(await readFile(path.join(root, NETLIFY_CONFIG_FILE), 'utf8'))).toEqual({ images: { remote_images: ['^https://assets\\.kassel\\.example/.*$'] } });
  });
});
