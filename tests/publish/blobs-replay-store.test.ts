// Replay protection across instances of the Netlify Function, against Netlify's own local
// emulation of Netlify Blobs (BlobsServer from @netlify/blobs, files in a temporary folder).
// Each "instance" is a fresh import of the function module, so it has its own memory, as two
// function instances on Netlify have.
//
// BlobsServer listens on an ephemeral port of all interfaces (it has no host option); it lives
// only during this file and requires its token.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BlobsServer } from '@netlify/blobs/server';
import { getStore } from '@netlify/blobs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { blobKey, createBlobsReplayStore, REPLAY_STORE_NAME } from '../../netlify/lib/blobs-replay-store.ts';
import { REPLAY_TTL_MS } from '../../core/publish/replay-store.ts';
import { signBody } from '../../core/publish/signature.ts';
import { publishedDoc, SECRET } from './helpers.ts';

const TOKEN = 'local-blobs-token-3f9a';
const SITE_ID = 'ksp-test-site';
const work = mkdtempSync(path.join(tmpdir(), 'ksp-blobs-'));
let blobs: BlobsServer;
let blobsUrl = '';
let hook: Server;
let hookCalls = 0;
const saved = { ...process.env };

type Handler = (request: Request) => Promise<Response>;

/** A fresh instance of the function: its own module, its own memory. */
async function functionInstance(): Promise<Handler> {
  vi.resetModules();
  return (await import('../../netlify/functions/sanity-webhook.ts')).default;
}

function blobsContext(context: Record<string, string>): string {
  return Buffer.from(JSON.stringify(context)).toString('base64');
}

async function deliver(handler: Handler, body: string, signature: string, idempotencyKey: string): Promise<number> {
  const response = await handler(
    new Request('http://localhost/webhooks/sanity', {
      method: 'POST',
      headers: { 'sanity-webhook-signature': signature, 'idempotency-key': idempotencyKey, 'content-type': 'application/json' },
      body,
    }),
  );
  await response.arrayBuffer();
  return response.status;
}

beforeAll(async () => {
  blobs = new BlobsServer({ directory: path.join(work, 'blobs'), token: TOKEN });
  const { port } = await blobs.start();
  blobsUrl = `http://127.0.0.1:${port}`;
  hook = createServer((req, res) => {
    hookCalls += 1;
    req.resume();
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await blobs.stop();
  await new Promise((resolve) => hook.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
  hookCalls = 0;
  process.env.SANITY_WEBHOOK_SECRET = SECRET;
  process.env.NETLIFY_BUILD_HOOK_URL = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/build_hooks/5f0c9d7e3b2a`;
  // What Netlify puts into every function's environment (here pointing at the local emulation).
  process.env.NETLIFY_BLOBS_CONTEXT = blobsContext({ edgeURL: blobsUrl, uncachedEdgeURL: blobsUrl, token: TOKEN, siteID: SITE_ID });
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
});

describe('the webhook function with Netlify Blobs', () => {
  it('recognises a replay that reaches another function instance (409, one build hook call)', async () => {
    const [first, second, third] = [await functionInstance(), await functionInstance(), await functionInstance()];
    const doc = JSON.stringify(publishedDoc());
    const signature = await signBody(doc, SECRET);
    expect(await deliver(first, doc, signature, 'delivery-a')).toBe(202);
    // The very same request at another instance, and Sanity's retry (re-signed) at a third.
    expect(await deliver(second, doc, signature, 'delivery-a')).toBe(409);
    expect(await deliver(third, doc, await signBody(doc, SECRET, Date.now() + 1000), 'delivery-a')).toBe(409);
    // Another document is new everywhere.
    const other = JSON.stringify(publishedDoc());
    expect(await deliver(second, other, await signBody(other, SECRET), 'delivery-b')).toBe(202);
    expect(hookCalls).toBe(2);
  });

  it('without Netlify Blobs, a second instance would build again (what the shared store prevents)', async () => {
    delete process.env.NETLIFY_BLOBS_CONTEXT;
    const [first, second] = [await functionInstance(), await functionInstance()];
    const doc = JSON.stringify(publishedDoc());
    const signature = await signBody(doc, SECRET);
    expect(await deliver(first, doc, signature, 'memory-a')).toBe(202);
    expect(await deliver(first, doc, signature, 'memory-a')).toBe(409);
    expect(await deliver(second, doc, signature, 'memory-a')).toBe(202);
    expect(hookCalls).toBe(2);
  });

  it('answers 503 without calling the build hook when the store cannot be read with strong consistency', async () => {
    // A context without the uncached endpoint allows only eventually-consistent reads.
    process.env.NETLIFY_BLOBS_CONTEXT = blobsContext({ edgeURL: blobsUrl, token: TOKEN, siteID: SITE_ID });
    const handler = await functionInstance();
    const doc = JSON.stringify(publishedDoc());
    const response = await handler(
      new Request('http://localhost/webhooks/sanity', { method: 'POST', headers: { 'sanity-webhook-signature': await signBody(doc, SECRET) }, body: doc }),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('60');
    expect(((await response.json()) as { error: string }).error).toMatch(/Sanity will retry/);
    expect(hookCalls).toBe(0);
  });

  it('answers 503 without calling the build hook when the store is unreachable', async () => {
    process.env.NETLIFY_BLOBS_CONTEXT = blobsContext({ edgeURL: 'http://127.0.0.1:9', uncachedEdgeURL: 'http://127.0.0.1:9', token: TOKEN, siteID: SITE_ID });
    const handler = await functionInstance();
    const doc = JSON.stringify(publishedDoc());
    expect(await deliver(handler, doc, await signBody(doc, SECRET), 'unreachable')).toBe(503);
    expect(hookCalls).toBe(0);
  });
});

describe('the Blobs replay store', () => {
  const store = () => getStore({ name: `${REPLAY_STORE_NAME}-unit-${Math.random().toString(36).slice(2)}`, edgeURL: blobsUrl, uncachedEdgeURL: blobsUrl, token: TOKEN, siteID: SITE_ID, consistency: 'strong' });

  it('claims all keys or none, and gives them back on release', async () => {
    const replays = createBlobsReplayStore(store());
    expect(await replays.claim(['idem:1', 'rev:a:1', 'sig:x'], 0)).toBeUndefined();
    expect(await replays.claim(['idem:2', 'rev:a:1', 'sig:y'], 1)).toBe('rev:a:1');
    // Nothing of the rejected claim was kept.
    expect(await replays.claim(['idem:2', 'sig:y'], 2)).toBeUndefined();
    await replays.release(['idem:1', 'rev:a:1', 'sig:x']);
    expect(await replays.claim(['idem:1', 'rev:a:1', 'sig:x'], 3)).toBeUndefined();
  });

  it('lets a key be claimed again once expired, and sweeps expired entries out', async () => {
    const raw = store();
    const replays = createBlobsReplayStore(raw);
    expect(await replays.claim(['idem:old'], 0)).toBeUndefined();
    expect(await replays.claim(['idem:old'], REPLAY_TTL_MS - 1)).toBe('idem:old');
    expect(await replays.claim(['idem:old'], REPLAY_TTL_MS)).toBeUndefined();
    expect(await replays.claim(['idem:other'], REPLAY_TTL_MS)).toBeUndefined();
    // Much later, one accepted claim sweeps out both expired entries.
    expect(await replays.claim(['idem:new'], 5 * REPLAY_TTL_MS)).toBeUndefined();
    expect((await raw.list()).blobs.map((blob) => blob.key)).toEqual([blobKey('idem:new')]);
  });

  it('names blobs by kind and hash, whatever the idempotency key contains', () => {
    expect(blobKey('idem:../../x?y#z')).toMatch(/^idem\/[0-9a-f]{64}$/);
    expect(blobKey('rev:service.a:r1:update')).toMatch(/^rev\/[0-9a-f]{64}$/);
  });
});
