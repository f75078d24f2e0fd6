// The preview server's settings, read from the environment on the first request: the one place
// of the drafts preview that reads process.env (the pages it renders read theirs through
// src/lib/build-config.ts). A missing or bad value answers every request with 500 and a log line
// that names the variable and the fix; the preview never falls back to showing anything without
// its Content Lake and token.
import { readSourceConfig, ConfigError, type SanityEnv } from '../../core/sanity/env.ts';
import { DEFAULT_DATASET_FILE, readPinnedNow } from '../lib/build-config.ts';
import { siteUrl } from '../lib/site-url.ts';

export const DEFAULT_STUDIO_URL = 'http://localhost:3333';

export interface PreviewConfig {
  /** The Content Lake the drafts come from, read with SANITY_PREVIEW_TOKEN. */
  sanity: SanityEnv & { token: string };
  /** The Studio's URL: the only page allowed to frame the preview, and where edit links go. */
  studioUrl: string;
  studioOrigin: string;
  /** The public site the preview takes CMS images from (SITE_URL); unset: the build's `site`. */
  publicSite: URL | undefined;
  /** KSP_BUILD_NOW: every request renders at this instant instead of its own (tests, screenshots). */
  pinnedNow: Date | undefined;
}

export function readPreviewConfig(env: Record<string, string | undefined> = process.env): PreviewConfig {
  const source = readSourceConfig(env, DEFAULT_DATASET_FILE);
  if (source.kind !== 'sanity') {
    throw new ConfigError(
      'The preview shows drafts from a Content Lake, but SANITY_PROJECT_ID is not set. Set SANITY_PROJECT_ID (and SANITY_DATASET) of the project the Studio edits; `npm start` sets them for the local lake.',
    );
  }
  const token = env.SANITY_PREVIEW_TOKEN?.trim();
  if (!token) {
    throw new ConfigError(
      'SANITY_PREVIEW_TOKEN is not set. Create a token with the Viewer role (sanity.io/manage → API → Tokens) and set it only on the preview server: it reads drafts and must never reach a browser.',
    );
  }
  const studioUrl = (env.SANITY_STUDIO_URL?.trim() || DEFAULT_STUDIO_URL).replace(/\/+$/, '');
  let studioOrigin: string;
  try {
    const url = new URL(studioUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
    studioOrigin = url.origin;
  } catch {
    throw new ConfigError(`SANITY_STUDIO_URL "${studioUrl}" is not an http(s) URL. Set it to the Studio's address, e.g. https://ksp.sanity.studio (default ${DEFAULT_STUDIO_URL}).`);
  }
  return {
    sanity: { ...source.sanity, token },
    studioUrl,
    studioOrigin,
    publicSite: env.SITE_URL?.trim() ? new URL(siteUrl(env)) : undefined,
    pinnedNow: readPinnedNow(env),
  };
}
