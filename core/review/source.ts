// Reads the due review items from Sanity's query API (or the local Content Lake) with plain
// fetch, so the publish server and the Netlify Function share it without a client library.
import type { SanityEnv } from '../sanity/env.ts';
import { parseReviewItems, REVIEW_ITEMS_QUERY, reviewQueryParams, type ReviewItem } from './model.ts';

/** The query URL of Sanity's HTTP API: the project's host, or SANITY_API_HOST as-is. */
export function reviewQueryUrl(sanity: SanityEnv, until: string): URL {
  const host = sanity.apiHost ?? `https://${sanity.projectId}.api.sanity.io`;
  const url = new URL(`${host.replace(/\/+$/, '')}/v${sanity.apiVersion}/data/query/${encodeURIComponent(sanity.dataset)}`);
  url.searchParams.set('query', REVIEW_ITEMS_QUERY);
  for (const [name, value] of Object.entries(reviewQueryParams(until))) url.searchParams.set(`$${name}`, JSON.stringify(value));
  url.searchParams.set('perspective', 'published');
  return url;
}

export async function fetchReviewItems(sanity: SanityEnv, until: string, fetchImpl: typeof fetch = fetch): Promise<ReviewItem[]> {
  const response = await fetchImpl(reviewQueryUrl(sanity, until), {
    headers: { Accept: 'application/json', ...(sanity.token ? { Authorization: `Bearer ${sanity.token}` } : {}) },
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) {
    const hint = response.status === 401 || response.status === 403 ? ' Check SANITY_READ_TOKEN (a Viewer token).' : '';
    throw new Error(`Sanity answered ${response.status} to the review query of ${sanity.projectId}/${sanity.dataset}.${hint}`);
  }
  const body = (await response.json()) as { result?: unknown };
  return parseReviewItems(body.result);
}
