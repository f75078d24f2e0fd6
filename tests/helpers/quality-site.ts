// The built site as the quality gates see it: served on 127.0.0.1 with the production headers of
// netlify.toml (so the Content-Security-Policy applies exactly as on Netlify), the URLs the
// sitemap lists, and every HTML page of dist/ parsed once with a real HTML parser.
//
// KSP_DIST (read by every browser test) points the gates at another build, e.g. a private one in
// /tmp; the default is dist/, which `npm test` builds first.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parse, type HTMLElement } from 'node-html-parser';
import { resolveFile } from '../../server/static-server.ts';
import { parseImageTarget } from '../../server/images/image-cdn.ts';
import { imageRewriteTarget } from '../../server/images/image-handler.ts';
import { loadNetlifyRules } from '../../core/publish/netlify-config.ts';
import { serveDist, siteDirUnderTest } from './browser.ts';

export const root = path.resolve(import.meta.dirname, '..', '..');
const netlifyRules = loadNetlifyRules(path.join(root, 'netlify.toml'));

export function siteDir(): string {
  return siteDirUnderTest();
}

export interface ServedSite {
  /** Origin without trailing slash, e.g. http://127.0.0.1:40123 */
  origin: string;
  close(): Promise<void>;
}

/** Serves a built site with the headers netlify.toml sets for each path. */
export async function serveWithProductionHeaders(dir = siteDir()): Promise<ServedSite> {
  const site = await serveDist(dir);
  return { origin: site.url, close: site.close };
}

export interface SitemapEntry {
  /** URL as listed, on the canonical origin (SITE_URL at build time). */
  loc: string;
  path: string;
  /** hreflang → absolute URL, from <xhtml:link rel="alternate">. */
  alternates: Record<string, string>;
}

export interface Sitemap {
  /** The canonical origin the site was built for. */
  origin: string;
  entries: SitemapEntry[];
  /** Sitemap files read, relative to the site directory. */
  files: string[];
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['sitemap', 'url', 'xhtml:link'].includes(name) });

/** Reads sitemap-index.xml (what @astrojs/sitemap emits) or sitemap.xml and every sitemap it names. */
export async function readSitemap(dir = siteDir()): Promise<Sitemap> {
  const indexFile = path.join(dir, 'sitemap-index.xml');
  const files: string[] = [];
  let sitemapFiles: string[];
  try {
    const index = xml.parse(await readFile(indexFile, 'utf8')) as { sitemapindex?: { sitemap?: { loc: string }[] } };
    files.push('sitemap-index.xml');
    sitemapFiles = (index.sitemapindex?.sitemap ?? []).map((entry) => new URL(entry.loc).pathname.replace(/^\//, ''));
  } catch {
    sitemapFiles = ['sitemap.xml'];
  }
  const entries: SitemapEntry[] = [];
  for (const file of sitemapFiles) {
    let text: string;
    try {
      text = await readFile(path.join(dir, file), 'utf8');
    } catch {
      throw new Error(`The sitemap names ${file}, but ${path.join(dir, file)} does not exist. Run the build (npm run build) first.`);
    }
    files.push(file);
    const doc = xml.parse(text) as { urlset?: { url?: { loc: string; 'xhtml:link'?: { rel: string; hreflang: string; href: string }[] }[] } };
    for (const url of doc.urlset?.url ?? []) {
      const alternates: Record<string, string> = {};
      for (const link of url['xhtml:link'] ?? []) if (link.rel === 'alternate') alternates[link.hreflang] = link.href;
      entries.push({ loc: url.loc, path: new URL(url.loc).pathname, alternates });
    }
  }
  if (entries.length === 0) throw new Error(`No URLs in the sitemap of ${dir}. Is the site built (npm run build)?`);
  return { origin: new URL(entries[0]!.loc).origin, entries, files };
}

export interface Page {
  /** URL path as served, e.g. /dienstleistungen/reisepass-abholen/ or /404.html */
  path: string;
  file: string;
  html: string;
  doc: HTMLElement;
  lang: string | undefined;
  title: string | undefined;
  description: string | undefined;
  canonical: string | undefined;
  noindex: boolean;
  /** A client-side redirect page (Astro's redirects): not a real page. */
  redirect: boolean;
  is404: boolean;
  /** hreflang → absolute URL, from <link rel="alternate" hreflang>. */
  alternates: Record<string, string>;
  ids: Set<string>;
}

/** URL path of an HTML file in the site directory (directory format: …/index.html → …/). */
export function pathOfFile(dir: string, file: string): string {
  const relative = path.relative(dir, file).split(path.sep).join('/');
  if (relative === 'index.html') return '/';
  if (relative.endsWith('/index.html')) return `/${relative.slice(0, -'index.html'.length)}`;
  return `/${relative}`;
}

let cache: { dir: string; pages: Page[] } | undefined;

/** Every HTML page of the built site (Pagefind's own files excluded), parsed. */
export async function loadPages(dir = siteDir()): Promise<Page[]> {
  if (cache?.dir === dir) return cache.pages;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !path.relative(dir, file).startsWith(`pagefind${path.sep}`))
    .sort();
  const pages = await Promise.all(
    files.map(async (file): Promise<Page> => {
      const html = await readFile(file, 'utf8');
      const doc = parse(html, { comment: false });
      const meta = (name: string) => doc.querySelector(`meta[name="${name}"]`)?.getAttribute('content');
      const alternates: Record<string, string> = {};
      for (const link of doc.querySelectorAll('link[rel="alternate"][hreflang]')) alternates[link.getAttribute('hreflang')!] = link.getAttribute('href') ?? '';
      const ids = new Set<string>();
      for (const element of doc.querySelectorAll('[id]')) ids.add(element.id);
      for (const element of doc.querySelectorAll('a[name]')) ids.add(element.getAttribute('name')!);
      const pagePath = pathOfFile(dir, file);
      return {
        path: pagePath,
        file,
        html,
        doc,
        lang: doc.querySelector('html')?.getAttribute('lang') ?? undefined,
        title: doc.querySelector('head title')?.text.trim(),
        description: meta('description'),
        canonical: doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined,
        noindex: /noindex/i.test(meta('robots') ?? ''),
        redirect: doc.querySelector('meta[http-equiv="refresh" i]') !== null,
        is404: /(^|\/)404(\.html|\/)$/.test(pagePath),
        alternates,
        ids,
      };
    }),
  );
  cache = { dir, pages };
  return pages;
}

/** The page a site-relative URL path resolves to, the way the static host resolves it. */
export async function pageForPath(pages: Page[], urlPath: string, dir = siteDir()): Promise<Page | undefined> {
  const found = await resolveFile(dir, urlPath);
  return found ? pages.find((page) => page.file === found.file) : undefined;
}

/** Does a site-relative URL path resolve to a file (any type)? */
export async function fileExistsForPath(urlPath: string, dir = siteDir()): Promise<boolean> {
  // An image variant is made on request from an original (netlify.toml's image rewrites): it
  // resolves when its original is in the build (remote originals are not checked: no network).
  const rewrite = imageRewriteTarget(netlifyRules, urlPath);
  if (rewrite) {
    const { url } = parseImageTarget(rewrite);
    return !url.startsWith('/') || fileExistsForPath(url, dir);
  }
  try {
    return (await resolveFile(dir, urlPath)) !== undefined;
  } catch {
    return false;
  }
}
