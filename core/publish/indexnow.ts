// IndexNow (https://www.indexnow.org/documentation): after a release goes live, the addresses whose
// content changed since the previous live release are sent in one POST to an IndexNow endpoint,
// which shares them with the other search engines that take part (Bing, Yandex, Naver, Seznam, Yep).
// What changed comes from the two build manifests (core/publish/build-manifest.ts `pages`): pages
// added, pages removed, and pages whose `lastmod` moved, in both languages.
//
// The key is not a secret: IndexNow publishes it at /<key>.txt on the site itself (the build
// writes that file, src/integrations/indexnow-key.ts), which is how the endpoint checks that the
// sender owns the host. It is therefore not in core/secrets.ts.
//
// Runtime-neutral: the publish server (server/indexnow.ts) and the Netlify Function
// netlify/functions/deploy-succeeded.ts pass their own fetch, pause and retry budget.
import type { BuildManifest } from './build-manifest.ts';
export { isIndexNowReport, type IndexNowReport } from './indexnow-report.ts';
import { PublishConfigError } from './env.ts';
import { isLoopbackHost } from '../http/loopback.ts';

export const INDEXNOW_DEFAULT_ENDPOINT = 'https://api.indexnow.org/indexnow';
/** The most URLs IndexNow takes in one POST. */
export const INDEXNOW_MAX_URLS = 10_000;
const KEY_PATTERN = /^[a-zA-Z0-9-]{8,128}$/;

export interface IndexNowConfig {
  key: string;
  endpoint: URL;
}

type Env = Record<string, string | undefined>;

/** INDEXNOW_KEY alone (the build needs only the key for its key file); undefined when unset. */
export function readIndexNowKey(env: Env): string | undefined {
  const key = env.INDEXNOW_KEY?.trim();
  if (!key) return undefined;
  if (!KEY_PATTERN.test(key)) {
    throw new PublishConfigError(
      `INDEXNOW_KEY must be 8 to 128 characters of a-z, A-Z, 0-9 and "-" (IndexNow's rule; it becomes the file name /<key>.txt); the value set has ${key.length} characters${/[^a-zA-Z0-9-]/.test(key) ? ', some of them not allowed' : ''}. Generate one with \`openssl rand -hex 16\`, or leave it unset to send no IndexNow notices.`,
    );
  }
  return key;
}

/**
 * INDEXNOW_KEY and INDEXNOW_ENDPOINT; undefined (IndexNow off) when no key is set. The endpoint
 * must be https, or http on this machine (a test stub).
 */
export function readIndexNowConfig(env: Env): IndexNowConfig | undefined {
  const key = readIndexNowKey(env);
  if (!key) return undefined;
  const raw = env.INDEXNOW_ENDPOINT?.trim() || INDEXNOW_DEFAULT_ENDPOINT;
  let endpoint: URL;
  try {
    endpoint = new URL(raw);
  } catch {
    throw new PublishConfigError(`INDEXNOW_ENDPOINT "${raw}" is not a URL. Leave it unset for ${INDEXNOW_DEFAULT_ENDPOINT}.`);
  }
  if (endpoint.protocol !== 'https:' && !(endpoint.protocol === 'http:' && isLoopbackHost(endpoint.hostname))) {
    throw new PublishConfigError(`INDEXNOW_ENDPOINT must be an https URL (http only on this machine, for tests); got "${raw}". Leave it unset for ${INDEXNOW_DEFAULT_ENDPOINT}.`);
  }
  if (endpoint.username || endpoint.password) throw new PublishConfigError('INDEXNOW_ENDPOINT must not contain a user name or password.');
  return { key, endpoint };
}

/** What of a build manifest tells its pages apart. */
export type PageList = Pick<BuildManifest, 'site' | 'pages'>;

/** What changed between two live releases, as site-relative paths, sorted. */
export type PageChanges = { comparable: true; paths: string[] } | { comparable: false; reason: 'no-previous' | 'no-pages' | 'other-site' };

/**
 * Pages added, removed, or with a different `lastmod` (a page that gains or loses its date counts
 * too). Without a page list on either side, or for another site, nothing can be compared.
 */
export function changedPages(previous: PageList | undefined, next: PageList): PageChanges {
  if (!previous) return { comparable: false, reason: 'no-previous' };
  if (!previous.pages || !next.pages || !next.site || !previous.site) return { comparable: false, reason: 'no-pages' };
  if (new URL(previous.site).origin !== new URL(next.site).origin) return { comparable: false, reason: 'other-site' };
  const before = previous.pages;
  const after = next.pages;
  const paths = new Set<string>();
  for (const [path, lastmod] of Object.entries(after)) if (!Object.hasOwn(before, path) || before[path] !== lastmod) paths.add(path);
  for (const path of Object.keys(before)) if (!Object.hasOwn(after, path)) paths.add(path);
  return { comparable: true, paths: [...paths].sort() };
}

/**
 * A site on this machine (`npm start`'s http://localhost:4321) announced to a public endpoint
 * would only tell search engines of addresses they cannot reach: such notices are not sent.
 */
export function isLocalSiteForPublicEndpoint(config: IndexNowConfig, site: string): boolean {
  return isLoopbackHost(new URL(site).hostname, { subdomains: true }) && !isLoopbackHost(config.endpoint.hostname);
}

/** The JSON body of one IndexNow POST. */
export interface IndexNowBody {
  host: string;
  key: string;
  keyLocation: string;
  urlList: string[];
}

export function indexNowBodies(key: string, site: string, paths: readonly string[]): IndexNowBody[] {
  const origin = new URL(site);
  const urls = paths.map((path) => new URL(path, origin).href);
  const bodies: IndexNowBody[] = [];
  for (let start = 0; start < urls.length; start += INDEXNOW_MAX_URLS) {
    bodies.push({ host: origin.host, key, keyLocation: new URL(`/${key}.txt`, origin).href, urlList: urls.slice(start, start + INDEXNOW_MAX_URLS) });
  }
  return bodies;
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Pause before the second try; doubles for each further one. */
  baseDelayMs: number;
  /** The longest pause, also for a Retry-After the endpoint asks for. */
  maxDelayMs: number;
  /** How long one request may take. */
  timeoutMs: number;
}

export interface SubmitOptions {
  config: IndexNowConfig;
  site: string;
  paths: readonly string[];
  retry: RetryPolicy;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  log: (event: Record<string, unknown>) => void;
}

export type SubmitResult = { ok: true; urls: number; attempts: number } | { ok: false; urls: number; attempts: number; reason: string };

/** A pause that ends early when `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Retry-After in seconds or as a date; undefined when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Sends the changed addresses, 10,000 per POST. 429, 5xx and network errors are tried again after
 * pauses that double (or what Retry-After asks, at most `maxDelayMs`), `attempts` times in all;
 * any other answer is final. Never throws: a failed notice is logged and reported, the site stays live.
 */
export async function submitIndexNow({ config, site, paths, retry, fetch: fetchImpl = fetch, sleep = abortableSleep, signal, log }: SubmitOptions): Promise<SubmitResult> {
  let attempts = 0;
  for (const body of indexNowBodies(config.key, site, paths)) {
    let outcome: { ok: true } | { ok: false; retry: boolean; reason: string; waitMs?: number } = { ok: false, retry: false, reason: 'not sent' };
    for (let attempt = 1; attempt <= retry.attempts; attempt += 1) {
      if (signal?.aborted) return { ok: false, urls: paths.length, attempts, reason: 'stopped' };
      attempts += 1;
      try {
        const response = await fetchImpl(config.endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json; charset=utf-8' },
          body: JSON.stringify(body),
          signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(retry.timeoutMs)]) : AbortSignal.timeout(retry.timeoutMs),
        });
        await response.body?.cancel();
        // 200: received; 202: received, the key is being checked.
        if (response.ok) outcome = { ok: true };
        else {
          const again = response.status === 429 || response.status >= 500;
          outcome = { ok: false, retry: again, reason: `the endpoint answered ${response.status}`, waitMs: retryAfterMs(response.headers.get('retry-after'), Date.now()) };
        }
      } catch (error) {
        outcome = { ok: false, retry: true, reason: `the endpoint could not be reached (${error instanceof Error ? error.message : String(error)})` };
      }
      if (outcome.ok || !outcome.retry) break;
      if (attempt === retry.attempts) break;
      const pause = Math.min(outcome.waitMs ?? retry.baseDelayMs * 2 ** (attempt - 1), retry.maxDelayMs);
      log({ event: 'indexnow-retry', attempt, of: retry.attempts, reason: outcome.reason, pauseMs: pause });
      await sleep(pause, signal);
    }
    if (!outcome.ok) return { ok: false, urls: paths.length, attempts, reason: outcome.reason };
  }
  return { ok: true, urls: paths.length, attempts };
}
