// The image URL scheme of the site, shared by the pages that name images (src/lib/images.ts),
// the on-demand image service of the publish server and `astro dev` (server/images/) and the
// drafts preview: where originals and variants live, which formats and widths exist, which
// sources images may come from, and which request paths are image paths. netlify.toml's image
// rewrites follow the same scheme.
//
//   /_img/o/<sha1>.<ext>                            an original the build publishes
//   /_img/<fmt>/<width>/o/<sha1>.<ext>              a variant of such an original
//   /_img/<fmt>/<width>/<scheme>/<host>/<path>      a variant of an image on an allowed host

/** URL path under which originals and variants are served. */
export const IMAGE_ROUTE = '/_img/';
/** URL path of the originals a build publishes itself. */
export const ORIGINALS_ROUTE = '/_img/o/';

/** Output formats, named as Netlify Image CDN's `fm` parameter names them. */
export type VariantFormat = 'avif' | 'webp' | 'jpg';
export const VARIANT_FORMATS: readonly VariantFormat[] = ['avif', 'webp', 'jpg'];
export const VARIANT_MIME: Record<VariantFormat, string> = { avif: 'image/avif', webp: 'image/webp', jpg: 'image/jpeg' };

/**
 * Every width a page may ask for. The on-demand services make no other width (except an
 * original's own, when it is narrower than the widest request), so a visitor cannot fill the
 * cache with arbitrary sizes.
 */
export const IMAGE_WIDTHS = [200, 400, 800, 1200, 1600] as const;
export const DEFAULT_WIDTHS = [400, 800, 1200, 1600] as const;
/** Width of Open Graph images (or the original's, when narrower). */
export const OG_WIDTH = 1200;

/** Name of a published original: the start of its SHA-1 (80 bits, as unique as needed, short in HTML). */
export function siteOriginalName(sha1: string, extension: string): string {
  return `${sha1.slice(0, 20)}.${extension}`;
}
export const SITE_ORIGINAL_NAME = /^[0-9a-f]{20}\.[a-z0-9]{2,5}$/;

/**
 * Where the site's images may come from, as URL prefixes: this project's images on Sanity's CDN
 * (`https://cdn.sanity.io/images/<SANITY_PROJECT_ID>/<SANITY_DATASET>/`), the same path on the API
 * host of a local Content Lake (SANITY_API_HOST serves assets like Sanity's CDN), and every path
 * of the origins listed in KSP_IMAGE_HOSTS (comma-separated; hosts of the project's own). Never
 * another project's images, and never `/files/`: the on-demand services fetch from these only,
 * so they are no proxy for anyone else's assets. No Sanity project (the embedded dataset): only
 * KSP_IMAGE_HOSTS.
 */
/**
 * Netlify Image CDN's `remote_images` for these sources (allowedImageSources): regular expressions
 * a remote URL must match in full. Netlify's image service then makes variants of this project's
 * images only; a pattern for all of Sanity's CDN would let anyone have the site's image service
 * transform (and the city pay for) any other project's images.
 */
export function netlifyRemoteImages(sources: readonly string[]): string[] {
  return sources.map((source) => `^${source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*$`);
}

export function allowedImageSources(env: Record<string, string | undefined>): string[] {
  const sources: string[] = [];
  const add = (source: string) => {
    if (!sources.includes(source)) sources.push(source);
  };
  const origin = (value: string, variable: string): URL => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new Error(`${variable} must hold http(s) origins such as https://assets.example.org, got "${value}".`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${variable} must hold http(s) origins, got "${value}".`);
    return url;
  };
  const projectId = env.SANITY_PROJECT_ID?.trim();
  if (projectId) {
    const dataset = env.SANITY_DATASET?.trim() || 'production';
    // Ids and dataset names are checked where the content source is read (core/sanity/env.ts);
    // here a name that would change the path is refused as well.
    for (const [variable, name] of [['SANITY_PROJECT_ID', projectId], ['SANITY_DATASET', dataset]] as const) {
      if (!/^[\w-]+$/.test(name)) throw new Error(`${variable} "${name}" may hold letters, digits, "_" and "-" only.`);
    }
    const imagePath = `images/${projectId}/${dataset}/`;
    add(`https://cdn.sanity.io/${imagePath}`);
    const apiHost = env.SANITY_API_HOST?.trim();
    if (apiHost) add(`${origin(apiHost, 'SANITY_API_HOST').origin}/${imagePath}`);
  }
  for (const value of (env.KSP_IMAGE_HOSTS ?? '').split(',').map((v) => v.trim()).filter(Boolean)) add(`${origin(value, 'KSP_IMAGE_HOSTS').origin}/`);
  return sources;
}

/** A path segment of an image URL: URL characters, percent-escapes of anything but ".", "/", "\" and "%". */
const SEGMENT = /^(?:[\w.~:@+,-]|%[0-9A-Fa-f]{2})+$/;
function isPlainSegment(segment: string): boolean {
  if (!SEGMENT.test(segment)) return false;
  const decoded = decodeURIComponent(segment);
  // "." and ".." (also as %2e) move a URL out of its folder; an escaped "/", "\" or "%" hides one.
  return decoded !== '.' && decoded !== '..' && !/[/\\%]/.test(decoded);
}

/**
 * Whether `url` is an image of one of the allowed sources (allowedImageSources): an http(s) URL
 * without query or fragment whose every path segment is plain (no dot-segment, however encoded),
 * below one of the source prefixes.
 */
export function isAllowedImageUrl(url: string, sources: readonly string[]): boolean {
  if (!/^https?:\/\/[^/?#\\]+\/[^?#\\]*$/i.test(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const segments = url.slice(url.indexOf('/', url.indexOf('//') + 2) + 1).split('/');
  if (!segments.every(isPlainSegment)) return false;
  // The parsed form is what would be fetched: it must still be the URL that was checked.
  if (parsed.href !== url) return false;
  return sources.some((source) => url.startsWith(source));
}

/**
 * The image path a request path names, or undefined when it is none: below IMAGE_ROUTE, every
 * segment plain (isPlainSegment). The one gate between a request and whatever serves or forwards
 * `/_img/` (the drafts preview passes it on to the public site; a URL parser would resolve an
 * encoded dot-segment such as `%2e%2e` and leave `/_img/`).
 */
export function safeImagePath(requestPath: string): string | undefined {
  if (!requestPath.startsWith(IMAGE_ROUTE)) return undefined;
  const segments = requestPath.slice(IMAGE_ROUTE.length).split('/');
  return segments.every(isPlainSegment) ? requestPath : undefined;
}
