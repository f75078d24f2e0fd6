// Remembers deliveries that were already accepted, so a repeated delivery (the same
// idempotency key, the same document revision, or the very same signature) does not build again.
//
// The store is in memory and bounded: entries expire after the signature tolerance (a delivery
// older than that is rejected as stale anyway) and the oldest are dropped beyond `maxEntries`.
// On Netlify every function instance has its own memory, so a replay that reaches a different
// (cold) instance within the 5-minute window is not recognised; the signature window bounds the
// damage to one extra build request, which Netlify collapses with any queued build.

export interface ReplayStore {
  /**
   * Claims all `keys` at once: returns the first key that was already claimed (and claims
   * nothing), or `undefined` when all were new and are now claimed.
   */
  claim(keys: string[], now: number): string | undefined;
  /** Gives claimed keys back, e.g. when the build could not be triggered and a retry must pass. */
  release(keys: string[]): void;
}

export interface MemoryReplayStoreOptions {
  maxEntries?: number;
  ttlMs?: number;
}

export function createMemoryReplayStore({ maxEntries = 5000, ttlMs = 10 * 60 * 1000 }: MemoryReplayStoreOptions = {}): ReplayStore & {
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
    claim(keys, now) {
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
    release(keys) {
      for (const key of keys) expiries.delete(key);
    },
  };
}
