// What preview requests may share: the content they loaded, when it is the very same content.
// Every request lists the ids and revisions its perspective sees (one small query); requests
// whose listing, perspective and minute are equal would load and derive exactly the same values,
// so they share one memo (src/lib/content/scope.ts). Any edit changes a revision and with it the
// key, so an editor's change is never hidden and no request ever sees content another perspective
// loaded. A memo is offered to later requests only after its content was found unchanged once
// more when its first request had rendered: a change during that request (and its undo) cannot
// leave a mixed memo behind.
import { createHash } from 'node:crypto';
import type { SanityClient } from '@sanity/client';
import { LISTING_QUERY } from '../lib/sanity/sync.ts';

/** How many content versions are kept: one per perspective in use is the usual need. */
const MAX_VERSIONS = 8;

export interface ContentVersion {
  memo: Map<object, unknown>;
  /** Call when the request has rendered: `ok` false drops the memo (a loader failed). */
  done(ok: boolean): Promise<void>;
}

export function createContentCache() {
  const confirmed = new Map<string, Map<object, unknown>>();

  async function fingerprint(client: SanityClient): Promise<string> {
    const listing = await client.fetch<{ _id: string; _rev?: string }[]>(LISTING_QUERY);
    const hash = createHash('sha1');
    for (const row of listing.map((entry) => `${entry._id} ${entry._rev ?? ''}`).sort()) hash.update(`${row}\n`);
    return hash.digest('base64url');
  }

  /** The memo for a request that reads through `client` (its perspective) at `now`. */
  return async function contentVersion(client: SanityClient, perspective: string, now: Date): Promise<ContentVersion> {
    const key = `${perspective}|${now.toISOString().slice(0, 16)}|${await fingerprint(client)}`;
    const shared = confirmed.get(key);
    if (shared) return { memo: shared, done: async (ok) => void (ok || confirmed.delete(key)) };
    const memo = new Map<object, unknown>();
    return {
      memo,
      done: async (ok) => {
        if (!ok || (await fingerprint(client)) !== key.slice(key.lastIndexOf('|') + 1)) return;
        if (confirmed.size >= MAX_VERSIONS) confirmed.delete(confirmed.keys().next().value!);
        confirmed.set(key, memo);
      },
    };
  };
}
