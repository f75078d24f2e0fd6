// Where accepted feedback goes. `stored`: in Sanity now; `queued`: kept safely and sent later
// (the publish server's spool); `duplicate`: a document with this id exists, so this proof was
// used before. A store that can neither store nor queue throws StoreUnavailableError, and the
// handler answers 503 without having accepted anything.
import { isHttpError, type SanityClient } from '@sanity/client';
import type { FeedbackDocument } from './model.ts';

export type SaveOutcome = 'stored' | 'queued' | 'duplicate';

export interface FeedbackStore {
  save(doc: FeedbackDocument): Promise<SaveOutcome>;
}

export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/**
 * Writes through `@sanity/client` with `create`, which Sanity refuses for an existing id: the id
 * comes from the single-use proof, so the Content Lake itself guarantees nothing is stored twice,
 * across every function instance and every retry of the spool.
 */
export function createSanityFeedbackStore(client: SanityClient): FeedbackStore {
  return {
    async save(doc) {
      try {
        await client.create(doc, { returnDocuments: false, visibility: 'async' });
        return 'stored';
      } catch (error) {
        if (isHttpError(error) && error.response.statusCode === 409) return 'duplicate';
        const status = isHttpError(error) ? ` (HTTP ${error.response.statusCode})` : '';
        throw new StoreUnavailableError(`Sanity did not store the feedback${status}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}
