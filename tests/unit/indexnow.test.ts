// IndexNow (core/publish/indexnow.ts): the settings and their refusals, which pages count as
// changed between two manifests, the request bodies, and the submission with bounded retries
// against a stub endpoint on 127.0.0.1 (429 then 200, 500 forever, a final 4xx, no endpoint).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { changedPages, INDEXNOW_DEFAULT_ENDPOINT, INDEXNOW_MAX_URLS, indexNowBodies, isLocalSiteForPublicEndpoint, readIndexNowConfig, readIndexNowKey, submitIndexNow, type RetryPolicy } from '../../core/publish/indexnow.ts';
import { isIndexNowReport } from '../../core/publish/indexnow-report.ts';
import { PublishConfigError } from '../../core/publish/env.ts';

const KEY = 'a1b2c3d4e5f60718-kassel';
const SITE = 'https://servicepoint.kassel.de';

describe('settings', () => {
  it('is off without INDEXNOW_KEY and uses the shared endpoint by default', () => {
    expect(readIndexNowConfig({})).toBeUndefined();
    expect(readIndexNowConfig({ INDEXNOW_KEY: '  ' })).toBeUndefined();
    expect(readIndexNowConfig({ INDEXNOW_KEY: KEY })).toEqual({ key: KEY, endpoint: new URL(INDEXNOW_DEFAULT_ENDPOINT) });
    expect(INDEXNOW_DEFAULT_ENDPOINT).toBe('https://api.indexnow.org/indexnow');
  });

  it.each([
    ['bad characters', 'abc/../../etc/passwd'],
    ['a space', 'abcd efgh'],
    ['an HTML tag', '<script>alert(1)</script>'],
    ['too short', 'abc1234'],
    ['too long', 'a'.repeat(129)],
    ['non-ASCII', 'schlüssel-12345'],
  ])('refuses a key with %s, naming the variable and the rule', (_what, key) => {
    expect(() => readIndexNowKey({ INDEXNOW_KEY: key })).toThrow(PublishConfigError);
    expect(() => readIndexNowKey({ INDEXNOW_KEY: key })).toThrow(/INDEXNOW_KEY must be 8 to 128 characters of a-z, A-Z, 0-9 and "-"/);
  });

  it('never echoes the refused key', () => {
    const key = '<img src=x onerror=alert(1)>';
    let message = '';
    try {
      readIndexNowKey({ INDEXNOW_KEY: key });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('INDEXNOW_KEY');
    expect(message).not.toContain(key);
  });

  it('takes keys at both ends of the allowed length', () => {
    expect(readIndexNowKey({ INDEXNOW_KEY: 'a-b-c-d-' })).toBe('a-b-c-d-');
    expect(readIndexNowKey({ INDEXNOW_KEY: 'Z'.repeat(128) })).toBe('Z'.repeat(128));
  });

  it('takes an https endpoint, http only on this machine', () => {
    expect(readIndexNowConfig({ INDEXNOW_KEY: KEY, INDEXNOW_ENDPOINT: 'https://www.bing.com/indexnow' })?.endpoint.href).toBe('https://www.bing.com/indexnow');
    expect(readIndexNowConfig({ INDEXNOW_KEY: KEY, INDEXNOW_ENDPOINT: 'http://127.0.0.1:9/indexnow' })?.endpoint.href).toBe('http://127.0.0.1:9/indexnow');
    expect(() => readIndexNowConfig({ INDEXNOW_KEY: KEY, INDEXNOW_ENDPOINT: 'http://api.indexnow.org/indexnow' })).toThrow(/INDEXNOW_ENDPOINT must be an https URL/);
    expect(() => readIndexNowConfig({ INDEXNOW_KEY: KEY, INDEXNOW_ENDPOINT: 'not a url' })).toThrow(/INDEXNOW_ENDPOINT "not a url" is not a URL/);
    expect(() => readIndexNowConfig({ INDEXNOW_KEY: KEY, INDEXNOW_ENDPOINT: 'file:///etc/passwd' })).toThrow(/INDEXNOW_ENDPOINT must be an https URL/);
    expect(() => readIndexNowConfig({ INDEXNOW_KEY: KEY, INDEXNOW_ENDPOINT: 'https://user:pw@example.org/indexnow' })).toThrow(/user name or password/);
  });
});

describe('changedPages', () => {
  const before = { site: SITE, pages: { '/a/': '2026-11-01T00:00:00.000Z', '/en/a/': '2026-11-01T00:00:00.000Z', '/b/': '2026-11-02T00:00:00.000Z', '/list/': null, '/gone/': null, '/dated/': null } };

  it('names added, removed and re-dated pages, sorted, and nothing else', () => {
    const after = { site: SITE, pages: { '/a/': '2026-12-01T00:00:00.000Z', '/en/a/': '2026-12-01T00:00:00.000Z', '/b/': '2026-11-02T00:00:00.000Z', '/list/': null, '/new/': null, '/dated/': '2026-12-01T00:00:00.000Z' } };
    expect(changedPages(before, after)).toEqual({ comparable: true, paths: ['/a/', '/dated/', '/en/a/', '/gone/', '/new/'] });
  });

  it('finds nothing in the same page list', () => {
    expect(changedPages(before, structuredClone(before))).toEqual({ comparable: true, paths: [] });
  });

  it('cannot compare without a previous release, a page list, or with another site', () => {
    expect(changedPages(undefined, before)).toEqual({ comparable: false, reason: 'no-previous' });
    expect(changedPages({}, before)).toEqual({ comparable: false, reason: 'no-pages' });
    expect(changedPages(before, { ...before, site: 'https://other.example' })).toEqual({ comparable: false, reason: 'other-site' });
  });
});

describe('a site on this machine', () => {
  it('is not announced to a public endpoint, only to one on this machine (a stub)', () => {
    const publicEndpoint = { key: KEY, endpoint: new URL(INDEXNOW_DEFAULT_ENDPOINT) };
    const stubEndpoint = { key: KEY, endpoint: new URL('http://127.0.0.1:9/indexnow') };
    expect(isLocalSiteForPublicEndpoint(publicEndpoint, 'http://localhost:4321')).toBe(true);
    expect(isLocalSiteForPublicEndpoint(publicEndpoint, 'http://127.0.0.1:4321')).toBe(true);
    expect(isLocalSiteForPublicEndpoint(publicEndpoint, SITE)).toBe(false);
    expect(isLocalSiteForPublicEndpoint(stubEndpoint, 'http://localhost:4321')).toBe(false);
  });
});

describe('indexNowBodies', () => {
  it('names the host, the key and its location on the site, with absolute URLs', () => {
    expect(indexNowBodies(KEY, SITE, ['/dienstleistungen/reisepass/', '/en/services/passport/'])).toEqual([
      { host: 'servicepoint.kassel.de', key: KEY, keyLocation: `${SITE}/${KEY}.txt`, urlList: [`${SITE}/dienstleistungen/reisepass/`, `${SITE}/en/services/passport/`] },
    ]);
  });

  it('sends at most 10,000 URLs per request', () => {
    const paths = Array.from({ length: INDEXNOW_MAX_URLS + 5 }, (_, i) => `/p${i}/`);
    const bodies = indexNowBodies(KEY, SITE, paths);
    expect(bodies.map((body) => body.urlList.length)).toEqual([INDEXNOW_MAX_URLS, 5]);
    expect(bodies.flatMap((body) => body.urlList)).toEqual(paths.map((p) => `${SITE}${p}`));
  });
});

describe('submitIndexNow against a stub endpoint', () => {
  let stub: Server;
  let endpoint = '';
  // What the stub answers, in turn; the last answer repeats.
  let answers: { status: number; retryAfter?: string }[] = [];
  let received: { method: string; contentType: string | undefined; body: unknown }[] = [];
  const retry: RetryPolicy = { attempts: 4, baseDelayMs: 10, maxDelayMs: 40, timeoutMs: 2000 };

  beforeAll(async () => {
    stub = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        received.push({ method: req.method ?? '', contentType: req.headers['content-type'], body: JSON.parse(text || 'null') });
        const answer = answers[Math.min(received.length - 1, answers.length - 1)]!;
        res.writeHead(answer.status, answer.retryAfter ? { 'Retry-After': answer.retryAfter } : {}).end();
      });
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/indexnow`;
  });
  afterAll(() => new Promise((resolve) => stub.close(resolve)));
  beforeEach(() => {
    received = [];
  });

  const submit = (pauses: number[], log: Record<string, unknown>[] = []) =>
    submitIndexNow({
      config: { key: KEY, endpoint: new URL(endpoint) },
      site: SITE,
      paths: ['/a/', '/en/a/'],
      retry,
      sleep: async (ms) => void pauses.push(ms),
      log: (event) => void log.push(event),
    });

  it('sends one JSON POST with the changed URLs', async () => {
    answers = [{ status: 200 }];
    expect(await submit([])).toEqual({ ok: true, urls: 2, attempts: 1 });
    expect(received).toEqual([{ method: 'POST', contentType: 'application/json; charset=utf-8', body: { host: 'servicepoint.kassel.de', key: KEY, keyLocation: `${SITE}/${KEY}.txt`, urlList: [`${SITE}/a/`, `${SITE}/en/a/`] } }]);
  });

  it('tries again after 429, waiting what Retry-After asks (capped), then succeeds on 200', async () => {
    answers = [{ status: 429, retryAfter: '3600' }, { status: 200 }];
    const pauses: number[] = [];
    const log: Record<string, unknown>[] = [];
    expect(await submit(pauses, log)).toEqual({ ok: true, urls: 2, attempts: 2 });
    expect(received).toHaveLength(2);
    expect(received[1]!.body).toEqual(received[0]!.body);
    expect(pauses).toEqual([retry.maxDelayMs]);
    expect(log).toEqual([expect.objectContaining({ event: 'indexnow-retry', attempt: 1, reason: 'the endpoint answered 429' })]);
  });

  it('takes 202 (key being checked) as received', async () => {
    answers = [{ status: 202 }];
    expect(await submit([])).toMatchObject({ ok: true, attempts: 1 });
  });

  it('gives up after the bounded number of tries when the endpoint answers 500 forever, with doubling pauses', async () => {
    answers = [{ status: 500 }];
    const pauses: number[] = [];
    const log: Record<string, unknown>[] = [];
    expect(await submit(pauses, log)).toEqual({ ok: false, urls: 2, attempts: retry.attempts, reason: 'the endpoint answered 500' });
    expect(received).toHaveLength(retry.attempts);
    expect(pauses).toEqual([10, 20, 40]);
    expect(log.filter((event) => event.event === 'indexnow-retry')).toHaveLength(retry.attempts - 1);
  });

  it.each([400, 403, 422])('does not try again after a final %i', async (status) => {
    answers = [{ status }];
    const pauses: number[] = [];
    expect(await submit(pauses)).toEqual({ ok: false, urls: 2, attempts: 1, reason: `the endpoint answered ${status}` });
    expect(pauses).toEqual([]);
  });

  it('tries again, boundedly, when nothing answers', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const pauses: number[] = [];
    const result = await submitIndexNow({ config: { key: KEY, endpoint: new URL(`http://127.0.0.1:${port}/indexnow`) }, site: SITE, paths: ['/a/'], retry, sleep: async (ms) => void pauses.push(ms), log: () => undefined });
    expect(result).toMatchObject({ ok: false, attempts: retry.attempts });
    expect(result.ok === false && result.reason).toMatch(/could not be reached/);
    expect(pauses).toHaveLength(retry.attempts - 1);
  });

  it('stops at once when asked to (server shutdown)', async () => {
    answers = [{ status: 503 }];
    const controller = new AbortController();
    const result = await submitIndexNow({
      config: { key: KEY, endpoint: new URL(endpoint) },
      site: SITE,
      paths: ['/a/'],
      retry,
      signal: controller.signal,
      sleep: async () => controller.abort(),
      log: () => undefined,
    });
    expect(result).toEqual({ ok: false, urls: 1, attempts: 1, reason: 'stopped' });
  });
});

describe('isIndexNowReport', () => {
  it('accepts the reports and nothing else', () => {
    expect(isIndexNowReport({ state: 'sent', urls: 2, at: '2026-12-01T09:00:00.000Z' })).toBe(true);
    expect(isIndexNowReport({ state: 'unchanged' })).toBe(true);
    expect(isIndexNowReport({ state: 'sent' })).toBe(false);
    expect(isIndexNowReport({ state: 'other', urls: 1 })).toBe(false);
    expect(isIndexNowReport(null)).toBe(false);
  });
});
