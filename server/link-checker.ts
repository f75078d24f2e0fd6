// The external link check of the publish server (issue 27, part 4). After a release goes live, its
// external links (LINK_LIST_FILE, written by the build) are checked politely and never on the
// publish's path: HEAD first (GET when a server answers 405 or 501), a deadline per request, at
// most `perHost` requests at once to one host and `spacingMs` between their starts, at most
// `concurrency` in all, and a User-Agent that names the site. Each result is kept for a day in the
// state directory, so no address is asked more than once a day however often editors publish.
// The report (core/links.ts LinkReport) goes to the Studio with the build status API.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import path from 'node:path';
import { LINK_LIST_FILE, type LinkList, type LinkReport, type LinkResult } from '../core/links.ts';
import { writeFileAtomic } from '../core/write-atomic.ts';

export interface LinkCheckSettings {
  /** Where results are kept between runs and restarts (link-check/results.json in the state dir). */
  cacheFile: string;
  userAgent: string;
  timeoutMs: number;
  perHost: number;
  spacingMs: number;
  concurrency: number;
  /** How long a result stands before the address is asked again (a day). */
  maxAgeMs: number;
  maxRedirects: number;
  /** Loopback and private addresses are refused unless set (tests use 127.0.0.1). */
  allowPrivateAddresses: boolean;
  /** Only these hosts (`host:port`) are asked, the rest left unchecked; tests set it so no check leaves the machine. */
  onlyHosts?: readonly string[] | undefined;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export function defaultLinkCheckSettings(cacheFile: string, siteUrl: string): LinkCheckSettings {
  return {
    cacheFile,
    userAgent: `KSP-Linkpruefung/1.0 (Kassel Service Point website link check; +${siteUrl})`,
    timeoutMs: 10_000,
    perHost: 2,
    spacingMs: 1000,
    concurrency: 8,
    maxAgeMs: DAY_MS,
    maxRedirects: 5,
    allowPrivateAddresses: false,
  };
}

/** Loopback, private, link-local and unspecified addresses (IPv4, IPv6 and IPv4-mapped). */
export function isPrivateAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) {
    const [a = 0, b = 0] = v4.split('.').map(Number);
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  const v6 = address.toLowerCase();
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6);
}

class Blocked extends Error {}

type Answer = { status: number; location?: string | undefined } | { error: NonNullable<LinkResult['error']> };

/** One request; only the status line and headers are read. */
function request(url: URL, method: 'HEAD' | 'GET', settings: LinkCheckSettings): Promise<Answer> {
  return new Promise((resolve) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!settings.allowPrivateAddresses && (host === 'localhost' || (isIP(host) !== 0 && isPrivateAddress(host)))) {
      resolve({ error: 'blocked' });
      return;
    }
    // A name that resolves to an internal address is refused as well (checked on the address used).
    const lookup = (hostname: string, options: object, callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void) => {
      dnsLookup(hostname, { ...options, all: false }, (error, address, family) => {
        if (!error && !settings.allowPrivateAddresses && isPrivateAddress(address)) callback(new Blocked('blocked'), address, family);
        else callback(error, address, family);
      });
    };
    const lib = url.protocol === 'https:' ? https : http;
    let settled = false;
    const finish = (answer: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(answer);
    };
    const req = lib.request(url, { method, agent: false, lookup, headers: { 'User-Agent': settings.userAgent, Accept: '*/*' } }, (res) => {
      finish({ status: res.statusCode ?? 0, location: res.headers.location });
      res.destroy();
    });
    const deadline = setTimeout(() => {
      finish({ error: 'timeout' });
      req.destroy();
    }, settings.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof Blocked) return finish({ error: 'blocked' });
      if (/CERT|SSL|TLS|SELF_SIGNED/i.test(error.code ?? '')) return finish({ error: 'tls' });
      finish({ error: 'unreachable' });
    });
    req.end();
  });
}

/** HEAD (GET on 405/501), following redirects; the outcome of the final answer. */
export async function checkUrl(href: string, settings: LinkCheckSettings, now: () => Date = () => new Date()): Promise<LinkResult> {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { outcome: 'broken', error: 'invalid', checkedAt: now().toISOString() };
  }
  for (let hop = 0; hop <= settings.maxRedirects; hop += 1) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { outcome: 'broken', error: 'invalid', checkedAt: now().toISOString() };
    if (settings.onlyHosts && !settings.onlyHosts.includes(url.host)) return { outcome: 'unchecked', error: 'blocked', checkedAt: now().toISOString() };
    let answer = await request(url, 'HEAD', settings);
    if ('status' in answer && (answer.status === 405 || answer.status === 501)) answer = await request(url, 'GET', settings);
    const checkedAt = now().toISOString();
    if ('error' in answer) return { outcome: answer.error === 'blocked' ? 'unchecked' : 'broken', error: answer.error, checkedAt };
    const { status, location } = answer;
    if (status >= 300 && status < 400 && location) {
      try {
        url = new URL(location, url);
      } catch {
        return { outcome: 'broken', status, error: 'invalid', checkedAt };
      }
      continue;
    }
    if (status === 429) return { outcome: 'unchecked', status, checkedAt };
    return { outcome: status >= 400 ? 'broken' : 'ok', status, checkedAt };
  }
  return { outcome: 'broken', error: 'redirects', checkedAt: now().toISOString() };
}

interface Cache {
  version: 1;
  results: Record<string, LinkResult>;
}

async function readCache(file: string): Promise<Cache> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Cache;
    if (value?.version === 1 && value.results && typeof value.results === 'object') return value;
  } catch {
    // missing or unreadable: start afresh (a result is only a day's saving)
  }
  return { version: 1, results: {} };
}

/** Checks `urls` within the limits; a result younger than maxAgeMs is taken from the cache. */
export async function checkUrls(
  urls: readonly string[],
  settings: LinkCheckSettings,
  now: () => Date = () => new Date(),
  stopped: () => boolean = () => false,
): Promise<{ results: Map<string, LinkResult>; checkedNow: number }> {
  const cache = await readCache(settings.cacheFile);
  const results = new Map<string, LinkResult>();
  const due: string[] = [];
  for (const url of new Set(urls)) {
    const cached = cache.results[url];
    // "unchecked" (429, blocked) is not kept for a day: a busy server is asked again next time.
    if (cached && cached.outcome !== 'unchecked' && now().getTime() - Date.parse(cached.checkedAt) < settings.maxAgeMs) results.set(url, cached);
    else due.push(url);
  }
  const byHost = new Map<string, string[]>();
  for (const url of due) {
    let host = '';
    try {
      host = new URL(url).host;
    } catch {
      // an invalid address is answered without a request
    }
    byHost.set(host, [...(byHost.get(host) ?? []), url]);
  }
  // The overall limit: a slot is taken before each request and given back after it.
  let active = 0;
  const waiting: (() => void)[] = [];
  const take = async () => {
    while (active >= settings.concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
  };
  const give = () => {
    active -= 1;
    waiting.shift()?.();
  };
  await Promise.all(
    [...byHost.values()].map(async (hostUrls) => {
      let next = 0;
      let nextStart = 0;
      const worker = async () => {
        while (next < hostUrls.length && !stopped()) {
          const url = hostUrls[next++]!;
          // Starts to one host are spaced; the slot is reserved before waiting, so workers queue up.
          const startAt = Math.max(Date.now(), nextStart);
          nextStart = startAt + settings.spacingMs;
          if (startAt > Date.now()) await new Promise((resolve) => setTimeout(resolve, startAt - Date.now()));
          await take();
          try {
            results.set(url, await checkUrl(url, settings, now));
          } finally {
            give();
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(settings.perHost, hostUrls.length) }, worker));
    }),
  );
  // A server that stops writes nothing more into its state directory.
  if (stopped()) return { results, checkedNow: due.length };
  // Keep what is fresh, including addresses of older releases (a rollback), and forget the rest.
  const kept: Record<string, LinkResult> = {};
  for (const [url, result] of Object.entries(cache.results)) if (now().getTime() - Date.parse(result.checkedAt) < settings.maxAgeMs) kept[url] = result;
  for (const [url, result] of results) kept[url] = result;
  await writeFileAtomic(settings.cacheFile, JSON.stringify({ version: 1, results: kept } satisfies Cache));
  return { results, checkedNow: due.length };
}

/** Reads the external links a release lists; an empty list for a release built without one. */
export async function readLinkList(releaseDir: string): Promise<LinkList> {
  try {
    const value = JSON.parse(await readFile(path.join(releaseDir, LINK_LIST_FILE), 'utf8')) as LinkList;
    if (value?.version === 1 && Array.isArray(value.external)) return value;
  } catch {
    // an older release: nothing to check
  }
  return { version: 1, external: [] };
}

/**
 * The checker of the publish server: `releaseLive` after every switch (and at start); one run at a
 * time, and a release that went live during a run is checked right after it (only the newest).
 */
export function createLinkChecker(settings: LinkCheckSettings, log: (entry: Record<string, unknown>) => void, now: () => Date = () => new Date()) {
  let report: LinkReport = { release: null, state: 'done', startedAt: null, finishedAt: null, total: 0, checkedNow: 0, broken: [] };
  let running: Promise<void> | undefined;
  let pending: { id: string; dir: string } | undefined;
  let stopped = false;

  async function run(id: string, dir: string): Promise<void> {
    const list = await readLinkList(dir);
    report = { ...report, release: id, state: 'checking', startedAt: now().toISOString(), finishedAt: null, total: list.external.length };
    const { results, checkedNow } = await checkUrls(
      list.external.map((link) => link.url),
      settings,
      now,
      () => stopped,
    );
    if (stopped) return;
    const broken = list.external.flatMap((link) => {
      const result = results.get(link.url);
      return result?.outcome === 'broken' ? [{ ...link, result }] : [];
    });
    report = { release: id, state: 'done', startedAt: report.startedAt, finishedAt: now().toISOString(), total: list.external.length, checkedNow, broken };
    log({ event: 'links-checked', release: id, links: list.external.length, checkedNow, broken: broken.length });
  }

  function drain(): void {
    if (running || !pending || stopped) return;
    const { id, dir } = pending;
    pending = undefined;
    running = run(id, dir)
      .catch((error: unknown) => {
        report = { ...report, state: 'done', finishedAt: now().toISOString() };
        log({ event: 'links-check-failed', release: id, error: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => {
        running = undefined;
        drain();
      });
  }

  return {
    /** A release went live: check its external links in the background. */
    releaseLive(id: string, dir: string): void {
      pending = { id, dir };
      drain();
    },
    report: (): LinkReport => structuredClone(report),
    /** Asks nothing more (requests under way end within their deadline) and writes nothing more. */
    async stop(): Promise<void> {
      stopped = true;
      pending = undefined;
      await running;
    },
    /** Resolves when nothing is being checked or waiting (tests, shutdown). */
    async idle(): Promise<void> {
      while (running) await running;
    },
  };
}

export type LinkChecker = ReturnType<typeof createLinkChecker>;
