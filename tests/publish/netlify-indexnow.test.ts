// The Netlify side of IndexNow: the event function deploy-succeeded compares the live build
// manifest with the baseline it kept in Netlify Blobs (here an in-memory store with Netlify's
// conditional writes) and posts the changed addresses to a stub endpoint on 127.0.0.1; the build
// status function passes the result on to the Studio. Off without a key and on the preview site;
// a repeated or forged event announces nothing twice; an endpoint that fails gets bounded tries.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from '@netlify/functions';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import deploySucceeded, { NETLIFY_RETRY } from '../../netlify/functions/deploy-succeeded.ts';
import buildStatus from '../../netlify/functions/build-status.ts';
import type { IndexNowBlobStore } from '../../netlify/lib/indexnow-store.ts';
import { createManifest, withPages, type BuildManifest } from '../../core/publish/build-manifest.ts';
import { parseBuildStatus } from '../../core/publish/build-status.ts';
import { dailyTrigger } from '../../core/publish/build-trigger.ts';
import type { IndexNowBody } from '../../core/publish/indexnow.ts';

const KEY = '0c4f8e2a6b1d3957-netlify';
const SITE = 'https://ksp.example';
let stub: Server;
let endpoint = '';
let answers: number[] = [];
let received: IndexNowBody[] = [];
let live: BuildManifest;
let logs: string[] = [];

/** Netlify Blobs as the functions use it: strong reads, ETags, onlyIfNew / onlyIfMatch writes. */
function memoryBlobs(): IndexNowBlobStore & { data: Map<string, { value: string; etag: string }> } {
  const data = new Map<string, { value: string; etag: string }>();
  let version = 0;
  const store = {
    data,
    async get(key: string) {
      const entry = data.get(key);
      return entry ? JSON.parse(entry.value) : null;
    },
    async getWithMetadata(key: string) {
      const entry = data.get(key);
      return entry ? { data: JSON.parse(entry.value), etag: entry.etag, metadata: {} } : null;
    },
    async setJSON(key: string, value: unknown, options: { onlyIfNew?: boolean; onlyIfMatch?: string } = {}) {
      const current = data.get(key);
      if ((options.onlyIfNew && current) || (options.onlyIfMatch && current?.etag !== options.onlyIfMatch)) return { modified: false };
      version += 1;
      data.set(key, { value: JSON.stringify(value), etag: `"e${version}"` });
      return { modified: true, etag: `"e${version}"` };
    },
  };
  return store as unknown as IndexNowBlobStore & { data: typeof data };
}

function deploy(id: string, pages: Record<string, string | null>): BuildManifest {
  const manifest = createManifest({ buildId: id, startedAt: new Date('2026-12-01T09:00:00Z'), source: { kind: 'embedded' }, trigger: dailyTrigger(), documents: [] });
  return withPages(manifest, SITE, new Map(Object.entries(pages)));
}

/** The site serves `live` as its manifest; everything else (the stub endpoint) goes out for real. */
const siteFetch: typeof fetch = async (input, init) => {
  const url = new URL(String(input));
  if (url.origin === SITE) return url.pathname === '/build-manifest.json' ? Response.json(live) : new Response('not found', { status: 404 });
  return fetch(input, init);
};

const event = (id: string, context = 'production') => new Request('https://ksp.example/.netlify/functions/deploy-succeeded', { method: 'POST', body: JSON.stringify({ payload: { id, context, state: 'ready' } }) });
const netlifyContext = { site: { id: 'site-1', url: SITE } } as unknown as Context;

beforeAll(async () => {
  stub = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      received.push(JSON.parse(text) as IndexNowBody);
      res.writeHead(answers[Math.min(received.length - 1, answers.length - 1)] ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/indexnow`;
});
afterAll(() => new Promise((resolve) => stub.close(resolve)));

// The site's address comes from Netlify's context here, not from the test runner's SITE_URL.
const runnerSite = { SITE_URL: process.env.SITE_URL, URL: process.env.URL };

beforeEach(() => {
  delete process.env.SITE_URL;
  delete process.env.URL;
  received = [];
  answers = [200];
  logs = [];
  process.env.INDEXNOW_KEY = KEY;
  process.env.INDEXNOW_ENDPOINT = endpoint;
  // The link check the same function starts is tested in netlify-link-check.test.ts.
  process.env.LINK_CHECK = 'off';
  const capture = (...args: unknown[]) => void logs.push(args.map(String).join(' '));
  vi.spyOn(console, 'log').mockImplementation(capture);
  vi.spyOn(console, 'error').mockImplementation(capture);
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const name of ['INDEXNOW_KEY', 'INDEXNOW_ENDPOINT', 'KSP_NETLIFY_SITE', 'NETLIFY_API_TOKEN', 'LINK_CHECK']) delete process.env[name];
  for (const [name, value] of Object.entries(runnerSite)) if (value !== undefined) process.env[name] = value;
});

describe('Netlify Function deploy-succeeded', () => {
  it('announces nothing on the first deploy, then exactly what the next deploy changed, once', async () => {
    const store = memoryBlobs();
    const deps = { fetch: siteFetch, store: () => store, sleep: async () => undefined };
    live = deploy('d1', { '/a/': '2026-11-01T08:00:00.000Z', '/en/a/': '2026-11-01T08:00:00.000Z', '/b/': null });
    expect(await (await deploySucceeded(event('d1'), netlifyContext, deps)).json()).toEqual({ indexNow: 'skipped', urls: 0, linkCheck: 'off' });
    expect(received).toEqual([]);

    live = deploy('d2', { '/a/': '2026-12-01T08:00:00.000Z', '/en/a/': '2026-12-01T08:00:00.000Z', '/c/': null });
    const response = await deploySucceeded(event('d2'), netlifyContext, deps);
    expect(await response.json()).toEqual({ indexNow: 'sent', urls: 4, linkCheck: 'off' });
    expect(received).toEqual([{ host: 'ksp.example', key: KEY, keyLocation: `${SITE}/${KEY}.txt`, urlList: [`${SITE}/a/`, `${SITE}/b/`, `${SITE}/c/`, `${SITE}/en/a/`] }]);

    // Netlify retrying the event, or anyone calling the function's URL: nothing is sent twice.
    expect(await (await deploySucceeded(event('d2'), netlifyContext, deps)).json()).toMatchObject({ indexNow: 'done' });
    expect(await (await deploySucceeded(new Request('https://ksp.example/x', { method: 'POST', body: 'not json' }), netlifyContext, deps)).json()).toMatchObject({ indexNow: 'done' });
    // An event naming a deploy that is not live (a locked site) announces nothing.
    expect(await (await deploySucceeded(event('d9'), netlifyContext, deps)).json()).toMatchObject({ indexNow: 'skipped' });
    expect(received).toHaveLength(1);

    // The Studio reads it through the build status API.
    process.env.NETLIFY_API_TOKEN = 'nfp_test_token_0123456789';
    const status = await buildStatus(new Request('https://ksp.example/api/build-status'), netlifyContext, async () =>
      Response.json([{ id: 'd2', state: 'ready', context: 'production', created_at: '2026-12-01T10:00:00Z', published_at: '2026-12-01T10:01:00Z' }]),
    () => store);
    expect(parseBuildStatus(await status.json())?.live).toEqual({ id: 'd2', finishedAt: '2026-12-01T10:01:00Z', indexNow: { state: 'sent', urls: 4, at: expect.any(String) } });
  });

  it('gives up after the bounded tries when the endpoint answers 500 forever, and says so', async () => {
    const store = memoryBlobs();
    const pauses: number[] = [];
    const deps = { fetch: siteFetch, store: () => store, sleep: async (ms: number) => void pauses.push(ms) };
    live = deploy('d1', { '/a/': '2026-11-01T08:00:00.000Z' });
    await deploySucceeded(event('d1'), netlifyContext, deps);
    answers = [500];
    live = deploy('d2', { '/a/': '2026-12-01T08:00:00.000Z' });
    const response = await deploySucceeded(event('d2'), netlifyContext, deps);
    expect(response.status).toBe(502);
    expect(received).toHaveLength(NETLIFY_RETRY.attempts);
    expect(pauses).toEqual([500, 1000]);
    expect(logs.some((line) => line.includes('"indexnow-failed"') && line.includes('the endpoint answered 500'))).toBe(true);
    expect(JSON.parse(store.data.get('report/d2')!.value)).toEqual({ state: 'failed', urls: 1 });
  });

  it('is off without INDEXNOW_KEY, on the preview site and for other deploy contexts', async () => {
    let fetched = 0;
    const deps = { fetch: (async () => (fetched += 1, Response.json(live))) as unknown as typeof fetch, store: () => memoryBlobs() };
    delete process.env.INDEXNOW_KEY;
    expect(await (await deploySucceeded(event('d1'), netlifyContext, deps)).json()).toEqual({ indexNow: 'off', linkCheck: 'off' });
    process.env.INDEXNOW_KEY = KEY;
    process.env.KSP_NETLIFY_SITE = 'preview';
    expect(await (await deploySucceeded(event('d1'), netlifyContext, deps)).json()).toMatchObject({ indexNow: 'off' });
    delete process.env.KSP_NETLIFY_SITE;
    expect(await (await deploySucceeded(event('d1', 'deploy-preview'), netlifyContext, deps)).json()).toMatchObject({ indexNow: 'skipped' });
    expect(fetched).toBe(0);
  });

  it('refuses a bad key with a log line that names the variable, and tells the caller nothing more', async () => {
    process.env.INDEXNOW_KEY = 'bad key/../';
    const response = await deploySucceeded(event('d1'), netlifyContext, { fetch: siteFetch, store: () => memoryBlobs() });
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).not.toContain('INDEXNOW_KEY must');
    expect(logs.some((line) => line.includes('INDEXNOW_KEY must be 8 to 128 characters'))).toBe(true);
  });

  it('reads the manifest only from the site’s own address, and ignores one of another site', async () => {
    const store = memoryBlobs();
    live = { ...deploy('d1', { '/a/': null }), site: 'https://evil.example' };
    const seen: string[] = [];
    const response = await deploySucceeded(event('d1'), netlifyContext, { fetch: async (input, init) => (seen.push(new URL(String(input)).origin), siteFetch(input, init)), store: () => store });
    expect(await response.json()).toMatchObject({ indexNow: 'skipped', reason: 'no-pages' });
    expect(seen).toEqual([SITE]);
    expect(store.data.size).toBe(0);
  });
});
