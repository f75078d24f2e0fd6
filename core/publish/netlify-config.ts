// Reads the [[headers]] and [[redirects]] of netlify.toml and applies them the way Netlify does,
// so the self-hosted publish server sends exactly the headers and redirects configured there.
//
// Path patterns follow Netlify's rules (as in @netlify/headers-parser): matching is
// case-insensitive and ignores one trailing slash; a segment `*` matches the rest of the path
// (including nothing), `*` inside a segment matches anything, `:name` matches one segment.
// All matching header rules apply in file order. Rewrites (status 200) are accepted only to
// Netlify Image CDN (/.netlify/images); the publish server answers them itself (image-handler.ts),
// allowing remote sources by `[images] remote_images` as Netlify does.
import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';

export interface HeaderRule {
  for: string;
  values: Record<string, string>;
  pattern: RegExp;
}

export interface RedirectRule {
  from: string;
  to: string;
  status: number;
  force: boolean;
  pattern: RegExp;
}

export interface NetlifyRules {
  headers: HeaderRule[];
  /** Redirects, not-found pages (status 404) and image rewrites (status 200 to /.netlify/images). */
  redirects: RedirectRule[];
  /** `[images] remote_images`: patterns a remote image URL must match in full. */
  remoteImages: RegExp[];
}

/** Netlify Image CDN's endpoint, the only target a rewrite (status 200) may have. */
export const IMAGE_CDN_PATH = '/.netlify/images';

/** What Netlify sends when no header rule sets Cache-Control. */
export const NETLIFY_DEFAULT_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export class NetlifyConfigError extends Error {
  override name = 'NetlifyConfigError';
}

function escapeRegExp(text: string): string {
  return text.replace(/[|\\{}()[\]^$+?.*]/g, '\\$&');
}

/** Turns a Netlify path pattern into a RegExp; a splat is captured as group `splat`. */
export function pathPattern(forPath: string): RegExp {
  let splatSeen = false;
  const parts = forPath
    .split('/')
    .map((part) => part.trimEnd())
    .filter(Boolean)
    .map((part) => {
      if (part.startsWith(':')) return `(?<${part.slice(1).replace(/\W/g, '_')}>[^/]+)`;
      if (part === '*') {
        if (splatSeen) return '?(?:.*)';
        splatSeen = true;
        return '?(?<splat>.*)';
      }
      if (part.includes('*')) return part.split('*').map(escapeRegExp).join('.*');
      return escapeRegExp(part);
    });
  return new RegExp(`^/${parts.join('/')}/?$`, 'iu');
}

function fail(file: string, message: string): never {
  throw new NetlifyConfigError(`${file}: ${message}`);
}

/** Parses netlify.toml text; errors name the file, the rule and how to fix it. */
export function parseNetlifyRules(text: string, file = 'netlify.toml'): NetlifyRules {
  let config: Record<string, unknown>;
  try {
    config = parse(text) as Record<string, unknown>;
  } catch (error) {
    fail(file, `is not valid TOML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const rawHeaders = config.headers ?? [];
  const rawRedirects = config.redirects ?? [];
  if (!Array.isArray(rawHeaders)) fail(file, 'headers must be an array of tables ([[headers]]).');
  if (!Array.isArray(rawRedirects)) fail(file, 'redirects must be an array of tables ([[redirects]]).');

  const headers = rawHeaders.map((rule: Record<string, unknown>, index): HeaderRule => {
    const where = `[[headers]] #${index + 1}`;
    if (typeof rule.for !== 'string' || !rule.for.startsWith('/')) fail(file, `${where} needs for = "/path" (starting with "/").`);
    if (typeof rule.values !== 'object' || rule.values === null) fail(file, `${where} (for = "${rule.for}") needs a [headers.values] table.`);
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(rule.values as Record<string, unknown>)) {
      if (typeof value !== 'string') fail(file, `${where}: header ${name} must be a string.`);
      // Netlify's treatment of multi-line values differs from plain HTTP; keep values on one line.
      if (/[\r\n]/.test(value)) fail(file, `${where}: header ${name} spans several lines; write it on one line.`);
      values[name] = value.trim();
    }
    return { for: rule.for, values, pattern: pathPattern(rule.for) };
  });

  const redirects = rawRedirects.map((rule: Record<string, unknown>, index): RedirectRule => {
    const where = `[[redirects]] #${index + 1}`;
    if (typeof rule.from !== 'string' || !rule.from.startsWith('/')) fail(file, `${where} needs from = "/path".`);
    if (typeof rule.to !== 'string' || rule.to === '') fail(file, `${where} (from = "${rule.from}") needs to = "/target".`);
    const status = rule.status ?? 301;
    if (status === 200 && !rule.to.startsWith(`${IMAGE_CDN_PATH}?`)) {
      fail(file, `${where} (from = "${rule.from}"): a rewrite (status 200) is supported only to ${IMAGE_CDN_PATH}?url=…; use a redirect status instead.`);
    }
    if (typeof status !== 'number' || !(REDIRECT_STATUSES.has(status) || status === 404 || status === 200)) {
      fail(file, `${where} (from = "${rule.from}"): status ${String(status)} is not supported by the publish server; use 301, 302, 303, 307 or 308, 404 for a custom not-found page, or 200 for an image rewrite.`);
    }
    return { from: rule.from, to: rule.to, status, force: rule.force === true, pattern: pathPattern(rule.from) };
  });

  const images = (config.images ?? {}) as Record<string, unknown>;
  const rawRemote = images.remote_images ?? [];
  if (!Array.isArray(rawRemote) || rawRemote.some((pattern) => typeof pattern !== 'string')) fail(file, '[images] remote_images must be a list of regular expressions as strings.');
  const remoteImages = (rawRemote as string[]).map((pattern) => {
    try {
      return new RegExp(`^(?:${pattern})$`);
    } catch (error) {
      fail(file, `[images] remote_images: "${pattern}" is not a valid regular expression (${(error as Error).message}).`);
    }
  });

  return { headers, redirects, remoteImages };
}

export function loadNetlifyRules(file: string): NetlifyRules {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new NetlifyConfigError(`${file} could not be read. The publish server takes its headers and redirects from netlify.toml at the repository root.`);
  }
  return parseNetlifyRules(text, file);
}

/** The headers for a URL path: every matching rule in order, later values overriding earlier. */
export function headersForPath(rules: NetlifyRules, urlPath: string): Record<string, string> {
  const result: Record<string, string> = {};
  const names = new Map<string, string>();
  for (const rule of rules.headers) {
    if (!rule.pattern.test(urlPath)) continue;
    for (const [name, value] of Object.entries(rule.values)) {
      const key = name.toLowerCase();
      const previous = names.get(key);
      if (previous !== undefined) delete result[previous];
      names.set(key, name);
      result[name] = value;
    }
  }
  if (!names.has('cache-control')) result['Cache-Control'] = NETLIFY_DEFAULT_CACHE_CONTROL;
  return result;
}

/**
 * The redirect for a URL path, if any. `fileExists` implements Netlify's shadowing: a rule without
 * `force` applies only when no file is served at that path.
 */
export async function redirectForPath(
  rules: NetlifyRules,
  urlPath: string,
  fileExists: (urlPath: string) => Promise<boolean>,
): Promise<{ status: number; location: string } | undefined> {
  for (const rule of rules.redirects) {
    // Status 404 rules name a not-found page (see notFoundPageFor); image rewrites (200) are
    // answered by the image handler. Neither redirects.
    if (rule.status === 404 || rule.status === 200) continue;
    const match = rule.pattern.exec(urlPath);
    if (!match) continue;
    if (!rule.force && (await fileExists(urlPath))) continue;
    const groups = match.groups ?? {};
    const location = rule.to.replace(/:(\w+)/g, (whole, name: string) => (name in groups ? (groups[name] ?? '') : whole));
    return { status: rule.status, location: location.startsWith('/') ? location.replace(/\/{2,}/g, '/') : location };
  }
  return undefined;
}

/** The custom not-found page (a status 404 rule's `to`) for a URL path that has no file. */
export function notFoundPageFor(rules: NetlifyRules, urlPath: string): string | undefined {
  return rules.redirects.find((rule) => rule.status === 404 && rule.pattern.test(urlPath))?.to;
}
