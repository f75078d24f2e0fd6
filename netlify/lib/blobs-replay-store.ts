// Replay protection shared by all instances of the Netlify Function, in a Netlify Blobs store.
// Each function instance has its own memory, so only a shared store recognises a replay that
// reaches another (cold) instance.
//
// A key is claimed with a conditional write that succeeds only if the entry does not exist yet
// (`onlyIfNew`), read with strong consistency, so two instances cannot both claim it. An entry
// holds its expiry; an expired entry is taken over with `onlyIfMatch` on its ETag, so again only
// one instance wins. Keys are claimed in sorted order: when two deliveries share keys, the first
// shared key decides, and the loser gives back what it had claimed. Accepted claims sweep out
// expired entries, so the store holds little more than the last ten minutes of deliveries
// (a delete takes no condition: an entry taken over between the sweep's read and its delete is
// lost, which at worst lets one replay of it through).
import { createHash } from 'node:crypto';
import type { Store } from '@netlify/blobs';
import { REPLAY_TTL_MS, type ReplayStore } from '../../core/publish/replay-store.ts';

/** The name of the site-wide store (not per deploy: a replay may come after a new deploy). */
export const REPLAY_STORE_NAME = 'sanity-webhook-replays';

type BlobStore = Pick<Store, 'setJSON' | 'getWithMetadata' | 'delete' | 'list'>;

interface Entry {
  expiresAt: number;
}

export interface BlobsReplayStoreOptions {
  ttlMs?: number;
  /** Told when sweeping expired entries fails; claims are not affected. */
  onSweepError?: (error: unknown) => void;
}

/**
 * A blob key for a replay key: the kind ("sig", "idem", "rev") and a SHA-256 of the whole key,
 * so an idempotency key of any length or character set makes a valid, fixed-size name.
 */
export function blobKey(key: string): string {
  const kind = key.slice(0, Math.max(0, key.indexOf(':'))) || 'key';
  return `${kind}/${createHash('sha256').update(key).digest('hex')}`;
}

function isEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && typeof (value as Entry).expiresAt === 'number';
}

export function createBlobsReplayStore(store: BlobStore, { ttlMs = REPLAY_TTL_MS, onSweepError }: BlobsReplayStoreOptions = {}): ReplayStore & {
  sweep(now: number): Promise<number>;
} {
  /** Claims one blob key; false when a live entry holds it. */
  async function claimOne(name: string, now: number): Promise<boolean> {
    const entry: Entry = { expiresAt: now + ttlMs };
    // Two rounds: the entry may be deleted (swept, released) between the write and the read.
    for (let round = 0; round < 2; round += 1) {
      if ((await store.setJSON(name, entry, { onlyIfNew: true })).modified) return true;
      const current = await store.getWithMetadata(name, { type: 'json', consistency: 'strong' });
      if (!current) continue;
      if (isEntry(current.data) && current.data.expiresAt > now) return false;
      // Expired (or unreadable): take it over, unless another instance just did.
      return (await store.setJSON(name, entry, { onlyIfMatch: current.etag })).modified;
    }
    return false;
  }

  async function sweep(now: number): Promise<number> {
    let removed = 0;
    const { blobs } = await store.list();
    for (const { key } of blobs) {
      const current = await store.getWithMetadata(key, { type: 'json', consistency: 'strong' });
      if (current && isEntry(current.data) && current.data.expiresAt > now) continue;
      await store.delete(key);
      removed += 1;
    }
    return removed;
  }

  return {
    async claim(keys, now) {
      const claimed: string[] = [];
      for (const key of [...new Set(keys)].sort()) {
        const name = blobKey(key);
        if (await claimOne(name, now)) {
          claimed.push(name);
          continue;
        }
        await Promise.all(claimed.map((n) => store.delete(n)));
        return key;
      }
      try {
        await sweep(now);
      } catch (error) {
        onSweepError?.(error);
      }
      return undefined;
    },
    async release(keys) {
      await Promise.all([...new Set(keys)].map((key) => store.delete(blobKey(key))));
    },
    sweep,
  };
}
