// The release a preview shows: the Presentation tool's perspective for a Content Release is a
// stack with that release on top (`rWeek,drafts`, or `rLater,rWeek,drafts` when earlier releases
// lie under it). The banner names it, so an editor knows which future the page shows.
import type { ClientPerspective, SanityClient } from '@sanity/client';
import type { PreviewRelease } from '../lib/content/scope.ts';

/** The release on top of a perspective; undefined for `drafts`, `published` and `raw`. */
export function topRelease(perspective: ClientPerspective): string | undefined {
  if (!Array.isArray(perspective)) return undefined;
  const [top] = perspective;
  return top && top !== 'drafts' && top !== 'published' ? top : undefined;
}

const RELEASE_QUERY = '*[_id == $id][0]{"title": metadata.title, publishAt, "intendedPublishAt": metadata.intendedPublishAt, "releaseType": metadata.releaseType}';

/** The release as the banner names it; one small query with the preview's token. */
export async function loadPreviewRelease(client: SanityClient, name: string): Promise<PreviewRelease> {
  const found = await client.fetch<{ title?: unknown; publishAt?: unknown; intendedPublishAt?: unknown; releaseType?: unknown } | null>(
    RELEASE_QUERY,
    { id: `_.releases.${name}` },
    { perspective: 'raw' },
  );
  const publishAt = typeof found?.publishAt === 'string' ? found.publishAt : found?.releaseType === 'scheduled' && typeof found.intendedPublishAt === 'string' ? found.intendedPublishAt : undefined;
  return { name, title: typeof found?.title === 'string' ? found.title.trim() : '', publishAt };
}

const BERLIN = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "Di., 08.12.2026, 10:00 Uhr": the time the release is planned for, in Kassel's time. */
export const formatPlannedTime = (iso: string): string => `${BERLIN.format(new Date(iso))} Uhr`;
