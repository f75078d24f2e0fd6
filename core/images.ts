// The image URL scheme of the site, shared by the pages that name images (src/lib/images.ts),
// the on-demand image service of the publish server and `astro dev` (server/images/) and the
// drafts preview: where originals and variants live, which formats and widths exist, and which
// hosts images may come from. netlify.toml's image rewrites follow the same scheme.
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
 * Origins whose images the site may show: Sanity's CDN, the API host of a local Content Lake
 * (SANITY_API_HOST serves assets like Sanity's CDN), and any origins listed in KSP_IMAGE_HOSTS
 * (comma-separated). The on-demand services fetch from these origins only.
 */
export function allowedImageOrigins(env: Record<string, string | undefined>): string[] {
  const origins = ['https://cdn.sanity.io'];
  const add = (value: string, variable: string) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new Error(`${variable} must hold http(s) origins such as https://assets.example.org, got "${value}".`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${variable} must hold http(s) origins, got "${value}".`);
    if (!origins.includes(url.origin)) origins.push(url.origin);
  };
  if (env.SANITY_API_HOST?.trim()) add(env.SANITY_API_HOST.trim(), 'SANITY_API_HOST');
  for (const value of (env.KSP_IMAGE_HOSTS ?? '').split(',').map((v) => v.trim()).filter(Boolean)) add(value, 'KSP_IMAGE_HOSTS');
  return origins;
}
