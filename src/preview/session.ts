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

/**
 * How long a check of a secret is trusted before the Content Lake is asked again: a positive one
 * (access ends at most this long after Sanity's secret does), and a negative one (a browser or a
 * bot repeating a wrong cookie costs one query per this time, not one per request).
 */
export const RECHECK_MS = 10_000;
/** Secrets remembered per answer; the oldest is forgotten first, so junk cannot grow memory. */
const MAX_REMEMBERED = 1_000;

/**
 * What a secret of the Presentation tool can look like: @sanity/preview-url-secret makes 16 random
 * bytes into base64url (44 characters), or, without Web Crypto, a base-36 random number. Anything
 * else cannot be a secret, so it is refused without asking the Content Lake.
 */
export const isWellFormedSecret = (secret: string): boolean => /^[\w-]{8,128}$/.test(secret);

export interface Handshake {
  secret: string;
  perspective: ClientPerspective;
  /** Where to go after the handshake: a path on this server (never another host). */
  redirectTo: string;
}

/** The enable route: the Studio's secret checked with Sanity's own validation. */
export async function checkHandshake(client: SanityClient, url: URL): Promise<Handshake | undefined> {
  const secret = url.searchParams.get(urlSearchParamPreviewSecret);
  if (!secret || !isWellFormedSecret(secret)) return undefined;
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

/** A map of at most MAX_REMEMBERED entries that forgets its oldest entry first. */
function rememberBounded<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  if (map.size >= MAX_REMEMBERED) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

/**
 * Checks the secret of a cookie on every request. A malformed one is refused without a query;
 * an answer of the Content Lake is trusted for RECHECK_MS, a positive and a negative one alike,
 * and requests with the same secret share one query while it runs.
 */
export function createSessionCheck(client: SanityClient, now: () => number = Date.now) {
  const validUntil = new Map<string, number>();
  const invalidUntil = new Map<string, number>();
  const inFlight = new Map<string, Promise<boolean>>();

  async function ask(secret: string): Promise<boolean> {
    const probe = new URL(`http://preview.invalid/?${urlSearchParamPreviewSecret}=${encodeURIComponent(secret)}`);
    const valid = (await validatePreviewUrl(client, probe.toString())).isValid;
    if (valid) {
      invalidUntil.delete(secret);
      rememberBounded(validUntil, secret, now() + RECHECK_MS);
    } else {
      validUntil.delete(secret);
      rememberBounded(invalidUntil, secret, now() + RECHECK_MS);
    }
    return valid;
  }

  return async (secret: string | undefined): Promise<boolean> => {
    if (!secret || !isWellFormedSecret(secret)) return false;
    if ((validUntil.get(secret) ?? 0) > now()) return true;
    if ((invalidUntil.get(secret) ?? 0) > now()) return false;
    let answer = inFlight.get(secret);
    if (!answer) {
      answer = ask(secret).finally(() => inFlight.delete(secret));
      inFlight.set(secret, answer);
    }
    return answer;
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
