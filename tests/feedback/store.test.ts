// Storing feedback: @sanity/client against the local Content Lake over real HTTP, and the publish
// server's spool in front of it, which loses nothing it accepted while Sanity is unreachable and
// never stores a document twice.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeedbackSpool } from '../../server/feedback-spool.ts';
import { createFeedbackClient, readFeedbackConfig } from '../../core/feedback/env.ts';
import type { FeedbackDocument } from '../../core/feedback/model.ts';
import { createSanityFeedbackStore, StoreUnavailableError } from '../../core/feedback/store.ts';
import { createMemoryFeedbackStore } from '../helpers/feedback-site.ts';
import { startRecordingLake, type RecordingLake } from '../helpers/lake.ts';

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
});
