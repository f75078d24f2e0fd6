// Starts an empty, in-memory local lake and a @sanity/client on it, for the lake's own tests.
import type { SanityClient } from '@sanity/client';
import { lakeClient, startLake, type Lake, type LakeClock, type LakeOptions } from '../../dev/lake/index.ts';

export interface LakeUnderTest {
  lake: Lake;
  client: SanityClient;
  close(): Promise<void>;
}

export async function startTestLake(options: Partial<LakeOptions> = {}): Promise<LakeUnderTest> {
  const lake = await startLake({ dir: null, seedFile: false, ...options });
  const client = lakeClient(lake, lake.url.replace('localhost', '127.0.0.1'));
  return { lake, client, close: () => lake.close() };
}

/** A clock for the lake that only moves when the test says so; due timers run on `advanceTo`. */
export interface ManualClock extends LakeClock {
  advanceTo(iso: string): void;
}

export function manualClock(start: string): ManualClock {
  let now = Date.parse(start);
  const timers = new Set<{ at: number; run: () => void }>();
  return {
    now: () => now,
    setTimer(run, ms) {
      const timer = { at: now + ms, run };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    advanceTo(iso) {
      now = Date.parse(iso);
      for (const timer of [...timers].sort((a, b) => a.at - b.at)) {
        if (timer.at > now) continue;
        timers.delete(timer);
        timer.run();
      }
    },
  };
}
