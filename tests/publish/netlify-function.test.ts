// The Netlify Function, served on 127.0.0.1 through a minimal adapter (Node request → web
// Request → the function → web Response), with a local stand-in of the Netlify build hook.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import sanityWebhook, { config as webhookConfig } from '../../netlify/functions/sanity-webhook.ts';
import scheduledRebuild, { config as scheduleConfig } from '../../netlify/functions/scheduled-rebuild.ts';
import { signBody } from '../../core/publish/signature.ts';
import { publishedDoc, SECRET, sendWebhook } from './helpers.ts';
import { BUILD_MANIFEST_PATH, createManifest } from '../../core/publish/build-manifest.ts';
import type { NextChange } from '../../core/publish/next-change.ts';
import { decodeDeployTitle } from '../../netlify/lib/deploy-title.ts';

const HOOK_TOKEN = '5f0c9d7e3b2a1c4d6e8f0a1b';
let hookServer: Server;
let functionServer: Server;
let hookCalls: { url: string; method: string; body?: string }[] = [];
let hookStatus = 200;
let webhookUrl = '';
let logs: string[] = [];

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
    // @ts-expect-error: Node's fetch needs duplex for streamed bodies
    duplex: 'half',
  });
}

beforeAll(async () => {
  hookServer = createServer((req, res) => {
    const call: (typeof hookCalls)[number] = { url: req.url ?? '', method: req.method ?? '' };
    hookCalls.push(call);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      call.body = Buffer.concat(chunks).toString('utf8');
      res.writeHead(hookStatus).end();
    });
  });
  const hookOrigin = await listen(hookServer);
  process.env.NETLIFY_BUILD_HOOK_URL = `${hookOrigin}/build_hooks/${HOOK_TOKEN}`;
  process.env.SANITY_WEBHOOK_SECRET = SECRET;

  let origin = '';
  functionServer = createServer(async (req, res) => {
    const response = await sanityWebhook(toRequest(req, origin));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  origin = await listen(functionServer);
  webhookUrl = `${origin}${webhookConfig.path}`;
});

afterAll(async () => {
  await new Promise((resolve) => functionServer.close(resolve));
  await new Promise((resolve) => hookServer.close(resolve));
});

beforeEach(() => {
  hookCalls = [];
  hookStatus = 200;
  logs = [];
  const capture = (...args: unknown[]) => void logs.push(args.map(String).join(' '));
  vi.spyOn(console, 'log').mockImplementation(capture);
  vi.spyOn(console, 'error').mockImplementation(capture);
  vi.spyOn(console, 'warn').mockImplementation(capture);
});

afterEach(() => {
  vi.restoreAllMocks();
  // No secret in any log line of any test.
  for (const line of logs) {
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain(HOOK_TOKEN);
  }
});

async function expectJson(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/json');
  const text = await response.text();
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(HOOK_TOKEN);
  return JSON.parse(text) as Record<string, unknown>;
}

describe('Netlify Function sanity-webhook', () => {
  it('is routed at /webhooks/sanity', () => {
    expect(webhookConfig.path).toBe('/webhooks/sanity');
  });

  it('accepts a valid signed webhook and calls the build hook once', async () => {
    const body = await expectJson(await sendWebhook(webhookUrl, publishedDoc(), { headers: { 'idempotency-key': 'delivery-1' } }), 202);
    expect(body).toMatchObject({ status: 'accepted', document: { _id: 'service-reisepass-abholen', _type: 'service' } });
    expect(hookCalls).toHaveLength(1);
    expect(hookCalls[0].method).toBe('POST');
    expect(hookCalls[0].url).toContain(`/build_hooks/${HOOK_TOKEN}?trigger_title=`);
    expect(logs.join('\n')).toContain('"status":202');
  });

  it.each([
    ['deleted', { operation: 'delete' }],
    ['created', { operation: 'create' }],
    ['opening hours', { _id: 'openingHours-ksp', _type: 'openingHours' }],
    ['site settings', { _id: 'siteSettings', _type: 'siteSettings' }],
  ])('accepts a %s document', async (_name, overrides) => {
    expect((await sendWebhook(webhookUrl, publishedDoc(overrides))).status).toBe(202);
    expect(hookCalls).toHaveLength(1);
  });

  it('rejects a bad signature with 401', async () => {
    const response = await sendWebhook(webhookUrl, publishedDoc(), { secret: 'a-different-secret-0000000' });
    expect((await expectJson(response, 401)).error).toMatch(/signature does not match/);
    expect(hookCalls).toHaveLength(0);
  });

  it('rejects a missing signature header with 401', async () => {
    const response = await fetch(webhookUrl, { method: 'POST', body: JSON.stringify(publishedDoc()) });
    await expectJson(response, 401);
    expect(hookCalls).toHaveLength(0);
  });

  it('rejects a body changed after signing with 401', async () => {
    const doc = publishedDoc();
    const signature = await signBody(JSON.stringify(doc), SECRET);
    const tampered = JSON.stringify({ ...doc, _id: 'service.other' });
    const response = await fetch(webhookUrl, { method: 'POST', headers: { 'sanity-webhook-signature': signature }, body: tampered });
    await expectJson(response, 401);
    expect(hookCalls).toHaveLength(0);
  });

  it('rejects stale and future timestamps with 401', async () => {
    for (const offset of [-6 * 60 * 1000, 6 * 60 * 1000]) {
      const body = await expectJson(await sendWebhook(webhookUrl, publishedDoc(), { timestamp: Date.now() + offset }), 401);
      expect(body.error).toMatch(/5 minutes/);
    }
    expect(hookCalls).toHaveLength(0);
  });

  it('rejects a replay of the same delivery, idempotency key or revision with 409', async () => {
    const doc = publishedDoc();
    const body = JSON.stringify(doc);
    const signature = await signBody(body, SECRET);
    const post = (headers: Record<string, string>) => fetch(webhookUrl, { method: 'POST', headers: { 'sanity-webhook-signature': signature, ...headers }, body });
    expect((await post({ 'idempotency-key': 'replay-1' })).status).toBe(202);
    // The very same request again.
    await expectJson(await post({ 'idempotency-key': 'replay-1' }), 409);
    // Same idempotency key, re-signed later (Sanity's own retry).
    expect((await sendWebhook(webhookUrl, doc, { timestamp: Date.now() + 1000, headers: { 'idempotency-key': 'replay-1' } })).status).toBe(409);
    // Same document revision under a new idempotency key.
    expect((await sendWebhook(webhookUrl, doc, { timestamp: Date.now() + 2000, headers: { 'idempotency-key': 'replay-2' } })).status).toBe(409);
    // Same idempotency key with another document.
    expect((await sendWebhook(webhookUrl, publishedDoc(), { headers: { 'idempotency-key': 'replay-1' } })).status).toBe(409);
    expect(hookCalls).toHaveLength(1);
  });

  it('ignores drafts and release versions with 204', async () => {
    for (const _id of ['drafts.service-reisepass-abholen', 'versions.summer.service-reisepass-abholen']) {
      const response = await sendWebhook(webhookUrl, publishedDoc({ _id }));
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
    }
    expect(hookCalls).toHaveLength(0);
  });

  it('ignores document types the site does not render with 204', async () => {
    for (const _type of ['sanity.imageAsset', 'system.group', 'post']) {
      const response = await sendWebhook(webhookUrl, publishedDoc({ _id: `x.${_type}`, _type }));
      expect(response.status).toBe(204);
      expect(response.headers.get('x-webhook-result')).toBe('ignored: type not rendered');
    }
    expect(hookCalls).toHaveLength(0);
  });

  it('rejects other methods with 405 and an Allow header', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await fetch(webhookUrl, { method, body: method === 'GET' ? undefined : '{}' });
      await expectJson(response, 405);
      expect(response.headers.get('allow')).toBe('POST');
    }
    expect(hookCalls).toHaveLength(0);
  });

  it('rejects an oversized body with 413, with or without Content-Length', async () => {
    const big = JSON.stringify(publishedDoc({ padding: 'x'.repeat(70 * 1024) }));
    await expectJson(await sendWebhook(webhookUrl, undefined, { rawBody: big }), 413);
    const chunked = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 80; i += 1) controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
        controller.close();
      },
    });
    // @ts-expect-error: duplex is needed for a streamed body
    const response = await fetch(webhookUrl, { method: 'POST', headers: { 'sanity-webhook-signature': 't=1,v1=x' }, body: chunked, duplex: 'half' });
    await expectJson(response, 413);
    expect(hookCalls).toHaveLength(0);
  });

  it('rejects an empty body, malformed JSON and a body without _id/_type with 400', async () => {
    expect((await fetch(webhookUrl, { method: 'POST', body: '' })).status).toBe(400);
    expect((await expectJson(await sendWebhook(webhookUrl, undefined, { rawBody: '{"_id": "a",' }), 400)).error).toMatch(/not valid JSON/);
    expect((await expectJson(await sendWebhook(webhookUrl, { _type: 'service' }), 400)).error).toMatch(/_id and _type/);
    expect((await sendWebhook(webhookUrl, ['service'])).status).toBe(400);
    expect(hookCalls).toHaveLength(0);
  });

  it('answers 502 when the build hook fails, and lets the retry of that delivery through', async () => {
    hookStatus = 500;
    const doc = publishedDoc();
    const failed = await expectJson(await sendWebhook(webhookUrl, doc, { headers: { 'idempotency-key': 'retry-me' } }), 502);
    expect(failed.error).toMatch(/could not be triggered/);
    hookStatus = 200;
    expect((await sendWebhook(webhookUrl, doc, { headers: { 'idempotency-key': 'retry-me' } })).status).toBe(202);
    expect(hookCalls).toHaveLength(2);
  });

  it('answers a generic 500 when misconfigured and names the wrong variable only in the log', async () => {
    const saved = { secret: process.env.SANITY_WEBHOOK_SECRET, hook: process.env.NETLIFY_BUILD_HOOK_URL };
    const cases: [Record<string, string | undefined>, RegExp][] = [
      [{ SANITY_WEBHOOK_SECRET: undefined }, /SANITY_WEBHOOK_SECRET is not set/],
      [{ SANITY_WEBHOOK_SECRET: 'kurz-1234' }, /SANITY_WEBHOOK_SECRET is too short \(9 characters/],
      [{ NETLIFY_BUILD_HOOK_URL: `http://example.org/build_hooks/${HOOK_TOKEN}` }, /NETLIFY_BUILD_HOOK_URL must be an https/],
      [{ WEBHOOK_MAX_BYTES: 'viel' }, /WEBHOOK_MAX_BYTES .{0,2}viel.{0,2} must be a whole number/],
    ];
    try {
      for (const [env, logged] of cases) {
        for (const [name, value] of Object.entries(env)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
        logs = [];
        const response = await sendWebhook(webhookUrl, publishedDoc());
        const text = await response.text();
        expect(response.status).toBe(500);
        expect(JSON.parse(text)).toEqual({ error: 'The publish webhook is not configured correctly; the function log says what to fix.' });
        expect(text).not.toMatch(/SANITY_|NETLIFY_|WEBHOOK_MAX|characters|https/);
        expect(logs.join('\n')).toMatch(logged);
        process.env.SANITY_WEBHOOK_SECRET = saved.secret;
        process.env.NETLIFY_BUILD_HOOK_URL = saved.hook;
        delete process.env.WEBHOOK_MAX_BYTES;
      }
    } finally {
      process.env.SANITY_WEBHOOK_SECRET = saved.secret;
      process.env.NETLIFY_BUILD_HOOK_URL = saved.hook;
      delete process.env.WEBHOOK_MAX_BYTES;
    }
    expect(hookCalls).toHaveLength(0);
  });
});

describe('Netlify scheduled function', () => {
  it('without a readable live manifest, rebuilds once a day (it runs every five minutes) and calls the build hook', async () => {
    expect(scheduleConfig.schedule).toBe('*/5 * * * *');
    const response = await scheduledRebuild();
    expect(response.status).toBe(202);
    expect(hookCalls).toHaveLength(1);
    expect(new URL(hookCalls[0].url, 'http://x').searchParams.get('trigger_title')).toBe('Daily rebuild (scheduled) · ksp-trigger/1 {"kind":"daily","documents":[]}');
  });
});

describe('Netlify scheduled function with the live manifest', () => {
  let siteServer: Server;
  let manifestBody: unknown;

  beforeAll(async () => {
    siteServer = createServer((req, res) => {
      if (req.url !== BUILD_MANIFEST_PATH) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(manifestBody));
    });
    process.env.URL = await listen(siteServer);
  });

  afterAll(async () => {
    delete process.env.URL;
    await new Promise((resolve) => siteServer.close(resolve));
  });

  const liveManifest = (startedAt: Date, nextChange: NextChange | null) =>
    createManifest({ buildId: 'deploy-1', startedAt, source: { kind: 'sanity', projectId: 'abc123de', dataset: 'production' }, trigger: { kind: 'other', documents: [] }, documents: [], nextChange });

  it('builds when the next change of the live deploy has passed, naming it; without the unpublish token it says the document stays published', async () => {
    const at = new Date(Date.now() - 60_000).toISOString();
    manifestBody = liveManifest(new Date(), { at, reasons: [{ kind: 'alert-ends' }, { kind: 'visible-until', document: { _id: 'pressItem-x', _type: 'pressItem', title: 'X' } }] });
    const response = await scheduledRebuild();
    expect(response.status).toBe(202);
    expect(hookCalls).toHaveLength(1);
    // The build reads the whole trigger from the hook's body (INCOMING_HOOK_BODY) …
    const trigger = JSON.parse(hookCalls[0].body ?? '');
    expect(trigger).toEqual({
      kind: 'scheduled',
      documents: [],
      at,
      reasons: [{ kind: 'alert-ends' }, { kind: 'visible-until', document: { _id: 'pressItem-x', _type: 'pressItem', title: 'X' } }],
      unpublish: [{ _id: 'pressItem-x', _type: 'pressItem', title: 'X', visibleUntil: at, result: 'not-configured' }],
    });
    // … and the deploy list keeps at least the moment in the 200 characters of a title.
    const title = new URL(hookCalls[0].url, 'http://x').searchParams.get('trigger_title') ?? '';
    expect(title.length).toBeLessThanOrEqual(200);
    expect(decodeDeployTitle(title)).toMatchObject({ kind: 'scheduled', at });
  });

  it('does nothing while the next change lies ahead and the live deploy is from today', async () => {
    manifestBody = liveManifest(new Date(), { at: new Date(Date.now() + 3_600_000).toISOString(), reasons: [{ kind: 'alert-ends' }] });
    const response = await scheduledRebuild();
    expect(response.status).toBe(204);
    expect(hookCalls).toHaveLength(0);
  });

  it('rebuilds once the date in Kassel has changed since the live deploy', async () => {
    manifestBody = liveManifest(new Date(Date.now() - 2 * 86_400_000), null);
    const response = await scheduledRebuild();
    expect(response.status).toBe(202);
    expect(decodeDeployTitle(new URL(hookCalls[0]!.url, 'http://x').searchParams.get('trigger_title'))?.kind).toBe('daily');
  });
});
