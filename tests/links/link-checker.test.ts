// The publish server's external link check against local servers only (127.0.0.1): the answers
// 200, 301, 404, 500, 405 on HEAD and none at all; the limits per host counted at the server (a
// slow host sees at most `perHost` requests at once), a host that refuses connections, the day's
// cache, the User-Agent, and the refusal of internal addresses outside tests.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUrl, checkUrls, DAY_MS, defaultLinkCheckSettings, isPrivateAddress, type LinkCheckSettings } from '../../server/link-checker.ts';

interface Stub {
  server: Server;
  origin: string;
  requests: { method: string; path: string; userAgent: string | undefined }[];
  maxActive: number;
}

async function stub(handle: (req: IncomingMessage, answer: (status: number, headers?: Record<string, string>) => void) => void): Promise<Stub> {
  let active = 0;
  const state: Stub = { server: undefined as unknown as Server, origin: '', requests: [], maxActive: 0 };
  state.server = createServer((req, res) => {
    active += 1;
    state.maxActive = Math.max(state.maxActive, active);
    state.requests.push({ method: req.method ?? '', path: req.url ?? '', userAgent: req.headers['user-agent'] });
    let done = false;
    const finish = () => {
      if (!done) active -= 1;
      done = true;
    };
    res.on('close', finish);
    handle(req, (status, headers = {}) => {
      res.writeHead(status, headers);
      res.end();
    });
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  return state;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

let dir: string;
let site: Stub;
let slow: Stub;
let refusedOrigin: string;

const settings = (name: string, over: Partial<LinkCheckSettings> = {}): LinkCheckSettings => ({
  ...defaultLinkCheckSettings(path.join(dir, name, 'results.json'), 'https://servicepoint.kassel.de'),
  timeoutMs: 500,
  spacingMs: 0,
  allowPrivateAddresses: true,
  ...over,
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ksp-link-check-'));
  site = await stub((req, answer) => {
    const route = req.url ?? '';
    if (route === '/ok') answer(200);
    else if (route === '/moved') answer(301, { Location: '/ok' });
    else if (route === '/loop') answer(302, { Location: '/loop' });
    else if (route === '/missing') answer(404);
    else if (route === '/error') answer(500);
    else if (route === '/no-head') answer(req.method === 'HEAD' ? 405 : 200);
    else if (route === '/busy') answer(429);
    else if (route === '/hang') return; // never answers: the checker's deadline ends it
    else answer(404);
  });
  // Every answer takes a while, so requests overlap unless the checker holds them back.
  slow = await stub((_req, answer) => setTimeout(() => answer(200), 150));
  const refused = createServer();
  await new Promise<void>((resolve) => refused.listen(0, '127.0.0.1', resolve));
  refusedOrigin = `http://127.0.0.1:${(refused.address() as AddressInfo).port}`;
  await new Promise((resolve) => refused.close(resolve));
});

afterAll(async () => {
  await Promise.all([close(site.server), close(slow.server)]);
  await rm(dir, { recursive: true, force: true });
});

describe('checkUrl', () => {
  it('judges each answer, following redirects and falling back to GET on 405', async () => {
    const s = settings('single');
    const outcome = async (route: string) => {
      const { outcome: result, status, error } = await checkUrl(`${site.origin}${route}`, s);
      return { result, status, error };
    };
    expect(await outcome('/ok')).toEqual({ result: 'ok', status: 200, error: undefined });
    expect(await outcome('/moved')).toEqual({ result: 'ok', status: 200, error: undefined });
    expect(await outcome('/missing')).toEqual({ result: 'broken', status: 404, error: undefined });
    expect(await outcome('/error')).toEqual({ result: 'broken', status: 500, error: undefined });
    expect(await outcome('/no-head')).toEqual({ result: 'ok', status: 200, error: undefined });
    expect(await outcome('/hang')).toEqual({ result: 'broken', status: undefined, error: 'timeout' });
    expect(await outcome('/loop')).toEqual({ result: 'broken', status: undefined, error: 'redirects' });
    expect(await outcome('/busy')).toEqual({ result: 'unchecked', status: 429, error: undefined });
    expect(await checkUrl(`${refusedOrigin}/x`, s)).toMatchObject({ outcome: 'broken', error: 'unreachable' });
    const noHead = site.requests.filter((r) => r.path === '/no-head').map((r) => r.method);
    expect(noHead).toEqual(['HEAD', 'GET']);
    expect(site.requests.filter((r) => r.path === '/ok').every((r) => r.method === 'HEAD')).toBe(true);
    expect(new Set(site.requests.map((r) => r.userAgent))).toEqual(new Set(['KSP-Linkpruefung/1.0 (Kassel Service Point website link check; +https://servicepoint.kassel.de)']));
  });

  it('refuses loopback and private addresses unless allowed, without a request', async () => {
    const before = site.requests.length;
    const s = settings('blocked', { allowPrivateAddresses: false });
    expect(await checkUrl(`${site.origin}/ok`, s)).toMatchObject({ outcome: 'unchecked', error: 'blocked' });
    expect(await checkUrl(`http://localhost:${new URL(site.origin).port}/ok`, s)).toMatchObject({ outcome: 'unchecked', error: 'blocked' });
    expect(await checkUrl('http://[::1]:9/x', s)).toMatchObject({ outcome: 'unchecked', error: 'blocked' });
    expect(site.requests.length).toBe(before);
    for (const address of ['10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '::ffff:127.0.0.1', 'fd00::1', 'fe80::1', '0.0.0.0']) expect(isPrivateAddress(address), address).toBe(true);
    for (const address of ['8.8.8.8', '172.32.0.1', '2001:db8::1']) expect(isPrivateAddress(address), address).toBe(false);
  });

  it('never asks other schemes', async () => {
    expect(await checkUrl('ftp://127.0.0.1/x', settings('scheme'))).toMatchObject({ outcome: 'broken', error: 'invalid' });
  });
});

describe('checkUrls', () => {
  it('keeps to `perHost` requests at once on a slow host, while a failing host does not hold it up', async () => {
    const urls = [...Array.from({ length: 6 }, (_, i) => `${slow.origin}/page-${i}`), `${refusedOrigin}/a`, `${refusedOrigin}/b`, `${site.origin}/error`];
    const { results, checkedNow } = await checkUrls(urls, settings('limits', { perHost: 2, concurrency: 8 }));
    expect(checkedNow).toBe(9);
    expect(slow.requests).toHaveLength(6);
    expect(slow.maxActive).toBe(2);
    expect([...results.values()].filter((r) => r.outcome === 'ok')).toHaveLength(6);
    expect(results.get(`${refusedOrigin}/a`)).toMatchObject({ outcome: 'broken', error: 'unreachable' });
    expect(results.get(`${site.origin}/error`)).toMatchObject({ outcome: 'broken', status: 500 });
  });

  it('keeps to the overall limit too', async () => {
    slow.requests.length = 0;
    slow.maxActive = 0;
    await checkUrls(
      Array.from({ length: 5 }, (_, i) => `${slow.origin}/one-${i}`),
      settings('overall', { perHost: 5, concurrency: 1 }),
    );
    expect(slow.requests).toHaveLength(5);
    expect(slow.maxActive).toBe(1);
  });

  it('asks an address at most once a day: the next run uses the stored result', async () => {
    const s = settings('cache');
    let now = new Date('2026-12-06T10:00:00Z');
    const clock = () => now;
    const urls = [`${site.origin}/missing`, `${site.origin}/ok`, `${site.origin}/busy`];
    const count = () => site.requests.filter((r) => ['/missing', '/ok', '/busy'].includes(r.path)).length;
    const start = count();
    const first = await checkUrls(urls, s, clock);
    expect(first.checkedNow).toBe(3);
    expect(count() - start).toBe(3);
    now = new Date(now.getTime() + DAY_MS - 60_000);
    const second = await checkUrls(urls, s, clock);
    // Only the busy server (429) is asked again; the others come from the cache.
    expect(second.checkedNow).toBe(1);
    expect(count() - start).toBe(4);
    expect(second.results.get(`${site.origin}/missing`)).toEqual(first.results.get(`${site.origin}/missing`));
    now = new Date(now.getTime() + 120_000);
    const third = await checkUrls(urls, s, clock);
    expect(third.checkedNow).toBe(3);
  });
});
