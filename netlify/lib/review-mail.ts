// The reminder mails on Netlify: the same runs as the publish server (core/review/run.ts), with
// what went out remembered in Netlify Blobs (one JSON entry, site-wide), so the weekly function
// and the webhook's requests share one memory across instances and deploys.
import { getStore } from '@netlify/blobs';
import type { ReviewMailConfig } from '../../core/review/env.ts';
import { createMailer } from '../../core/review/mailer.ts';
import { emptyState, parseState, type RunDeps, type StateStore } from '../../core/review/run.ts';
import { fetchReviewItems } from '../../core/review/source.ts';

export const REVIEW_MAIL_STORE_NAME = 'ksp-review-mail';
const STATE_KEY = 'state';

export function blobsStateStore(): StateStore {
  const store = getStore({ name: REVIEW_MAIL_STORE_NAME, consistency: 'strong' });
  return {
    async load() {
      const value: unknown = await store.get(STATE_KEY, { type: 'json', consistency: 'strong' });
      return value === null ? emptyState() : parseState(value);
    },
    async save(state) {
      await store.setJSON(STATE_KEY, state);
    },
  };
}

/** The runs' dependencies; `close` ends the SMTP connection after the run. */
export function netlifyRunDeps(config: ReviewMailConfig, studioUrl: string, log: RunDeps['log']): RunDeps & { close(): void } {
  const mailer = createMailer(config);
  return {
    state: blobsStateStore(),
    fetchItems: (until) => fetchReviewItems(config.sanity, until),
    send: (mail) => mailer.send(mail),
    studioUrl,
    now: () => new Date(),
    log,
    close: () => mailer.close(),
  };
}
