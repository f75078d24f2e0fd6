// The publish badge on every document the site shows: "Live", "Wird veröffentlicht …" (with its
// place in the queue or the time since publishing) or "Veröffentlichung fehlgeschlagen" (the
// tooltip and the banner above the form say why, in German).
import { useEffect } from 'react';
import type { DocumentBadgeComponent, DocumentBadgeDescription, DocumentBadgeProps } from 'sanity';
import { documentPublishState } from '../../core/publish/document-state.ts';
import { usePublishing, type Poller } from './poller';
import { badgeText } from './texts';
import { idsIn, useLabels, useNow } from './use-labels';

/** How long after a publish the poller keeps polling fast for a document without news. */
export const EXPECT_CHANGE_MS = 15 * 60 * 1000;

export function usePublishState(poller: Poller, published: { _id: string; _rev: string; _updatedAt: string } | null) {
  const snapshot = usePublishing(poller);
  const state =
    published && (snapshot.manifest || snapshot.status)
      ? documentPublishState({ id: published._id, rev: published._rev, publishedAt: published._updatedAt }, snapshot.manifest, snapshot.status)
      : undefined;
  const settled = !state || state.state === 'live' || state.state === 'failed';
  const now = useNow(!settled);
  useEffect(() => {
    if (!settled && published && now.getTime() - Date.parse(published._updatedAt) < EXPECT_CHANGE_MS) poller.expectChange();
  }, [settled, published, now, poller]);
  return { state, now, snapshot };
}

export function createPublishBadge(poller: Poller): DocumentBadgeComponent {
  function PublishBadge(props: DocumentBadgeProps): DocumentBadgeDescription | null {
    const { state, now } = usePublishState(poller, props.published);
    const labels = useLabels(state?.state === 'failed' ? idsIn([state.build]) : []);
    if (!state) return null;
    return badgeText(state, now, labels);
  }
  return PublishBadge;
}
