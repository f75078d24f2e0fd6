// Per-client rate limit without storing who the client is. The key of a client is a hash of its
// address with a random salt that exists only in memory and is replaced every day (UTC), so
// neither the operator nor a copy of memory can turn a key back into an address, and keys of two
// days cannot be linked. Each client has a token bucket per kind of request: a burst of
// `capacity` requests, then one more every `refillMs`.
import { createHash, randomBytes } from 'node:crypto';

export interface Budget {
  capacity: number;
  refillMs: number;
}

export const BUDGETS = {
  /** Posts of the form (a rating, a report, or either step of the form without JavaScript). */
  submit: { capacity: 8, refillMs: 15_000 },
  /** Proof-of-work challenges fetched by the browser script. */
  challenge: { capacity: 20, refillMs: 5_000 },
} as const satisfies Record<string, Budget>;
export type BucketName = keyof typeof BUDGETS;

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  take(bucket: BucketName, clientAddress: string | undefined, now: number): RateDecision;
  /** Number of clients remembered (for tests and the memory bound). */
  readonly size: number;
}

export interface RateLimiterOptions {
  budgets?: Record<BucketName, Budget>;
  /** Oldest clients are forgotten beyond this many, so memory stays bounded under a flood. */
  maxClients?: number;
  salt?: () => Buffer;
}

export function createRateLimiter({ budgets = BUDGETS, maxClients = 20_000, salt = () => randomBytes(32) }: RateLimiterOptions = {}): RateLimiter {
  let day = '';
  let daySalt: Buffer = Buffer.alloc(0);
  // Insertion order = last use order (entries are re-inserted on use), so the first is the oldest.
  const buckets = new Map<string, { tokens: number; updatedAt: number }>();

  function keyOf(bucket: BucketName, clientAddress: string | undefined, now: number): string {
    const today = new Date(now).toISOString().slice(0, 10);
    if (today !== day) {
      day = today;
      daySalt = salt();
      buckets.clear();
    }
    return createHash('sha256').update(daySalt).update(`${bucket}\0${clientAddress ?? 'unknown'}`).digest('base64url').slice(0, 22);
  }

  return {
    get size() {
      return buckets.size;
    },
    take(bucket, clientAddress, now) {
      const { capacity, refillMs } = budgets[bucket];
      const key = keyOf(bucket, clientAddress, now);
      const previous = buckets.get(key);
      const refilled = previous ? Math.min(capacity, previous.tokens + (now - previous.updatedAt) / refillMs) : capacity;
      buckets.delete(key);
      if (refilled < 1) {
        buckets.set(key, { tokens: refilled, updatedAt: now });
        return { ok: false, retryAfterSeconds: Math.ceil(((1 - refilled) * refillMs) / 1000) };
      }
      buckets.set(key, { tokens: refilled - 1, updatedAt: now });
      while (buckets.size > maxClients) buckets.delete(buckets.keys().next().value as string);
      return { ok: true };
    },
  };
}
