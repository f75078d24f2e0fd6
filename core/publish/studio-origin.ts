// Which browser origin may read the build manifest and the build status: the Studio's only.
// The deployed Studio lives at DEFAULT_STUDIO_ORIGIN (the hostname `sanity deploy` is given, see
// README; netlify.toml names the same origin for /build-manifest.json, and a test keeps the two
// equal). STUDIO_ORIGIN overrides it for the publish server and the Netlify Function, e.g.
// "http://localhost:3333" for a Studio on this machine.
import { PublishConfigError } from './env.ts';

export const STUDIO_HOST = 'ksp-kassel';
export const DEFAULT_STUDIO_ORIGIN = `https://${STUDIO_HOST}.sanity.studio`;
export const ALLOW_ORIGIN = 'Access-Control-Allow-Origin';

export function readStudioOrigin(env: Record<string, string | undefined>): string {
  const value = env.STUDIO_ORIGIN?.trim();
  if (!value) return DEFAULT_STUDIO_ORIGIN;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== value.replace(/\/$/, '')) {
    throw new PublishConfigError(
      `STUDIO_ORIGIN "${value}" is not an origin: write scheme, host and port only, e.g. ${DEFAULT_STUDIO_ORIGIN} or http://localhost:3333. Leave it unset for ${DEFAULT_STUDIO_ORIGIN}.`,
    );
  }
  return url.origin;
}

/**
 * CORS headers for a response to `requestOrigin`: allowed for the Studio's origin only, and
 * `Vary: Origin`, so a cache never hands one origin's answer to another.
 */
export function studioCorsHeaders(studioOrigin: string, requestOrigin: string | undefined): Record<string, string> {
  return requestOrigin === studioOrigin ? { [ALLOW_ORIGIN]: studioOrigin, Vary: 'Origin' } : { Vary: 'Origin' };
}
