// Access to the preview: only through the Studio's handshake. The Presentation tool stores a
// random secret in the Content Lake (a `sanity.previewUrlSecret` document, valid one hour) and
// opens the enable route with it; validatePreviewUrl checks it there. The browser then keeps
// the secret in an httpOnly cookie, and every request checks it again, so access ends when
// Sanity's secret expires or is deleted, never later than RECHECK_MS after.
import type { ClientPerspective, SanityClient } from '@sanity/client';
import { urlSearchParamPreviewSecret, validatePreviewUrl } from '@sanity/preview-url-secret';
import { SECRET_TTL } from '@sanity/preview-url-secret/constants';
import { isLoopbackHost } from '../../core/http/loopback.ts';
import { sameSiteLocation } from '../../core/http/redirect.ts';

export const PREVIEW_COOKIE = 'ksp-preview';
/** The perspective the Studio shows (drafts, published, or releases over drafts), per browser. */
export const PERSPECTIVE_COOKIE = 'ksp-preview-perspective';
export const ENABLE_PATH = '/preview/enable';
export const DISABLE_PATH = '/preview/disable';
export const PERSPECTIVE_PATH = '/preview/perspective';

/** How long a positive check of a secret is trusted before the Content Lake is asked again. */
export const RECHECK_MS = 10_000;
const MAX_REMEMBERED = 1_000;

export interface Handshake {
  secret: string;
  perspective: ClientPerspective;
  /** Where to go after the handshake: a path on this server (never another host). */
  redirectTo: string;
}

/** The enable route: the Studio's secret checked with Sanity's own validation. */
export async function checkHandshake(client: SanityClient, url: URL): Promise<Handshake | undefined> {
  const secret = url.searchParams.get(urlSearchParamPreviewSecret);
  if (!secret) return undefined;
  const result = await validatePreviewUrl(client, url.toString());
  if (!result.isValid) return undefined;
  // The library resolves the Studio's pathname with `new URL`, so "/.//evil.example" arrives as
  // "//evil.example": another host to a browser.
  return { secret, perspective: parsePerspective(result.studioPreviewPerspective), redirectTo: sameSiteLocation(result.redirectTo ?? '/') };
}

/**
 * A perspective as the Studio names it: `published`, `drafts`, or a stack of release names over
 * drafts ("rSpring,drafts"). Anything else is read as `drafts`, the preview's default.
 */
export function parsePerspective(value: string | null | undefined): ClientPerspective {
  const layers = (value ?? '').split(',').map((layer) => layer.trim()).filter(Boolean);
  if (layers.length === 0 || !layers.every((layer) => /^[\w-]{1,64}$/.test(layer))) return 'drafts';
  if (layers.length === 1 && (layers[0] === 'published' || layers[0] === 'drafts')) return layers[0];
  return layers;
}

export const perspectiveKey = (perspective: ClientPerspective): string => (Array.isArray(perspective) ? perspective.join(',') : String(perspective));

/** Checks the secret of a cookie on every request, trusting a positive answer for RECHECK_MS. */
export function createSessionCheck(client: SanityClient, now: () => number = Date.now) {
  const validUntil = new Map<string, number>();
  return async (secret: string | undefined): Promise<boolean> => {
    if (!secret) return false;
    const known = validUntil.get(secret);
    if (known !== undefined && known > now()) return true;
    const probe = new URL(`http://preview.invalid/?${urlSearchParamPreviewSecret}=${encodeURIComponent(secret)}`);
    const valid = (await validatePreviewUrl(client, probe.toString())).isValid;
    if (validUntil.size >= MAX_REMEMBERED) validUntil.clear();
    if (valid) validUntil.set(secret, now() + RECHECK_MS);
    else validUntil.delete(secret);
    return valid;
  };
}

/**
 * The session cookie. SameSite=None lets the Studio (another site in production) frame the
 * preview with it; browsers accept that only with Secure, which they honour on https and on the
 * loopback host. A plain-http preview elsewhere gets SameSite=Lax: it then works only when the
 * Studio is on the same site.
 */
export function sessionCookie(name: string, value: string, url: URL, maxAge: number = SECRET_TTL): string {
  const crossSite = url.protocol === 'https:' || isLoopbackHost(url.hostname) ? 'SameSite=None; Secure' : 'SameSite=Lax';
  return `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAge}; HttpOnly; ${crossSite}`;
}
