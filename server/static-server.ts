// A small static file server for a built site directory: used by `npm start`, the self-hosted
// publish server and the browser tests. The root is read per request through `getRoot`, so a
// caller can switch releases atomically by returning a new directory.
//
// It serves only what a static host would: files inside the root (no symlink leads out of it),
// no hidden files, and redirects only ever to a path on this site.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { sameSiteLocation } from '../core/http/redirect.ts';
import { createImageHandler, siteOriginalReader, type ImageHandlerOptions } from './images/image-handler.ts';
import {
  headersForPath,
  NETLIFY_DEFAULT_CACHE_CONTROL,
  notFoundPageFor,
  redirectForPath,
  type NetlifyRules,
} from '../core/publish/netlify-config.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

/**
 * Asset folders whose file names change with their content (Astro's bundles, CMS image variants,
 * Pagefind's index chunks). A page loaded before a release switch may still ask for the old names.
 */
export const HASHED_ASSET_PREFIXES = ['/_astro/', '/_img/', '/pagefind/'] as const;

export function isHashedAssetPath(urlPath: string): boolean {
  return HASHED_ASSET_PREFIXES.some((prefix) => urlPath.startsWith(prefix));
}

export interface StaticHandlerOptions {
  /** Directory of the site to serve, read on every request. */
  getRoot: () => string;
  /**
   * The not-found page for a path without a file (netlify.toml's status 404 rules); default:
   * the English 404 page under /en/, the German one elsewhere.
   */
  notFoundPage?: (urlPath: string) => string | undefined;
  /** Extra response headers for a URL path (security headers, caching). */
  headersFor?: (urlPath: string) => Record<string, string>;
  /**
   * A redirect for a URL path (netlify.toml's [[redirects]]); `hasFile` says whether the site has
   * a file there, for rules that a file shadows.
   */
  redirectFor?: (urlPath: string, hasFile: (urlPath: string) => Promise<boolean>) => Promise<{ status: number; location: string } | undefined>;
  /**
   * Skew protection: directories of earlier releases, newest first, that serve a hashed asset
   * (isHashedAssetPath) the current root lacks.
   */
  fallbackRoots?: () => readonly string[];
}

/**
 * The URL of a request target (origin-form "/path?query" or absolute-form), or undefined when it
 * is no valid URL or its path has malformed percent-encoding (e.g. "/de/%ff").
 */
export function parseRequestUrl(target: string | undefined): URL | undefined {
  try {
    // Prefixing the origin keeps "//host/path" a path: new URL("//host/path", base) would read
    // "host" as the authority.
    const url = target === undefined || target.startsWith('/') ? new URL(`http://localhost${target ?? '/'}`) : new URL(target);
    decodeURIComponent(url.pathname);
    return url;
  } catch {
    return undefined;
  }
}

/**
 * The decoded path segments of a URL path, or undefined when the path cannot name a file of the
 * site: malformed percent-encoding, a dot segment, an encoded "/", "\" or NUL inside a segment,
 * or a hidden file or folder (".git", ".env", ".staging-…"; Netlify does not deploy them either),
 * except the public "/.well-known/". Empty segments ("//") are skipped, as nginx's
 * merge_slashes does.
 */
export function pathSegments(urlPath: string): string[] | undefined {
  const segments: string[] = [];
  for (const raw of urlPath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (/[/\\\0]/.test(segment) || (segment.startsWith('.') && segment !== '.well-known')) return undefined;
    segments.push(segment);
  }
  return segments;
}

async function fileAt(candidate: string): Promise<{ file: string; size: number; mtime: Date } | undefined> {
  try {
    const info = await stat(candidate);
    if (info.isFile()) return { file: candidate, size: info.size, mtime: info.mtime };
  } catch {
    // not there: the caller tries the next candidate
  }
  return undefined;
}

/** Is `file`, with every symlink resolved, inside `root` (also resolved)? */
async function isInside(root: string, file: string): Promise<boolean> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    return realFile.startsWith(realRoot + path.sep);
  } catch {
    return false;
  }
}

/**
 * Finds the file for a URL path the way static hosts do: exact file, `/index.html`, `.html`.
 * A symlink that leads out of `root` counts as no file.
 */
export async function resolveFile(root: string, urlPath: string) {
  const segments = pathSegments(urlPath);
  if (!segments) return undefined;
  const base = path.join(root, ...segments);
  const candidates = urlPath.endsWith('/') ? [path.join(base, 'index.html')] : [base, path.join(base, 'index.html'), `${base}.html`];
  for (const candidate of candidates) {
    const found = await fileAt(candidate);
    if (found) return (await isInside(root, found.file)) ? found : undefined;
  }
  return undefined;
}

/** A file of the site named by its path below `root` (a not-found page), if inside `root`. */
async function siteFile(root: string, relative: string) {
  const found = await fileAt(path.join(root, relative));
  return found && (await isInside(root, found.file)) ? found : undefined;
}

function sendText(res: ServerResponse, status: number, headers: Record<string, string>, text: string) {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/** Answers a request target that is no valid URL (see parseRequestUrl). */
export function sendBadRequest(res: ServerResponse): void {
  sendText(res, 400, {}, 'Bad request: the address is not a valid URL (check its percent-encoding).\n');
}

/** Headers with Cache-Control replaced, whatever the case of the name in `headers`. */
function withCacheControl(headers: Record<string, string>, value: string): Record<string, string> {
  const result = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'cache-control'));
  result['Cache-Control'] = value;
  return result;
}

export function createStaticHandler({ getRoot, headersFor = () => ({}), notFoundPage = () => undefined, redirectFor, fallbackRoots = () => [] }: StaticHandlerOptions) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseRequestUrl(req.url);
    if (!url) return sendBadRequest(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, { Allow: 'GET, HEAD' }, 'Method not allowed');
      return;
    }
    const root = path.resolve(getRoot());
    const urlPath = url.pathname;
    const redirect = await redirectFor?.(urlPath, async (p) => (await resolveFile(root, p)) !== undefined);
    if (redirect) {
      const location = redirect.location.startsWith('/') ? sameSiteLocation(redirect.location) : redirect.location;
      res.writeHead(redirect.status, { ...headersFor(urlPath), Location: location + url.search });
      res.end();
      return;
    }
    let status = 200;
    let found = await resolveFile(root, urlPath);
    if (!found && isHashedAssetPath(urlPath)) {
      for (const earlier of fallbackRoots()) {
        found = await resolveFile(earlier, urlPath);
        if (found) break;
      }
    }
    // Like Netlify's pretty URLs: "/dienstleistungen" → "/dienstleistungen/", so relative links
    // and the canonical URL agree.
    if (found && !urlPath.endsWith('/') && path.basename(found.file) === 'index.html' && path.basename(urlPath) !== 'index.html') {
      res.writeHead(301, { ...headersFor(urlPath), Location: sameSiteLocation(`${urlPath}/`) + url.search });
      res.end();
      return;
    }
    if (!found) {
      status = 404;
      found = await siteFile(root, notFoundPage(urlPath) ?? (urlPath.startsWith('/en/') ? '/en/404.html' : '/404.html'));
      found ??= await siteFile(root, '404.html');
    }
    // A 404 under /_astro/ would otherwise carry "immutable" for a year: a browser or proxy would
    // keep the miss even after the file exists.
    const headers = status === 404 ? withCacheControl(headersFor(urlPath), NETLIFY_DEFAULT_CACHE_CONTROL) : { ...headersFor(urlPath) };
    if (!found) {
      sendText(res, 404, headers, 'Not found');
      return;
    }
    const etag = `"${found.size.toString(16)}-${found.mtime.getTime().toString(16)}"`;
    headers['Content-Type'] = contentTypes[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream';
    headers['Content-Length'] = String(found.size);
    headers.ETag = etag;
    if (status === 200 && req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // A release can be deleted while a slow client is still downloading from it: end the
    // response instead of crashing the process.
    const stream = createReadStream(found.file);
    stream.once('error', () => res.destroy());
    stream.pipe(res);
  };
}

/**
 * A static handler that sends the headers, redirects and not-found pages of netlify.toml's
 * `rules`, as Netlify does, and answers its image rewrites with variants made on demand
 * (server/images/image-handler.ts): the one used by `npm start`, the publish server and the tests.
 */
export function createNetlifyStaticHandler(
  getRoot: () => string,
  rules: NetlifyRules,
  fallbackRoots: (() => readonly string[]) | undefined,
  images: Pick<ImageHandlerOptions, 'cacheDir' | 'imageSources'> & Partial<Pick<ImageHandlerOptions, 'onEvent' | 'cacheMaxBytes'>>,
) {
  const serveFile = createStaticHandler({
    getRoot,
    fallbackRoots,
    headersFor: (urlPath) => headersForPath(rules, urlPath),
    notFoundPage: (urlPath) => notFoundPageFor(rules, urlPath),
    redirectFor: (urlPath, hasFile) => redirectForPath(rules, urlPath, hasFile),
  });
  const serveImage = createImageHandler({ rules, readSiteOriginal: siteOriginalReader(getRoot, fallbackRoots), ...images });
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!(await serveImage(req, res))) await serveFile(req, res);
  };
}
