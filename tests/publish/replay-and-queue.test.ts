import { describe, expect, it } from 'vitest';
import { createMemoryReplayStore } from '../../core/publish/replay-store.ts';
import { createBuildQueue } from '../../server/build-queue.ts';

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
  it('runs one build at a time and turns any number of requests during a build into one follow-up', async () => {
    const started: string[] = [];
    let finish: (() => void) | undefined;
    const queue = createBuildQueue((trigger) => {
      started.push(trigger);
      return new Promise<void>((resolve) => (finish = resolve));
    });
    expect(queue.request('a')).toBe('started');
    expect(queue.request('b')).toBe('queued');
    for (let i = 0; i < 50; i += 1) expect(queue.request(`c${i}`)).toBe('coalesced');
    expect(started).toEqual(['a']);
    finish?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toEqual(['a', 'b (+50 more)']);
    expect(queue.pending).toBe(false);
    finish?.();
    await queue.idle();
    expect(started).toHaveLength(2);
  });

  it('keeps going after a failed build and refuses requests once stopped', async () => {
    let calls = 0;
    const queue = createBuildQueue(async () => {
      calls += 1;
      throw new Error('boom');
    });
    queue.request('one');
    await queue.idle();
    queue.request('two');
    await queue.idle();
    expect(calls).toBe(2);
    await queue.stop();
    expect(queue.request('three')).toBe('stopping');
  });
});
