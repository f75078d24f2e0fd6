import { describe, expect, it } from 'vitest';
import { createMemoryReplayStore } from '../../core/publish/replay-store.ts';
import { createBuildQueue } from '../../server/build-queue.ts';
import { dailyTrigger, describeTrigger, mergeTriggers, publishTrigger, REBUILD_REQUEST_TYPE, retryTrigger, startupTrigger, type BuildTrigger } from '../../core/publish/build-trigger.ts';

describe('memory replay store', () => {
  it('claims keys once, all or nothing, and gives them back on release', async () => {
    const store = createMemoryReplayStore();
    expect(await store.claim(['idem:1', 'rev:a:1'], 0)).toBeUndefined();
    expect(await store.claim(['idem:2', 'rev:a:1'], 1)).toBe('rev:a:1');
    // Nothing of the rejected claim was kept.
    expect(await store.claim(['idem:2'], 2)).toBeUndefined();
    await store.release(['idem:1', 'rev:a:1']);
    expect(await store.claim(['idem:1', 'rev:a:1'], 3)).toBeUndefined();
  });

  it('forgets keys after the time to live and stays within its size bound', async () => {
    const store = createMemoryReplayStore({ maxEntries: 100, ttlMs: 1000 });
    expect(await store.claim(['k'], 0)).toBeUndefined();
    expect(await store.claim(['k'], 999)).toBe('k');
    expect(await store.claim(['k'], 1001)).toBeUndefined();
    for (let i = 0; i < 10_000; i += 1) await store.claim([`key:${i}`], 2000);
    expect(store.size).toBeLessThanOrEqual(100);
  });
});

describe('build queue', () => {
  // Each document published by a transaction of its own (a revision is the transaction's id).
  const doc = (id: string) => ({ _id: `service.${id}`, _type: 'service', _rev: `rev-${id}` });

  it('documents of the transaction that started the running build need no second build (a published release)', async () => {
    const started: BuildTrigger[] = [];
    let finish: (() => void) | undefined;
    const queue = createBuildQueue(
      (trigger) => {
        started.push(trigger);
        return new Promise<void>((resolve) => (finish = resolve));
      },
      (error) => {
        throw error;
      },
    );
    const release = (id: string, operation = 'update') => ({ _id: `service.${id}`, _type: 'service', _rev: 'tx-release', operation });
    expect(queue.request(publishTrigger([release('a')]))).toBe('started');
    expect(queue.request(publishTrigger([release('b', 'create')]))).toBe('covered');
    expect(queue.running?.trigger.documents.map((d) => d._id)).toEqual(['service.a', 'service.b']);
    // A delete carries the revision before it, and another transaction is another revision.
    expect(queue.request(publishTrigger([release('c', 'delete')]))).toBe('queued');
    expect(queue.request(publishTrigger([doc('d')]))).toBe('coalesced');
    finish?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started.map((trigger) => trigger.documents.map((d) => d._id))).toEqual([['service.a'], ['service.c', 'service.d']]);
    finish?.();
    await queue.idle();
  });

  it('runs one build at a time and turns any number of requests during a build into one follow-up', async () => {
    const started: BuildTrigger[] = [];
    let finish: (() => void) | undefined;
    const queue = createBuildQueue(
      (trigger) => {
        started.push(trigger);
        return new Promise<void>((resolve) => (finish = resolve));
      },
      (error) => {
        throw error;
      },
    );
    expect(queue.request(publishTrigger([doc('a')]))).toBe('started');
    expect(queue.request(publishTrigger([doc('b')]))).toBe('queued');
    for (let i = 0; i < 50; i += 1) expect(queue.request(publishTrigger([doc(`c${i}`)]))).toBe('coalesced');
    // A document published twice is built once.
    expect(queue.request(publishTrigger([doc('b')]))).toBe('coalesced');
    expect(queue.request(dailyTrigger())).toBe('coalesced');
    expect(started).toEqual([publishTrigger([doc('a')])]);
    finish?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toHaveLength(2);
    expect(started[1]!.kind).toBe('publish');
    expect(started[1]!.documents.map((d) => d._id)).toEqual([...Array.from({ length: 50 }, (_, i) => `service.c${i}`), 'service.b']);
    expect(describeTrigger(started[1]!)).toBe('webhook: publish service service.c0 (+50 more)');
    expect(queue.pending).toBeUndefined();
    finish?.();
    await queue.idle();
    expect(started).toHaveLength(2);
  });

  it('keeps the first reason when no document waits, and calls a rebuild request a rebuild', () => {
    expect(mergeTriggers(retryTrigger(2), dailyTrigger())).toEqual(retryTrigger(2));
    expect(mergeTriggers(dailyTrigger(), publishTrigger([{ _id: 'rebuildRequest', _type: REBUILD_REQUEST_TYPE }]))).toEqual({
      kind: 'rebuild',
      documents: [{ _id: 'rebuildRequest', _type: REBUILD_REQUEST_TYPE }],
    });
    expect(describeTrigger(startupTrigger(true))).toBe('startup: refresh');
    expect(describeTrigger(retryTrigger(3))).toBe('retry 3: no release yet');
  });

  it('keeps going after a failed build, hands every error on, and refuses requests once stopped', async () => {
    let calls = 0;
    const errors: [unknown, BuildTrigger][] = [];
    const queue = createBuildQueue(
      async () => {
        calls += 1;
        throw new Error(`boom ${calls}`);
      },
      (error, trigger) => {
        errors.push([error, trigger]);
      },
    );
    queue.request(dailyTrigger());
    await queue.idle();
    expect(queue.running).toBeUndefined();
    queue.request(retryTrigger(2));
    await queue.idle();
    expect(calls).toBe(2);
    expect(errors.map(([error, trigger]) => [(error as Error).message, trigger])).toEqual([
      ['boom 1', dailyTrigger()],
      ['boom 2', retryTrigger(2)],
    ]);
    await queue.stop();
    expect(queue.request(dailyTrigger())).toBe('stopping');
  });
});
