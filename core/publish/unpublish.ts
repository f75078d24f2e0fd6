// Scheduled unpublish: when a press item's or a page's "Sichtbar bis" has passed, the platform
// (the publish server, the Netlify scheduled function) unpublishes it through Sanity's API, as an
// editor's "Veröffentlichung zurückziehen" would: the published document goes, its content stays
// as a draft. The site hides such a document at that minute anyway (core/timed-content.ts);
// unpublishing makes Sanity say the same, so nobody finds it "published" months later.
//
// It needs its own write token, SANITY_UNPUBLISH_TOKEN (Editor role), never given to a build.
// Without it nothing is unpublished and the Studio's "Veröffentlichungen" says so.
import { createClient, type SanityClient } from '@sanity/client';
import { ConfigError, readSourceConfig, type SanityEnv } from '../sanity/env.ts';
import { DRAFTS_PREFIX } from '../sanity/ids.ts';
import type { ScheduledUnpublish } from './build-trigger.ts';
import { CONTENT_DOCUMENT_TYPES } from '../registry.ts';
import { pagePath, sectionPath } from '../i18n/index.ts';
import { createGoneCheck, goneLinkSources } from '../links.ts';
import { isVisibleAt } from '../timed-content.ts';

/** The document types with "Sichtbar bis" (studio/schemaTypes/fields.ts visibleUntilField). */
export const EXPIRING_TYPES = ['pressItem', 'page'] as const;

export type UnpublishSettings = { ok: true; sanity: Omit<SanityEnv, 'token'>; token: string } | { ok: false; reason: string };

type Env = Record<string, string | undefined>;

/**
 * SANITY_UNPUBLISH_TOKEN with the project of the content source. Not set (or no Sanity project):
 * `ok: false` with the reason, for the operator's status. A value that cannot be a token throws,
 * naming the variable.
 */
export function readUnpublishSettings(env: Env): UnpublishSettings {
  const token = env.SANITY_UNPUBLISH_TOKEN?.trim();
  if (!token) return { ok: false, reason: 'SANITY_UNPUBLISH_TOKEN is not set: documents past "Sichtbar bis" are hidden by the site but stay published in Sanity. Set a token with the Editor role to unpublish them automatically.' };
  if (token.length < 20) throw new ConfigError('SANITY_UNPUBLISH_TOKEN is too short to be a Sanity token. Copy the whole token (Editor role) from sanity.io/manage → API → Tokens.');
  const source = readSourceConfig(env, '');
  if (source.kind !== 'sanity') return { ok: false, reason: 'SANITY_UNPUBLISH_TOKEN is set but SANITY_PROJECT_ID is not: the embedded dataset has nothing to unpublish.' };
  const { token: _readToken, ...sanity } = source.sanity;
  return { ok: true, sanity, token };
}

export function createUnpublishClient(settings: Extract<UnpublishSettings, { ok: true }>): SanityClient {
  const { sanity, token } = settings;
  return createClient({
    projectId: sanity.projectId,
    dataset: sanity.dataset,
    // Actions (data/actions) need v2024-05-23 or later.
    apiVersion: sanity.apiVersion < '2025-02-19' ? '2025-02-19' : sanity.apiVersion,
    token,
    useCdn: false,
    perspective: 'published',
    // A Netlify function has 30 s at most; one slow answer must not use them all.
    timeout: 10_000,
    ...(sanity.apiHost ? { apiHost: sanity.apiHost, useProjectHostname: false } : {}),
  });
}

const DUE_QUERY = `*[_type in $types && defined(visibleUntil) && dateTime(visibleUntil) <= dateTime($now)]{_id, _type, "title": title.de, visibleUntil, "slug": slug.current, "slugEn": slugEn.current}`;
const LINKING_QUERY = '*[_type in $types]';

export interface DueDocument {
  _id: string;
  _type: string;
  title?: string;
  visibleUntil: string;
  /** The paths of its pages (German, English), so links to it can be found. */
  paths?: string[];
}

/** The paths a due document had on the site (German and English), whatever its English state. */
function pathsOf(row: { _type: string; slug?: string | null; slugEn?: string | null }): string[] {
  if (!row.slug) return [];
  if (row._type === 'pressItem') return [sectionPath('press', 'de', row.slug), sectionPath('press', 'en', row.slug)];
  return [pagePath(row.slug, 'de'), ...(row.slugEn ? [pagePath(row.slugEn, 'en')] : [])];
}

/** Published documents whose "Sichtbar bis" is at or before `now`. */
export async function findDueDocuments(client: SanityClient, now: Date): Promise<DueDocument[]> {
  const rows = await client.fetch<{ _id: string; _type: string; title?: string | null; visibleUntil: string; slug?: string | null; slugEn?: string | null }[]>(
    DUE_QUERY,
    { types: [...EXPIRING_TYPES], now: now.toISOString() },
    { perspective: 'published' },
  );
  return rows.map((row) => ({ _id: row._id, _type: row._type, ...(row.title ? { title: row.title } : {}), visibleUntil: row.visibleUntil, paths: pathsOf(row) }));
}

/**
 * Unpublishes each due document (Sanity's unpublish action: the content stays as a draft). One
 * failure does not stop the others; `onError` hears about it for the log.
 *
 * A document that shown documents still link to stays published (`linked`): the site hides it
 * and shows those links as plain text (src/lib/content/), but once it is unpublished the build
 * can no longer tell such a link from a mistyped one and would fail on it. The Studio names the
 * linking documents; after the links are gone, the editor withdraws it (or the next run does).
 */
export async function unpublishDue(client: SanityClient, now: Date, onError: (doc: DueDocument, error: unknown) => void): Promise<ScheduledUnpublish[]> {
  const results: ScheduledUnpublish[] = [];
  const due = await findDueDocuments(client, now);
  if (due.length === 0) return results;
  const dueIds = new Set(due.map((doc) => doc._id));
  const shown = (
    await client.fetch<({ _id: string; _type: string } & Record<string, unknown>)[]>(LINKING_QUERY, { types: [...CONTENT_DOCUMENT_TYPES] }, { perspective: 'published' })
  ).filter((doc) => !dueIds.has(doc._id) && isVisibleAt({ visibleUntil: typeof doc.visibleUntil === 'string' ? doc.visibleUntil : undefined }, now));
  for (const { paths = [], ...doc } of due) {
    const linkedFrom = goneLinkSources(shown, createGoneCheck(paths, '')).map(({ id, type, field }) => ({ id, type, field }));
    if (linkedFrom.length > 0) {
      results.push({ ...doc, result: 'linked', linkedFrom });
      continue;
    }
    try {
      await client.action({ actionType: 'sanity.action.document.unpublish', draftId: `${DRAFTS_PREFIX}${doc._id}`, publishedId: doc._id });
      results.push({ ...doc, result: 'unpublished' });
    } catch (error) {
      onError({ ...doc, paths }, error);
      results.push({ ...doc, result: 'failed' });
    }
  }
  return results;
}

/** What becomes of due documents without a token: listed, so the Studio can say they stay published. */
export function notConfigured(documents: readonly DueDocument[]): ScheduledUnpublish[] {
  return documents.map(({ paths: _paths, ...doc }) => ({ ...doc, result: 'not-configured' }));
}

export { ConfigError as UnpublishConfigError };
