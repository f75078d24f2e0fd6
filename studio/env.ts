// Project id and dataset of the Studio, read from the environment.
//
// The Sanity CLI loads this file for every command. Commands that never talk to the Content
// Lake (`sanity build`, `schema validate`, `schema extract`, `typegen generate`) must work in a
// fresh clone and in offline tests, so they fall back to OFFLINE_PROJECT_ID, a placeholder that
// matches no real project. Commands that need the real project (`sanity dev`, `deploy`, …)
// refuse to start without SANITY_STUDIO_PROJECT_ID instead (see sanity.cli.ts).

/** Placeholder used only where the CLI needs *some* id to work offline. Not a real project. */
export const OFFLINE_PROJECT_ID = 'ksp-offline';

export const DEFAULT_DATASET = 'production';

function clean(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}

// The bundler replaces `process.env.SANITY_STUDIO_*` in the browser build only when written out
// literally like this (a dynamic `process.env[name]` would be empty in the browser); the CLI
// reads the same expressions at runtime in Node.
export const configuredProjectId = clean(process.env.SANITY_STUDIO_PROJECT_ID);
export const projectId = configuredProjectId ?? OFFLINE_PROJECT_ID;
export const dataset = clean(process.env.SANITY_STUDIO_DATASET) ?? DEFAULT_DATASET;
export const isOfflinePlaceholder = configuredProjectId === undefined;

/** SANITY_STUDIO_API_HOST value for a Studio served by the API host itself (the local lake). */
export const SAME_ORIGIN_API_HOST = 'same-origin';

/**
 * Another API host than Sanity's, e.g. the local Content Lake of `npm start`. With
 * SAME_ORIGIN_API_HOST the host that serves the Studio answers the API too, so one build works
 * on any port; the CLI (no window) then falls back to Sanity's host.
 */
export function resolveApiHost(value: string | undefined, origin: string | undefined): string | undefined {
  const host = clean(value);
  if (host !== SAME_ORIGIN_API_HOST) return host;
  return origin;
}
export const apiHost = resolveApiHost(
  process.env.SANITY_STUDIO_API_HOST,
  typeof window === 'undefined' ? undefined : window.location.origin,
);

/** The preview server (drafts rendered by the site's own pages), shown in the Presentation tool. */
export const DEFAULT_PREVIEW_URL = 'http://localhost:4322';
export const previewUrl = clean(process.env.SANITY_STUDIO_PREVIEW_URL) ?? DEFAULT_PREVIEW_URL;
/**
 * Where the preview may be: its own address; with the local lake also any port of localhost,
 * so one Studio build previews a server on another port (`?preview=http://localhost:…/` in the
 * tool's address, as the tests do).
 */
export const previewOrigins = clean(process.env.SANITY_STUDIO_API_HOST) === SAME_ORIGIN_API_HOST ? [new URL(previewUrl).origin, 'http://localhost:*'] : [new URL(previewUrl).origin];

const LOGIN_METHODS = ['dual', 'cookie', 'token'] as const;
/**
 * How the Studio keeps its login: Sanity's default `dual` (cookie, else token), or `token` only,
 * which the local lake uses (its login hands the Studio a token, no cookies across hosts).
 */
export const loginMethod = LOGIN_METHODS.find((method) => method === clean(process.env.SANITY_STUDIO_LOGIN_METHOD));

export const missingProjectIdMessage = [
  'SANITY_STUDIO_PROJECT_ID fehlt. Das Studio braucht die Projekt-ID Ihres Sanity-Projekts.',
  '  Setzen Sie sie z. B. in studio/.env:  SANITY_STUDIO_PROJECT_ID=abc123xy',
  '  (die ID steht auf https://www.sanity.io/manage), optional SANITY_STUDIO_DATASET=production.',
  'SANITY_STUDIO_PROJECT_ID is missing. The Studio needs the id of your Sanity project.',
  '  Set it e.g. in studio/.env:  SANITY_STUDIO_PROJECT_ID=abc123xy',
  '  (find the id on https://www.sanity.io/manage), optionally SANITY_STUDIO_DATASET=production.',
].join('\n');

/**
 * The public site (publish server or Netlify), e.g. https://servicepoint.kassel.de: where the
 * Studio reads the build manifest and the build status for the publish badge and the tool
 * "Veröffentlichungen". Unset: the Studio shows no publish status.
 */
export const siteUrl = clean(process.env.SANITY_STUDIO_SITE_URL);

/**
 * Content Releases and scheduled drafts (the Releases tool, "Zur Veröffentlichung hinzufügen",
 * "Planen"): SANITY_STUDIO_RELEASES=on|off. Sanity offers them only on plans that include them;
 * a Studio that shows them to a project without them leads editors into errors and upgrade
 * offers. Unset: on with the local lake (same-origin API host), which implements them; off for a
 * Sanity project, until someone who knows its plan switches them on.
 */
export function resolveReleases(value: string | undefined, apiHostValue: string | undefined): boolean {
  const setting = clean(value)?.toLowerCase();
  if (setting === undefined) return clean(apiHostValue) === SAME_ORIGIN_API_HOST;
  if (setting === 'on' || setting === 'off') return setting === 'on';
  throw new Error(
    `SANITY_STUDIO_RELEASES ist „${String(value)}“, erlaubt sind on oder off (Veröffentlichungen und geplante Entwürfe im Studio an oder aus). ` +
      `SANITY_STUDIO_RELEASES is "${String(value)}"; use on or off.`,
  );
}
export const releasesEnabled = resolveReleases(process.env.SANITY_STUDIO_RELEASES, process.env.SANITY_STUDIO_API_HOST);
