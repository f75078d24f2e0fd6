// A small static file server for a built site directory: used by `npm start`, the self-hosted
// publish server and the browser tests. The root is read per request through `getRoot`, so a
// caller can switch releases atomically by returning a new directory.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { imageCacheDir } from '../../src/lib/images.ts';
import { createImageHandler, siteOriginalReader, type ImageHandlerOptions } from '../../src/lib/publish/image-handler.ts';
import { headersForPath, notFoundPageFor, type NetlifyRules } from '../../src/lib/publish/netlify-config.ts';

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

/** Finds the file for a URL path the way static hosts do: exact file, `/index.html`, `.html`. */
export async function resolveFile(root: string, urlPath: string) {
  const relative = path.normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, '');
  const base = path.join(root, relative);
  if (!base.startsWith(root)) return undefined;
  const candidates = urlPath.endsWith('/')
    ? [path.join(base, 'index.html')]
    : [base, path.join(base, 'index.html'), `${base}.html`];
  for (const candidate of candidates) {
    const found = await fileAt(candidate);
    if (found) return found;
  }
  return undefined;
}

export function createStaticHandler({ getRoot, headersFor = () => ({}), notFoundPage = () => undefined }: StaticHandlerOptions) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed');
      return;
    }
    const root = path.resolve(getRoot());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
      decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Bad request');
      return;
    }
    const urlPath = url.pathname;
    let status = 200;
    let found = await resolveFile(root, urlPath);
    // Like Netlify's pretty URLs: "/dienstleistungen" → "/dienstleistungen/", so relative links
    // and the canonical URL agree.
    if (found && !urlPath.endsWith('/') && path.basename(found.file) === 'index.html' && path.basename(urlPath) !== 'index.html') {
      res.writeHead(301, { ...headersFor(urlPath), Location: `${urlPath}/${url.search}` });
      res.end();
      return;
    }
    if (!found) {
      status = 404;
      found = await fileAt(path.join(root, notFoundPage(urlPath) ?? (urlPath.startsWith('/en/') ? '/en/404.html' : '/404.html')));
      found ??= await fileAt(path.join(root, '404.html'));
    }
    const headers: Record<string, string> = { ...headersFor(urlPath) };
    if (!found) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
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
 * A static handler that sends the headers and not-found pages of netlify.toml's `rules`, and
 * answers its image rewrites with variants made on demand (src/lib/publish/image-handler.ts).
 */
export function createNetlifyStaticHandler(getRoot: () => string, rules: NetlifyRules, images: Partial<ImageHandlerOptions> = {}) {
  const serveFile = createStaticHandler({
    getRoot,
    headersFor: (urlPath) => headersForPath(rules, urlPath),
    notFoundPage: (urlPath) => notFoundPageFor(rules, urlPath),
  });
  const serveImage = createImageHandler({ rules, cacheDir: imageCacheDir(), readSiteOriginal: siteOriginalReader(getRoot), ...images });
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!(await serveImage(req, res))) await serveFile(req, res);
  };
}
