// The external link check on Netlify (issue 27): deploy-succeeded starts the background function
// link-check-background with a signed request; the function checks the list its deploy was built
// with (here written by the build's own link check, src/build/check-links.ts) against local servers
// on 127.0.0.1 that answer 200, 301, 404, 500, slowly, not at all or refuse; the report lands in
// Netlify's Blobs emulation (BlobsServer) and the build status function hands it to the Studio with
// document and field. Abuse: unsigned, forged, stale, oversized or foreign-URL requests check
// nothing. The last part bundles the function with Netlify's own bundler (zip-it-and-ship-it) as
// netlify.toml configures it, and runs the bundle from elsewhere: it finds its deploy's list.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BlobsServer } from '@netlify/blobs/server';
import type { Context } from '@netlify/functions';
import { zipFunction } from '@netlify/zip-it-and-ship-it';
import { parse as parseToml } from 'smol-toml';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import deploySucceeded from '../../netlify/functions/deploy-succeeded.ts';
import linkCheckBackground, { type LinkCheckDeps } from '../../netlify/functions/link-check-background.ts';
import buildStatus from '../../netlify/functions/build-status.ts';
import { LINK_CHECK_FUNCTION_PATH, LINK_CHECK_SIGNATURE_HEADER, signedStart } from '../../netlify/lib/link-check-start.ts';
import { linkCheckBlobStore, readLinkReport } from '../../netlify/lib/link-check-store.ts';
import { checkAndListLinks } from '../../src/build/check-links.ts';
import { LINK_LIST_FILE, type LinkList } from '../../core/links.ts';
import { parseBuildStatus } from '../../core/publish/build-status.ts';
import { DEFAULT_STUDIO_ORIGIN } from '../../core/publish/studio-origin.ts';
import { nodeBinary, repoRoot, SECRET } from './helpers.ts';

const TOKEN = 'local-blobs-token-link-check';
const SITE = 'https://ksp.example';
const work = mkdtempSync(path.join(tmpdir(), 'ksp-netlify-links-'));
const saved = { ...process.env };
let blobs: BlobsServer;
let blobsContext = '';

interface Stub {
  server: Server;
  origin: string;
  requests: { method: string; path: string }[];
  maxActive: number;
}

async function stub(handle: (req: IncomingMessage, answer: (status: number, headers?: Record<string, string>) => void) => void): Promise<Stub> {
  let active = 0;
  const state: Stub = { server: undefined as unknown as Server, origin: '', requests: [], maxActive: 0 };
  state.server = createServer((req, res) => {
    active += 1;
    state.maxActive = Math.max(state.maxActive, active);
    state.requests.push({ method: req.method ?? '', path: req.url ?? '' });
    res.on('close', () => (active -= 1));
    handle(req, (status, headers = {}) => res.writeHead(status, headers).end());
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  return state;
}

let partner: Stub;
let slow: Stub;
let evil: Stub;
let refusedOrigin = '';

/** The policy of the tests: 127.0.0.1 allowed, only the stubs asked, short deadlines. */
const testPolicy = (): LinkCheckDeps['policy'] => ({
  allowPrivateAddresses: true,
  onlyHosts: [partner.origin, slow.origin, refusedOrigin].map((origin) => new URL(origin).host),
  timeoutMs: 500,
  spacingMs: 0,
});

/** A deploy's link list, written by the build's link check from a page and the document it shows. */
async function buildList(name: string, links: { href: string; text: string }[]): Promise<string> {
  const siteDir = path.join(work, name);
  mkdirSync(siteDir, { recursive: true });
  const html = links.map((link) => `<a href="${link.href}">${link.text}</a>`).join(' ');
  writeFileSync(path.join(siteDir, 'index.html'), `<html><body><main>${html}</main></body></html>`);
  const markDefs = links.map((link, index) => ({ _key: `l${index}`, _type: 'link', href: link.href }));
  const document = {
    _id: 'page-anfahrt',
    _type: 'page',
    title: { de: 'Anfahrt' },
    body: { de: [{ _type: 'block', _key: 'b0', markDefs, children: links.map((link, index) => ({ _type: 'span', _key: `s${index}`, text: link.text, marks: [`l${index}`] })) }] },
  };
  await checkAndListLinks({ siteDir, siteOrigin: SITE, documents: [document], redirects: [] });
  return path.join(siteDir, LINK_LIST_FILE);
}

const context = (deployId: string) => ({ site: { id: 'site-1', url: SITE }, deploy: { id: deployId, context: 'production', published: true } }) as unknown as Context;
const event = (id: string) => new Request(`${SITE}/.netlify/functions/deploy-succeeded`, { method: 'POST', body: JSON.stringify({ payload: { id, context: 'production', state: 'ready' } }) });
const store = () => linkCheckBlobStore();

/** A direct call of the background function's URL, as anyone on the internet could make it. */
async function call(init: RequestInit, deps: LinkCheckDeps, deployId = 'd-abuse') {
  const response = await linkCheckBackground(new Request(`${SITE}${LINK_CHECK_FUNCTION_PATH}`, init), context(deployId), deps);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  blobs = new BlobsServer({ directory: path.join(work, 'blobs'), token: TOKEN });
  const { port } = await blobs.start();
  const blobsUrl = `http://127.0.0.1:${port}`;
  blobsContext = Buffer.from(JSON.stringify({ edgeURL: blobsUrl, uncachedEdgeURL: blobsUrl, token: TOKEN, siteID: 'ksp-link-site' })).toString('base64');
  partner = await stub((req, answer) => {
    const route = req.url ?? '';
    if (route === '/formular') answer(200);
    else if (route === '/alt') answer(301, { Location: '/formular' });
    else if (route === '/fehler') answer(500);
    else if (route === '/haengt') return; // never answers: the checker's deadline ends it
    else answer(404);
  });
  slow = await stub((_req, answer) => setTimeout(() => answer(200), 150));
  evil = await stub((_req, answer) => answer(200));
  const refused = createServer();
  await new Promise<void>((resolve) => refused.listen(0, '127.0.0.1', resolve));
  refusedOrigin = `http://127.0.0.1:${(refused.address() as AddressInfo).port}`;
  await new Promise((resolve) => refused.close(resolve));
  Object.assign(process.env, { SANITY_WEBHOOK_SECRET: SECRET, NETLIFY_BLOBS_CONTEXT: blobsContext, NETLIFY_API_TOKEN: 'nfp_link_check_token_0123456789' });
  for (const name of ['LINK_CHECK', 'INDEXNOW_KEY', 'KSP_NETLIFY_SITE', 'SITE_URL', 'URL', 'STUDIO_ORIGIN']) delete process.env[name];
});

afterAll(async () => {
  process.env = saved;
  await blobs?.stop();
  await Promise.all([partner, slow, evil].map((s) => s && new Promise((resolve) => { s.server.closeAllConnections(); s.server.close(resolve); })));
  rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

describe('link check after a Netlify deploy', () => {
  it('starts from deploy-succeeded, reports the dead external link in Blobs, and the build status hands it to the Studio with document and field', async () => {
    const listFile = await buildList('deploy-1', [
      { href: `${partner.origin}/formular`, text: 'Formular' },
      { href: `${partner.origin}/alt`, text: 'Altes Formular' },
      { href: `${partner.origin}/gibt-es-nicht`, text: 'Toter Link' },
    ]);
    // Netlify's routing: the site's function URL answers 202 at once and runs the function in the background.
    const background: Promise<Response>[] = [];
    const started: Request[] = [];
    const netlify: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      expect(new URL(request.url).origin).toBe(SITE);
      expect(new URL(request.url).pathname).toBe(LINK_CHECK_FUNCTION_PATH);
      started.push(request.clone());
      background.push(linkCheckBackground(request, context('d1'), { listFiles: [listFile], policy: testPolicy() }));
      return new Response(null, { status: 202 });
    };
    const response = await deploySucceeded(event('d1'), context('d1'), { fetch: netlify });
    expect(await response.json()).toEqual({ indexNow: 'off', linkCheck: 'started' });
    expect(started).toHaveLength(1);
    expect(started[0]!.headers.get(LINK_CHECK_SIGNATURE_HEADER)).toMatch(/^t=\d+,v1=/);
    expect(await started[0]!.json()).toEqual({ deploy: 'd1' });
    const done = await (await background[0]!).json();
    expect(done).toEqual({ linkCheck: 'done', links: 3, checkedNow: 3, broken: 1, notReached: 0 });

    const report = await readLinkReport(store());
    expect(report).toMatchObject({ release: 'd1', state: 'done', total: 3, checkedNow: 3 });
    expect(report?.broken).toEqual([
      {
        url: `${partner.origin}/gibt-es-nicht`,
        sources: [{ id: 'page-anfahrt', type: 'page', field: 'body.de.0.markDefs.2.href' }],
        pages: ['/'],
        result: { outcome: 'broken', status: 404, checkedAt: expect.any(String) },
      },
    ]);
    // HEAD first, and the redirect followed to the form.
    expect(partner.requests.filter((r) => r.path === '/alt' || r.path === '/formular').map((r) => `${r.method} ${r.path}`).sort()).toEqual(['HEAD /alt', 'HEAD /formular', 'HEAD /formular']);

    const status = await buildStatus(new Request(`${SITE}/api/build-status`, { headers: { Origin: DEFAULT_STUDIO_ORIGIN } }), context('d1'), async () =>
      Response.json([{ id: 'd1', state: 'ready', context: 'production', created_at: '2026-12-01T10:00:00Z', published_at: '2026-12-01T10:01:00Z' }]),
    );
    expect(status.status).toBe(200);
    const links = parseBuildStatus(await status.json())?.links;
    expect(links).toEqual(report);
    expect(links?.broken[0]?.sources[0]).toEqual({ id: 'page-anfahrt', type: 'page', field: 'body.de.0.markDefs.2.href' });

    // Netlify retrying the event (or anyone calling deploy-succeeded): the deploy is not checked twice.
    const before = partner.requests.length;
    const again = await deploySucceeded(event('d1'), context('d1'), { fetch: netlify });
    expect(await again.json()).toMatchObject({ linkCheck: 'started' });
    expect(await (await background[1]!).json()).toEqual({ linkCheck: 'skipped', reason: 'This deploy is checked already.' });
    expect(partner.requests.length).toBe(before);
  });

  it('asks an address at most once a day across deploys; a busy or failing answer is not kept', async () => {
    const listFile = await buildList('deploy-2', [
      { href: `${partner.origin}/formular`, text: 'Formular' },
      { href: `${partner.origin}/gibt-es-nicht`, text: 'Toter Link' },
      { href: `${partner.origin}/fehler`, text: 'Kaputt' },
    ]);
    const { body, headers } = await signedStart('d2', SECRET);
    const before = partner.requests.length;
    const response = await linkCheckBackground(new Request(`${SITE}${LINK_CHECK_FUNCTION_PATH}`, { method: 'POST', headers, body }), context('d2'), { listFiles: [listFile], policy: testPolicy() });
    // Two of the three were checked for deploy d1 less than a day ago; only /fehler is asked.
    expect(await response.json()).toEqual({ linkCheck: 'done', links: 3, checkedNow: 1, broken: 2, notReached: 0 });
    expect(partner.requests.slice(before).map((r) => r.path)).toEqual(['/fehler']);
    const report = await readLinkReport(store());
    expect(report?.release).toBe('d2');
    expect(report?.broken.map((link) => [new URL(link.url).pathname, link.result.status])).toEqual([
      ['/fehler', 500],
      ['/gibt-es-nicht', 404],
    ]);
  });

  it('keeps to its limits: at most `perHost` requests at once on a slow host, deadlines on a host that never answers, and no request after its time is up', async () => {
    const slowLinks = Array.from({ length: 6 }, (_, i) => ({ href: `${slow.origin}/seite-${i}`, text: `Seite ${i}` }));
    const listFile = await buildList('deploy-3', [...slowLinks, { href: `${partner.origin}/haengt`, text: 'Hängt' }, { href: `${refusedOrigin}/weg`, text: 'Weg' }]);
    const { body, headers } = await signedStart('d3', SECRET);
    const response = await linkCheckBackground(new Request(`${SITE}${LINK_CHECK_FUNCTION_PATH}`, { method: 'POST', headers, body }), context('d3'), {
      listFiles: [listFile],
      policy: { ...testPolicy(), perHost: 2, concurrency: 8 },
    });
    expect(await response.json()).toEqual({ linkCheck: 'done', links: 8, checkedNow: 8, broken: 2, notReached: 0 });
    expect(slow.requests).toHaveLength(6);
    expect(slow.maxActive).toBe(2);
    const report = await readLinkReport(store());
    expect(Object.fromEntries(report!.broken.map((link) => [new URL(link.url).pathname, link.result.error]))).toEqual({ '/haengt': 'timeout', '/weg': 'unreachable' });

    // A run that reaches the function's time limit starts nothing more, and keeps what it found.
    slow.requests.length = 0;
    const later = Array.from({ length: 6 }, (_, i) => ({ href: `${slow.origin}/spaeter-${i}`, text: `Später ${i}` }));
    const cut = await signedStart('d4', SECRET);
    const limited = await linkCheckBackground(new Request(`${SITE}${LINK_CHECK_FUNCTION_PATH}`, { method: 'POST', headers: cut.headers, body: cut.body }), context('d4'), {
      listFiles: [await buildList('deploy-4', later)],
      policy: { ...testPolicy(), perHost: 1 },
      timeLimitMs: 100,
    });
    const result = (await limited.json()) as { checkedNow: number; notReached: number };
    expect(result.checkedNow).toBeLessThan(6);
    expect(result.notReached).toBe(6 - result.checkedNow);
    expect(slow.requests).toHaveLength(result.checkedNow);
    expect(await readLinkReport(store())).toMatchObject({ release: 'd4', state: 'done', total: 6 });
  });
});

describe('abuse of the background function', () => {
  it('checks nothing for a request without the right signature, a stale one, another method or a large body', async () => {
    const listFile = await buildList('abuse', [{ href: `${evil.origin}/ziel`, text: 'Ziel' }]);
    const deps: LinkCheckDeps = { listFiles: [listFile], policy: { ...testPolicy(), onlyHosts: [new URL(evil.origin).host] } };
    const reportBefore = await readLinkReport(store());
    const naming = JSON.stringify({ deploy: 'd-abuse', urls: [`${evil.origin}/other`], external: [{ url: `${evil.origin}/other` }] });
    expect((await call({ method: 'POST', body: naming }, deps)).status).toBe(401);
    const forged = await signedStart('d-abuse', 'another-secret-of-32-characters!!');
    expect((await call({ method: 'POST', headers: forged.headers, body: forged.body }, deps)).status).toBe(401);
    // Sanity's own webhook signature (the plain secret) is not a start of the link check.
    const { signBody } = await import('../../core/publish/signature.ts');
    expect((await call({ method: 'POST', headers: { [LINK_CHECK_SIGNATURE_HEADER]: await signBody(naming, SECRET) }, body: naming }, deps)).status).toBe(401);
    const stale = await signedStart('d-abuse', SECRET, Date.now() - 10 * 60 * 1000);
    expect((await call({ method: 'POST', headers: stale.headers, body: stale.body }, deps)).status).toBe(401);
    // The signature of one body does not carry another.
    const genuine = await signedStart('d-abuse', SECRET);
    expect((await call({ method: 'POST', headers: genuine.headers, body: naming }, deps)).status).toBe(401);
    expect((await call({ method: 'GET' }, deps)).status).toBe(405);
    expect((await call({ method: 'POST', headers: genuine.headers, body: 'x'.repeat(64 * 1024) }, deps)).status).toBe(413);
    expect(evil.requests).toEqual([]);
    expect(await readLinkReport(store())).toEqual(reportBefore);
  });

  it('checks only its own deploy’s list, whatever a signed request names', async () => {
    const listFile = await buildList('own-list', [{ href: `${partner.origin}/formular`, text: 'Formular' }]);
    const deps: LinkCheckDeps = { listFiles: [listFile], policy: { ...testPolicy(), onlyHosts: [new URL(partner.origin).host, new URL(evil.origin).host] } };
    // A body with more in it than a start carries (as if the signer were tricked into signing it):
    // the addresses and the other deploy it names are ignored.
    const body = JSON.stringify({ deploy: 'd-other', urls: [`${evil.origin}/other`], external: [{ url: `${evil.origin}/other`, sources: [], pages: [] }] });
    const { signBody } = await import('../../core/publish/signature.ts');
    const { createHmac } = await import('node:crypto');
    const key = createHmac('sha256', SECRET).update('ksp-link-check-start/v1').digest('base64url');
    const response = await call({ method: 'POST', headers: { [LINK_CHECK_SIGNATURE_HEADER]: await signBody(body, key) }, body }, deps, 'd-own');
    expect(response.body).toMatchObject({ linkCheck: 'done', links: 1 });
    expect(evil.requests).toEqual([]);
    expect((await readLinkReport(store()))?.release).toBe('d-own');
  });

  it('is off with LINK_CHECK=off and on the drafts preview site, and names a bad setting only in the log', async () => {
    const start = await signedStart('d-off', SECRET);
    const request = () => new Request(`${SITE}${LINK_CHECK_FUNCTION_PATH}`, { method: 'POST', headers: start.headers, body: start.body });
    process.env.LINK_CHECK = 'off';
    expect(await (await linkCheckBackground(request(), context('d-off'))).json()).toEqual({ linkCheck: 'off' });
    expect(await (await deploySucceeded(event('d-off'), context('d-off'), { fetch: async () => { throw new Error('no call expected'); } })).json()).toEqual({ indexNow: 'off', linkCheck: 'off' });
    process.env.LINK_CHECK = 'sometimes';
    const logs: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(' ')));
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(' ')));
    const bad = await linkCheckBackground(request(), context('d-off'));
    expect(bad.status).toBe(500);
    expect(await bad.text()).not.toContain('LINK_CHECK');
    expect(logs.some((line) => line.includes('LINK_CHECK \\"sometimes\\" must be \\"on\\" or \\"off\\"') || line.includes('LINK_CHECK "sometimes" must be "on" or "off"'))).toBe(true);
    delete process.env.LINK_CHECK;
    process.env.KSP_NETLIFY_SITE = 'preview';
    expect(await (await linkCheckBackground(request(), context('d-off'))).json()).toMatchObject({ linkCheck: 'off' });
    // A preview site without the webhook secret: off, and no complaint about the secret.
    delete process.env.SANITY_WEBHOOK_SECRET;
    logs.length = 0;
    expect(await (await deploySucceeded(event('d-off'), context('d-off'), { fetch: async () => { throw new Error('no call expected'); } })).json()).toMatchObject({ linkCheck: 'off' });
    expect(logs.filter((line) => line.includes('SANITY_WEBHOOK_SECRET'))).toEqual([]);
    process.env.SANITY_WEBHOOK_SECRET = SECRET;
    delete process.env.KSP_NETLIFY_SITE;
  });
});

describe('the function as Netlify bundles it', () => {
  it('carries its deploy’s list (netlify.toml included_files) and finds it from any working directory', async () => {
    // The list of the built site (npm run build), as Netlify Build has it when it bundles the functions.
    const builtList = path.join(repoRoot, 'dist', LINK_LIST_FILE);
    expect(existsSync(builtList), 'dist/.ksp/links.json: build the site first (npm run build)').toBe(true);
    const list = JSON.parse(readFileSync(builtList, 'utf8')) as LinkList;
    const toml = parseToml(readFileSync(path.join(repoRoot, 'netlify.toml'), 'utf8')) as { functions: Record<string, { included_files?: string[] } | string> };
    const functionConfig = toml.functions['link-check-background'] as { included_files?: string[] };
    expect(functionConfig.included_files).toEqual(['dist/.ksp/links.json']);
    const out = path.join(work, 'zip');
    const zipped = await zipFunction(path.join(repoRoot, 'netlify', 'functions', 'link-check-background.ts'), out, {
      basePath: repoRoot,
      repositoryRoot: repoRoot,
      config: { 'link-check-background': { includedFiles: functionConfig.included_files, nodeBundler: 'esbuild' } },
    });
    expect(zipped?.runtimeAPIVersion).toBe(2);
    const unpacked = path.join(work, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('unzip', ['-q', zipped!.path, '-d', unpacked]);
    expect(readFileSync(path.join(unpacked, 'dist', LINK_LIST_FILE), 'utf8')).toBe(readFileSync(builtList, 'utf8'));

    // Run the bundle in a process of its own, from another directory, against the Blobs emulation;
    // no host is allowed, so not one address is asked.
    const start = await signedStart('bundle-1', SECRET);
    const script = `
      const mod = await import(process.env.BUNDLE);
      const start = JSON.parse(process.env.START);
      const request = new Request('https://ksp.example/.netlify/functions/link-check-background', { method: 'POST', headers: start.headers, body: start.body });
      const response = await mod.default(request, { deploy: { id: 'bundle-1', context: 'production', published: true } }, { policy: { onlyHosts: [] } });
      process.stdout.write('\\nRESULT ' + JSON.stringify(await response.json()));`;
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'ksp-elsewhere-'));
    // Asynchronously: the Blobs emulation answering the child runs in this process.
    const child = spawn(nodeBinary, ['--input-type=module', '-e', script], {
      cwd: elsewhere,
      env: { PATH: process.env.PATH, BUNDLE: path.join(unpacked, 'netlify', 'functions', 'link-check-background.mjs'), START: JSON.stringify(start), SANITY_WEBHOOK_SECRET: SECRET, NETLIFY_BLOBS_CONTEXT: blobsContext, SITE_URL: SITE },
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise((resolve) => child.once('close', resolve));
    rmSync(elsewhere, { recursive: true, force: true });
    expect(stderr.split('\n').filter((line) => line.includes('Error'))).toEqual([]);
    expect(JSON.parse(stdout.split('\nRESULT ')[1] ?? 'null')).toEqual({ linkCheck: 'done', links: list.external.length, checkedNow: list.external.length, broken: 0, notReached: 0 });
    const report = await readLinkReport(store());
    expect(report).toMatchObject({ release: 'bundle-1', total: list.external.length });
  });
});
