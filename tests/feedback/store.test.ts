// Storing feedback: @sanity/client against the local Content Lake over real HTTP, and the publish
// server's spool in front of it, which loses nothing it accepted while Sanity is unreachable and
// never stores a document twice.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeedbackSpool, REJECTED_DIR } from '../../server/feedback-spool.ts';
import { createFeedbackClient, readFeedbackConfig } from '../../core/feedback/env.ts';
import type { FeedbackDocument } from '../../core/feedback/model.ts';
import { createSanityFeedbackStore, DocumentRejectedError, StoreConfigError, StoreUnavailableError, type FeedbackStore } from '../../core/feedback/store.ts';
import { createMemoryFeedbackStore } from '../helpers/feedback-site.ts';
import { startRecordingLake, type RecordingLake } from '../helpers/lake.ts';
import { createTestHandler, form, json, REPORT } from './helpers.ts';

const TOKEN = 'skFeedbackWriteToken0123456789abcdefghij';

function doc(n: number): FeedbackDocument {
  return {
    _id: `feedback.${n.toString(16).padStart(32, '0')}`,
    _type: 'feedback',
    page: '/oeffnungszeiten/',
    language: 'de',
    helpful: false,
    createdAt: new Date(Date.UTC(2026, 10, 29, 12, 0, n)).toISOString(),
    status: 'neu',
  };
}

describe('the Sanity store', () => {
  let lake: RecordingLake;
  beforeEach(async () => {
    lake = await startRecordingLake({ token: TOKEN });
  });
  afterEach(() => lake.close());

  const store = (env: Record<string, string> = {}) =>
    createSanityFeedbackStore(createFeedbackClient(readFeedbackConfig({ SANITY_PROJECT_ID: 'abc123de', SANITY_API_HOST: lake.apiHost, SANITY_FEEDBACK_TOKEN: TOKEN, ...env })));

  it('creates the document with the feedback token, and calls a second create of the same id a duplicate', async () => {
    expect(await store().save(doc(1))).toBe('stored');
    expect(await store().save(doc(1))).toBe('duplicate');
    expect([...lake.store.documents.keys()]).toEqual([doc(1)._id]);
    expect(lake.requests.flatMap((request) => request.mutations ?? []).map((mutation) => Object.keys(mutation)[0])).toEqual(['create', 'create']);
  });

  it('a wrong token or an unreachable host is "unavailable", never "stored"', async () => {
    await expect(store({ SANITY_FEEDBACK_TOKEN: `${TOKEN}x` }).save(doc(2))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store({ SANITY_API_HOST: 'http://127.0.0.1:9' }).save(doc(2))).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(lake.store.documents.size).toBe(0);
  });

  it('a revoked token (401/403) is a configuration error naming SANITY_FEEDBACK_TOKEN; another 4xx rejects the document; 429 and 5xx wait', async () => {
    // Sanity's answers, from a stand-in that answers every request with one status.
    let status = 401;
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { description: `status ${status}` } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const sanity = store({ SANITY_API_HOST: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      const outcome = async (code: number) => {
        status = code;
        return sanity.save(doc(9)).then(
          () => 'stored',
          (error: unknown) => error,
        );
      };
      for (const code of [401, 403]) {
        const error = await outcome(code);
        expect(error).toBeInstanceOf(StoreConfigError);
        // Still "unavailable" for the handler (503, nothing accepted).
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect(String(error)).toMatch(/SANITY_FEEDBACK_TOKEN/);
        expect(String(error)).toMatch(/sanity\.io\/manage/);
        expect(String(error)).not.toContain(TOKEN);
      }
      for (const code of [400, 413, 422]) {
        const error = await outcome(code);
        expect(error).toBeInstanceOf(DocumentRejectedError);
        expect((error as DocumentRejectedError).status).toBe(code);
      }
      for (const code of [429, 500, 503]) {
        const error = await outcome(code);
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect(error).not.toBeInstanceOf(StoreConfigError);
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('names the missing variable and never echoes a value', () => {
    expect(() => readFeedbackConfig({ SANITY_FEEDBACK_TOKEN: TOKEN })).toThrow(/SANITY_PROJECT_ID is not set/);
    expect(() => readFeedbackConfig({ SANITY_PROJECT_ID: 'abc123de' })).toThrow(/SANITY_FEEDBACK_TOKEN is not set/);
    expect(() => readFeedbackConfig({ SANITY_PROJECT_ID: 'abc123de', SANITY_FEEDBACK_TOKEN: 'short-secret' })).toThrow(/too short/);
    try {
      readFeedbackConfig({ SANITY_PROJECT_ID: 'abc123de', SANITY_FEEDBACK_TOKEN: 'short-secret' });
    } catch (error) {
      expect(String(error)).not.toContain('short-secret');
    }
  });
});

describe('the spool of the publish server', () => {
  let dir: string;
  const logs: Record<string, unknown>[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ksp-spool-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('while Sanity is down: accepts (queued), keeps the document on disk, sends it when Sanity is back', async () => {
    const sanity = createMemoryFeedbackStore();
    sanity.setReachable(false);
    const spool = createFeedbackSpool({ dir, inner: sanity, log: (event) => logs.push(event), retryMs: 60_000 });
    expect(await spool.save(doc(1))).toBe('queued');
    expect(await spool.save(doc(2))).toBe('queued');
    expect((await readdir(dir)).sort()).toEqual([`${doc(1)._id}.json`, `${doc(2)._id}.json`]);
    expect(await spool.flush()).toBe(2);
    sanity.setReachable(true);
    expect(await spool.flush()).toBe(0);
    expect([...sanity.documents.keys()].sort()).toEqual([doc(1)._id, doc(2)._id]);
    expect(await readdir(dir)).toEqual([]);
    spool.stop();
  });

  it('after a crash: the next start sends what was left, and a document Sanity already has is not stored twice', async () => {
    const sanity = createMemoryFeedbackStore();
    sanity.setReachable(false);
    const before = createFeedbackSpool({ dir, inner: sanity, log: () => undefined, retryMs: 60_000 });
    await before.save(doc(3));
    await before.save(doc(4));
    before.stop();
    // Sanity took doc 3 although the answer was lost: it must not count twice.
    sanity.setReachable(true);
    await sanity.save(doc(3));
    const after = createFeedbackSpool({ dir, inner: sanity, log: () => undefined });
    await after.start();
    expect([...sanity.documents.keys()].sort()).toEqual([doc(3)._id, doc(4)._id]);
    expect(await readdir(dir)).toEqual([]);
    after.stop();
  });

  it('retries on its own, and refuses new feedback when full instead of filling the disk', async () => {
    const sanity = createMemoryFeedbackStore();
    sanity.setReachable(false);
    const spool = createFeedbackSpool({ dir, inner: sanity, log: () => undefined, retryMs: 50, maxPending: 2 });
    await spool.save(doc(5));
    await spool.save(doc(6));
    await expect(spool.save(doc(7))).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await spool.save(doc(5))).toBe('duplicate');
    sanity.setReachable(true);
    await expect.poll(() => sanity.documents.size, { timeout: 5000 }).toBe(2);
    spool.stop();
  });

  /** Sanity as the spool meets it: a refusal per document id, or for every document. */
  function scriptedSanity() {
    const documents = new Map<string, FeedbackDocument>();
    const refuse = new Map<string, Error>();
    let everything: Error | undefined;
    const store: FeedbackStore = {
      async save(document) {
        const error = everything ?? refuse.get(document._id);
        if (error) throw error;
        if (documents.has(document._id)) return 'duplicate';
        documents.set(document._id, document);
        return 'stored';
      },
    };
    return { store, documents, refuse, revoke: (error: Error | undefined) => (everything = error) };
  }
  const revoked = () => new StoreConfigError('Sanity refused SANITY_FEEDBACK_TOKEN (HTTP 401): create a new token in sanity.io/manage.');

  it('a revoked token: new feedback is refused (503, nothing accepted), what waited stays, the log names the token, /status says so', async () => {
    const sanity = scriptedSanity();
    const events: Record<string, unknown>[] = [];
    const spool = createFeedbackSpool({ dir, inner: sanity.store, log: (event) => events.push(event), retryMs: 60_000 });
    await spool.start();
    sanity.revoke(new StoreUnavailableError('unreachable'));
    expect(await spool.save(doc(1))).toBe('queued');
    sanity.revoke(revoked());
    await expect(spool.save(doc(2))).rejects.toBeInstanceOf(StoreConfigError);
    expect(await readdir(dir)).toEqual([`${doc(1)._id}.json`]);
    expect(await spool.flush()).toBe(1);
    expect(spool.status()).toMatchObject({ state: 'configuration', waiting: 1, rejected: 0 });
    expect(spool.status().detail).toMatch(/SANITY_FEEDBACK_TOKEN/);
    expect(events.filter((event) => event.reason === 'configuration').map((event) => String(event.detail))).toEqual([
      expect.stringMatching(/SANITY_FEEDBACK_TOKEN.*stay/),
      expect.stringMatching(/SANITY_FEEDBACK_TOKEN.*stay/),
    ]);
    // The operator sets a new token: everything waiting goes through.
    sanity.revoke(undefined);
    expect(await spool.flush()).toBe(0);
    expect([...sanity.documents.keys()]).toEqual([doc(1)._id]);
    expect(spool.status()).toMatchObject({ state: 'sending', waiting: 0, detail: null });
    spool.stop();
  });

  it('through the handler, a revoked token answers 503 (as the Netlify Function does), never "sent later"', async () => {
    const sanity = scriptedSanity();
    sanity.revoke(revoked());
    const spool = createFeedbackSpool({ dir, inner: sanity.store, log: () => undefined, retryMs: 60_000 });
    const handler = createTestHandler({ store: spool });
    const proof = await handler.proof();
    handler.clock.now += 5000;
    const response = await handler.send({ body: form({ ...REPORT, altcha: proof }) });
    expect(response.status).toBe(503);
    expect(json(response).status).toBe('unavailable');
    expect(handler.logs.find((event) => event.status === 503)).toMatchObject({ reason: 'configuration', detail: expect.stringMatching(/SANITY_FEEDBACK_TOKEN/) });
    expect(await readdir(dir)).toEqual([]);
    spool.stop();
  });

  it('a document Sanity rejects (400) goes to rejected/ with its reason, and the files behind it keep flowing', async () => {
    const sanity = scriptedSanity();
    sanity.revoke(new StoreUnavailableError('unreachable'));
    const spool = createFeedbackSpool({ dir, inner: sanity.store, log: () => undefined, retryMs: 60_000 });
    for (const n of [1, 2, 3]) expect(await spool.save(doc(n))).toBe('queued');
    // A file an earlier version or a disk fault left unreadable does not block either.
    await writeFile(path.join(dir, `feedback.${'f'.repeat(32)}.json`), '{"_id": "feedback.');
    sanity.revoke(undefined);
    sanity.refuse.set(doc(1)._id, new DocumentRejectedError('Sanity refused the feedback document (HTTP 400): Mutation failed', 400));
    expect(await spool.flush()).toBe(0);
    expect([...sanity.documents.keys()].sort()).toEqual([doc(2)._id, doc(3)._id]);
    expect(await readdir(dir)).toEqual([REJECTED_DIR]);
    const rejected = path.join(dir, REJECTED_DIR);
    expect((await readdir(rejected)).sort()).toEqual(
      [`${doc(1)._id}.json`, `${doc(1)._id}.reason.json`, `feedback.${'f'.repeat(32)}.json`, `feedback.${'f'.repeat(32)}.reason.json`].sort(),
    );
    expect(JSON.parse(await readFile(path.join(rejected, `${doc(1)._id}.reason.json`), 'utf8'))).toMatchObject({ file: `${doc(1)._id}.json`, status: 400, message: expect.stringMatching(/HTTP 400/) });
    // Nothing is lost: the document is there, as accepted.
    expect(JSON.parse(await readFile(path.join(rejected, `${doc(1)._id}.json`), 'utf8'))).toEqual(doc(1));
    expect(spool.status()).toMatchObject({ state: 'sending', waiting: 0, rejected: 2, rejectedDir: rejected });
    // A new start counts what waits for an operator.
    const again = createFeedbackSpool({ dir, inner: sanity.store, log: () => undefined });
    await again.start();
    expect(again.status().rejected).toBe(2);
    again.stop();
    spool.stop();
  });
});
