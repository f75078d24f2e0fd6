// Project-level endpoints the Studio calls on start-up besides documents: the project and its
// datasets, the editor's grants, per-user settings (key-value), telemetry consent, and Sanity's
// product messages (trial, announcements, upsell dialogs, help menu). The local lake answers
// each truthfully for a project on one machine: one dataset, one administrator, telemetry
// denied, no announcements, no trial, no legacy schedules (releases: releases.ts), no release limits.
import { LOCAL_GRANTS, LOCAL_USER } from './identity.ts';

export interface ProjectInfo {
  projectId: string;
  dataset: string;
  publicUrl: () => string;
}

/**
 * The plan features the Studio asks for (`/features`): only what the lake implements. Content
 * Releases and scheduled drafts (`singleDocRelease`), dev/lake/releases.ts; not comments, tasks,
 * cross-dataset references or the older Scheduled Publishing, which the Studio then leaves out.
 */
export const LAKE_FEATURES: readonly string[] = ['contentReleases', 'singleDocRelease'];

/** A JSON answer, or undefined when the path is not one of these endpoints. */
export type Answer = { status: number; body: unknown } | undefined;

const ok = (body: unknown): Answer => ({ status: 200, body });

export function createProjectApi({ projectId, dataset, publicUrl }: ProjectInfo) {
  /** Per-user settings the Studio keeps on the server (e.g. which announcements were seen). */
  const keyValues = new Map<string, unknown>();

  function project() {
    return {
      id: projectId,
      displayName: 'Kassel Service Point (lokal)',
      studioHost: null,
      isBlocked: false,
      isDisabled: false,
      isDisabledByUser: false,
      organizationId: null,
      metadata: { externalStudioHost: publicUrl() },
      members: [{ id: LOCAL_USER.id, role: LOCAL_USER.role, roles: LOCAL_USER.roles, isCurrentUser: true, isRobot: false }],
      features: [],
      pendingInvites: 0,
      createdAt: '2024-01-01T00:00:00Z',
    };
  }

  return {
    /** GET requests; `parts` is the path after /v<apiVersion>/ split at "/". */
    get(parts: string[], search: URLSearchParams): Answer {
      const [area, sub, name, extra, last] = parts;
      if (area === 'projects' && sub === projectId) {
        if (parts.length === 2) return ok(project());
        if (name === 'datasets' && parts.length === 3) {
          // The comments add-on asks for its own dataset (datasetProfile=comments): there is none.
          if (search.get('datasetProfile') === 'comments') return ok([]);
          return ok([
            {
              name: dataset,
              aclMode: 'public',
              createdAt: '2024-01-01T00:00:00Z',
              createdByUserId: LOCAL_USER.id,
              addonFor: null,
              datasetProfile: 'content',
              tags: [],
            },
          ]);
        }
        if (name === 'datasets' && extra === dataset && last === 'acl' && parts.length === 5) return ok(LOCAL_GRANTS);
        // Project grants (deploy the Studio, manage members) do not exist on one machine.
        if (name === 'grants' && parts.length === 3) return ok({});
        if (name === 'user-applications' && parts.length === 3) return ok([]);
        if (name === 'features' && parts.length === 3) return ok(LAKE_FEATURES);
        // Content Releases: one machine has no plan limits (the Studio asks before creating one).
        if (name === 'new-content-release-allowed' && parts.length === 3)
          return ok({ data: { datasetReleaseLimit: 1000, orgActiveReleaseLimit: null, orgActiveReleaseCount: 0, orgMeteredActiveReleaseCount: 0 } });
      }
      if (area === 'features' && parts.length === 1) return ok(LAKE_FEATURES);
      if (area === 'ping' && parts.length === 1) return ok({ ping: 'pong' });
      // The Studio's latency probe of the dataset (it reads only the answer's headers).
      if (area === 'data' && sub === 'ping' && name === dataset && parts.length === 3) return ok({ ping: 'pong' });
      if (area === 'intake' && sub === 'telemetry-status') return ok({ status: 'denied' });
      if (area === 'users' && sub === 'me' && name === 'keyvalue' && extra) {
        return ok(extra.split(',').map((key) => ({ key, value: keyValues.get(key) ?? null })));
      }
      if (area === 'help' && parts.length === 1) return ok({ resources: [] });
      if (area === 'journey') {
        if (sub === 'announcements') return ok([]);
        if (sub === 'trial') return ok({});
        // Upsell dialogs (scheduled drafts, releases, comments, limits): nothing to sell locally.
        return ok(null);
      }
      if (area === 'schedules' && sub === projectId && name === dataset && parts.length === 3) return ok({ schedules: [] });
      return undefined;
    },

    /**
     * POST /intake/batch: the Studio's telemetry. Consent is denied (see telemetry-status), so
     * nothing is kept and nothing leaves this machine.
     */
    post(parts: string[]): Answer {
      if (parts[0] === 'intake' && parts[1] === 'batch') return { status: 202, body: { discarded: true } };
      return undefined;
    },

    /** PUT /users/me/keyvalue with [{key, value}]. */
    putKeyValues(parts: string[], body: unknown): Answer {
      if (parts.join('/') !== 'users/me/keyvalue' || !Array.isArray(body)) return undefined;
      const pairs = body.filter((pair): pair is { key: string; value: unknown } => typeof pair?.key === 'string');
      for (const { key, value } of pairs) keyValues.set(key, value);
      return ok(pairs);
    },
  };
}
