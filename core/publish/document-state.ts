// Whether the published revision of one document is live, on its way, or failed: the logic of
// the Studio's publish badge. Pure: the live build manifest and the build status come in (the
// status may be missing: Netlify without NETLIFY_API_TOKEN), `now` too.
//
// A build is matched to the document by the webhook's `_id` and `_rev` in its trigger; failing
// that (Netlify without a title, a revision published while the receiver was down) by time:
// a build that started after the publish saw it.
import type { Problem } from '../content/problem.ts';
import type { BuildManifest } from './build-manifest.ts';
import type { BuildStatus, StatusBuild } from './build-status.ts';

export interface PublishedRevision {
  id: string;
  rev: string;
  /** `_updatedAt` of the published document: when this revision was published. */
  publishedAt: string;
}

export type DocumentPublishState =
  | { state: 'live'; buildId: string; finishedAt: string | null }
  /** Waiting for the next build: `position` 1 is the build after the running one. */
  | { state: 'queued'; position: number; since: string }
  | { state: 'building'; since: string }
  /** Built, but the live manifest does not show it yet (the switch or the CDN is behind). */
  | { state: 'deploying'; since: string }
  /** Published, no build known to have taken it yet (or no build status available). */
  | { state: 'waiting'; since: string }
  | { state: 'failed'; build: StatusBuild; problems: Problem[]; otherProblems: Problem[] };

const takes = (build: { trigger: { documents: readonly { _id: string; _rev?: string }[] } }, doc: PublishedRevision) =>
  build.trigger.documents.some((trigger) => trigger._id === doc.id && trigger._rev === doc.rev);

function failed(build: StatusBuild, doc: PublishedRevision): DocumentPublishState {
  const problems = build.failure?.problems ?? [];
  return { state: 'failed', build, problems: problems.filter((p) => p.id === doc.id), otherProblems: problems.filter((p) => p.id !== doc.id) };
}

export function documentPublishState(doc: PublishedRevision, manifest: BuildManifest | undefined, status: BuildStatus | undefined): DocumentPublishState {
  if (manifest?.revisions[doc.id] === doc.rev) return { state: 'live', buildId: manifest.buildId, finishedAt: manifest.finishedAt };
  if (!status) return { state: 'waiting', since: doc.publishedAt };

  const queueIndex = status.queue.findIndex((entry) => takes({ trigger: entry }, doc));
  if (queueIndex >= 0) return { state: 'queued', position: queueIndex + 1, since: status.queue[queueIndex]!.since };
  if (status.running && takes(status.running, doc)) return { state: 'building', since: status.running.startedAt };

  // The builds that saw this revision, newest first: the one its webhook started and every newer
  // one; without a trigger match, those that started after the publish.
  const published = Date.parse(doc.publishedAt);
  const byTrigger = status.builds.findIndex((build) => takes(build, doc));
  const sawIt = (build: { startedAt: string }, index: number) => (byTrigger >= 0 ? index <= byTrigger : Date.parse(build.startedAt) >= published);
  if (status.running && (byTrigger >= 0 || Date.parse(status.running.startedAt) >= published)) return { state: 'building', since: status.running.startedAt };
  // A cancelled build says nothing about the content: the next one decides.
  const newest = status.builds.filter(sawIt).find((build) => build.result !== 'cancelled');
  if (newest?.result === 'failed') return failed(newest, doc);
  if (newest?.result === 'success') return { state: 'deploying', since: newest.finishedAt ?? newest.startedAt };
  return { state: 'waiting', since: doc.publishedAt };
}
