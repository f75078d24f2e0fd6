// Netlify's deploy list as the build status API (core/publish/build-status.ts), for the optional Function
// netlify/functions/build-status.ts. Netlify marks a cancelled deploy as `error` with the message
// "Canceled build"; it is reported as cancelled, not as a failure (the site is unchanged and a
// newer deploy follows). Netlify's English error text is not passed on: the Studio says in
// German that the build failed and that the details are in Netlify's build log.
import { BUILD_HISTORY_LENGTH, BUILD_STATUS_VERSION, type BuildStatus, type StatusBuild } from '../../core/publish/build-status.ts';
import type { BuildTrigger } from '../../core/publish/build-trigger.ts';
import { decodeDeployTitle } from './deploy-title.ts';

/** The fields of Netlify's deploy object (GET /api/v1/sites/{site_id}/deploys) read here. */
export interface NetlifyDeploy {
  id: string;
  state: string;
  context?: string;
  title?: string | null;
  error_message?: string | null;
  created_at: string;
  updated_at?: string | null;
  published_at?: string | null;
  deploy_time?: number | null;
}

const QUEUED = new Set(['new', 'pending_review', 'accepted', 'enqueued']);
const FINISHED = new Set(['ready', 'error', 'rejected']);

/** Why a deploy ran, from its title (./deploy-title.ts); `other` for a deploy from Git or the UI. */
const triggerOf = (deploy: NetlifyDeploy): BuildTrigger => decodeDeployTitle(deploy.title) ?? { kind: 'other', documents: [] };

function toBuild(deploy: NetlifyDeploy): StatusBuild {
  const cancelled = deploy.state === 'error' && /cancel/i.test(deploy.error_message ?? '');
  const finished = FINISHED.has(deploy.state);
  const finishedAt = finished ? (deploy.published_at ?? deploy.updated_at ?? null) : null;
  return {
    id: deploy.id,
    trigger: triggerOf(deploy),
    startedAt: deploy.created_at,
    finishedAt,
    durationMs: typeof deploy.deploy_time === 'number' ? deploy.deploy_time * 1000 : finishedAt ? Date.parse(finishedAt) - Date.parse(deploy.created_at) : null,
    result: deploy.state === 'ready' ? 'success' : cancelled ? 'cancelled' : finished ? 'failed' : 'running',
    failure: finished && deploy.state !== 'ready' && !cancelled ? { kind: 'error', problems: [] } : null,
  };
}

/** The status from Netlify's deploy list (newest first, any contexts; only production counts). */
export function statusFromDeploys(deploys: readonly NetlifyDeploy[]): BuildStatus {
  const production = deploys.filter((deploy) => (deploy.context ?? 'production') === 'production');
  const builds = production.map(toBuild);
  const live = production.find((deploy) => deploy.state === 'ready' && deploy.published_at);
  // Netlify builds one deploy at a time per site; the oldest one in progress is the one building.
  const running = builds.filter((build) => build.result === 'running' && !QUEUED.has(production.find((d) => d.id === build.id)!.state)).at(-1) ?? null;
  const queued = production.filter((deploy) => QUEUED.has(deploy.state)).reverse();
  return {
    version: BUILD_STATUS_VERSION,
    source: 'netlify',
    live: live ? { id: live.id, finishedAt: live.published_at ?? null } : null,
    running,
    queue: queued.map((deploy) => ({ documents: triggerOf(deploy).documents, since: deploy.created_at })),
    builds: builds.filter((build) => build.result !== 'running').slice(0, BUILD_HISTORY_LENGTH),
  };
}
