// Answers netlify.toml's image rewrites (status 200 to /.netlify/images) the way Netlify Image
// CDN does, for the servers that are not Netlify: the publish server, `npm start`, the tests'
// site server and `astro dev`. Variants come from server/images/image-cdn.ts (made on first request,
// then served from disk); headers come from netlify.toml like every other response.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { createImageCdn, ImageCdnError, parseImageTarget, RETRY_AFTER_SECONDS, type ImageCdn, type ImageCdnOptions } from './image-cdn.ts';
import { isAllowedImageUrl, ORIGINALS_ROUTE, safeImagePath, VARIANT_MIME } from '../../core/images.ts';
import { headersForPath, type NetlifyRules } from '../../core/publish/netlify-config.ts';

/** The `/.netlify/images?…` target an image rewrite gives a URL path, or undefined. */
export function imageRewriteTarget(rules: NetlifyRules, urlPath: string): string | undefined {
  for (const rule of rules.redirects) {
    if (rule.status !== 200) continue;
    const match = rule.pattern.exec(urlPath);
    if (!match) continue;
    const groups = match.groups ?? {};
    // Values are encoded so that a path cannot add query parameters of its own.
    return rule.to.replace(/:(\w+)/g, (whole, name: string) => (name in groups ? encodeURIComponent(groups[name] ?? '') : whole));
  }
  return undefined;
}


/**
 * Reads originals the build published, from `<site root>/_img/o/` of the site being served, or
 * of an earlier release (skew protection: a page loaded before a release switch may name an
 * original the new release no longer has).
 */
export function siteOriginalReader(getRoot: () => string, fallbackRoots: () => readonly string[] = () => []): (name: string) => Promise<Buffer | undefined> {
  return async (name) => {
    for (const root of [getRoot(), ...fallbackRoots()]) {
      try {
        return await readFile(path.join(root, ORIGINALS_ROUTE, name));
      } catch {
        // not in this release: try the next one
      }
    }
    return undefined;
  };
}

export interface ImageHandlerOptions extends Pick<ImageCdnOptions, 'cacheMaxBytes' | 'maxOriginalBytes' | 'maxDownloads' | 'maxWaitingDownloads'> {
  rules: NetlifyRules;
  cacheDir: string;
  readSiteOriginal: (name: string) => Promise<Buffer | undefined>;
  /**
   * Where remote originals may come from (core/images.ts allowedImageSources: this project's
   * images on Sanity's CDN and SANITY_API_HOST, KSP_IMAGE_HOSTS). netlify.toml's remote_images
   * is Netlify's gate and not consulted: it names no project.
   */
  imageSources: readonly string[];
  /** Told about every variant encoded and every failure (the publish server logs them). */
  onEvent?: (event: { url: string; ms: number; encoded: boolean; status: number; error?: string }) => void;
}

/**
 * A request handler that answers image rewrites and returns true, or returns false for any
 * other path (the caller serves it as usual).
 */
export function createImageHandler({ rules, readSiteOriginal, imageSources, onEvent, ...options }: ImageHandlerOptions) {
  const cdn: ImageCdn = createImageCdn({ ...options, readSiteOriginal, isAllowedRemote: (url) => isAllowedImageUrl(url, imageSources) });
  return async function handleImage(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    let urlPath: string;
    try {
      urlPath = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      return false;
    }
    const imagePath = safeImagePath(urlPath);
    const target = imagePath && imageRewriteTarget(rules, imagePath);
    if (!target) return false;
    const headers = headersForPath(rules, urlPath);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed');
      return true;
    }
    const started = performance.now();
    try {
      const transform = parseImageTarget(target);
      const variant = await cdn.variant(transform);
      onEvent?.({ url: urlPath, ms: performance.now() - started, encoded: variant.encoded, status: 200 });
      const sent = { ...headers, 'Content-Type': VARIANT_MIME[transform.format], 'Content-Length': String(variant.size), ETag: variant.etag };
      if (req.headers['if-none-match'] === variant.etag) {
        res.writeHead(304, sent);
        res.end();
        return true;
      }
      res.writeHead(200, sent);
      if (req.method === 'HEAD') res.end();
      else {
        const stream = createReadStream(variant.file);
        stream.once('error', () => res.destroy());
        stream.pipe(res);
      }
    } catch (error) {
      const status = error instanceof ImageCdnError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      onEvent?.({ url: urlPath, ms: performance.now() - started, encoded: false, status, error: message });
      // Not cached: a missing original may be published by the next build.
      const retry: Record<string, string> = status === 503 ? { 'Retry-After': String(RETRY_AFTER_SECONDS) } : {};
      res.writeHead(status, { ...headers, ...retry, 'Cache-Control': 'no-store', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(status === 500 ? 'The image could not be made.\n' : `${message}\n`);
    }
    return true;
  };
}
