// Where accepted feedback goes. `stored`: in Sanity now; `queued`: kept safely and sent later
// (the publish server's spool); `duplicate`: a document with this id exists, so this proof was
// used before. A store that can neither store nor queue throws StoreUnavailableError, and the
// handler answers 503 without having accepted anything.
//
// Sanity's refusals come in three kinds, because each asks for something else:
//   - unreachable, 408, 429, 5xx: try again later (StoreUnavailableError);
//   - 401, 403, 404: the receiver's configuration is wrong (a revoked token, a token without
//     write rights, a project or dataset that does not exist); no document gets through until
//     an operator fixes it (StoreConfigError);
//   - any other 4xx: Sanity refuses this one document; sending it again changes nothing
//     (DocumentRejectedError), and the documents behind it must not wait for it.
import { isHttpError, type SanityClient } from '@sanity/client';
import type { FeedbackDocument } from './model.ts';

export type SaveOutcome = 'stored' | 'queued' | 'duplicate';

export interface FeedbackStore {
  save(doc: FeedbackDocument): Promise<SaveOutcome>;
}

export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** Nothing can be stored until an operator changes the configuration; the message says what. */
export class StoreConfigError extends StoreUnavailableError {
  override name = 'StoreConfigError';
}

/** Sanity refused this document itself (HTTP `status`); others still go through. */
export class DocumentRejectedError extends Error {
  override name = 'DocumentRejectedError';
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

const CONFIG_STATUSES = new Set([401, 403, 404]);
const TRANSIENT_STATUSES = new Set([408, 429]);

function configMessage(status: number): string {
  if (status === 404) {
    return `Sanity answered HTTP 404 to a feedback write: the project or dataset does not exist. Check SANITY_PROJECT_ID and SANITY_DATASET where the feedback receiver runs.`;
  }
  return (
    `Sanity refused SANITY_FEEDBACK_TOKEN (HTTP ${status}): the token was revoked or has no write rights. ` +
    'Create a robot token with the Editor role in sanity.io/manage → API → Tokens (see README, "Page feedback"), set it as SANITY_FEEDBACK_TOKEN where the feedback receiver runs and restart it.'
  );
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
        const status = isHttpError(error) ? error.response.statusCode : undefined;
        if (status === 409) return 'duplicate';
        const detail = error instanceof Error ? error.message : String(error);
        if (status !== undefined && CONFIG_STATUSES.has(status)) throw new StoreConfigError(configMessage(status));
        if (status !== undefined && status >= 400 && status < 500 && !TRANSIENT_STATUSES.has(status)) {
          throw new DocumentRejectedError(`Sanity refused the feedback document (HTTP ${status}): ${detail}`, status);
        }
        throw new StoreUnavailableError(`Sanity did not store the feedback${status === undefined ? '' : ` (HTTP ${status})`}: ${detail}`);
      }
    },
  };
}
