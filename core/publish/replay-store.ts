// Remembers deliveries that were already accepted, so a repeated delivery (the same
// idempotency key, the same document revision, or the very same signature) does not build again.
//
// Two stores: this one in memory, for the self-hosted publish server (one process sees every
// delivery), and blobs-replay-store.ts on Netlify, where each function instance has its own
// memory and only a shared store recognises a replay that reaches another instance.

/** How long a claimed key is remembered: the whole ±5-minute window of the signature timestamp. */
export const REPLAY_TTL_MS = 10 * 60 * 1000;

export interface ReplayStore {
  /**
   * Claims all `keys` at once: resolves to the first key that was already claimed (and claims
   * nothing), or `undefined` when all were new and are now claimed. Rejects when the store
   * cannot be reached.
   */
  claim(keys: string[], now: number): Promise<string | undefined>;
  /** Gives claimed keys back, e.g. when the build could not be triggered and a retry must pass. */
  release(keys: string[]): Promise<void>;
}

export interface MemoryReplayStoreOptions {
  maxEntries?: number;
  ttlMs?: number;
}

/**
 * In memory and bounded: entries expire after `ttlMs` (a delivery older than the signature
 * tolerance is rejected as stale anyway) and the oldest are dropped beyond `maxEntries`.
 */
export function createMemoryReplayStore({ maxEntries = 5000, ttlMs = REPLAY_TTL_MS }: MemoryReplayStoreOptions = {}): ReplayStore & {
  readonly size: number;
} {
  // A Map iterates in insertion order, which makes it a simple LRU-by-age.
  const expiries = new Map<string, number>();

  function sweep(now: number) {
    for (const [key, expiresAt] of expiries) {
      if (expiresAt > now && expiries.size <= maxEntries) break;
      expiries.delete(key);
    }
  }

  return {
    get size() {
      return expiries.size;
    },
    async claim(keys, now) {
      sweep(now);
      for (const key of keys) {
        const expiresAt = expiries.get(key);
        if (expiresAt !== undefined && expiresAt > now) return key;
      }
      for (const key of keys) {
        expiries.delete(key);
        expiries.set(key, now + ttlMs);
      }
      sweep(now);
      return undefined;
    },
    async release(keys) {
      for (const key of keys) expiries.delete(key);
    },
  };
}
