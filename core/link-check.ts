// The polite external link check (issue 27, part 4), shared by the publish server
// (server/link-checker.ts, results kept in a file of its state directory) and Netlify (the background
// function netlify/functions/link-check-background.ts, results kept in Netlify Blobs): HEAD first
// (GET when a server answers 405 or 501), a deadline per request, at most `perHost` requests at once
// to one host and `spacingMs` between their starts, at most `concurrency` in all, a User-Agent that
// names the site, and a result kept for a day, so no address is asked more than once a day however
// often editors publish. Where the results are kept is the caller's (LinkResultStore).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { LinkList, LinkReport, LinkResult } from './links.ts';

export interface LinkCheckPolicy {
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

/** Where results are kept between runs: `load` gives what was stored (empty when nothing or unreadable). */
export interface LinkResultStore {
  load(): Promise<Record<string, LinkResult>>;
  save(results: Record<string, LinkResult>): Promise<void>;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export function defaultLinkCheckPolicy(siteUrl: string): LinkCheckPolicy {
  return {
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
function request(url: URL, method: 'HEAD' | 'GET', policy: LinkCheckPolicy): Promise<Answer> {
  return new Promise((resolve) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!policy.allowPrivateAddresses && (host === 'localhost' || (isIP(host) !== 0 && isPrivateAddress(host)))) {
      resolve({ error: 'blocked' });
      return;
    }
    // A name that resolves to an internal address is refused as well (checked on the address used).
    const lookup = (hostname: string, options: object, callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void) => {
      dnsLookup(hostname, { ...options, all: false }, (error, address, family) => {
        if (!error && !policy.allowPrivateAddresses && isPrivateAddress(address)) callback(new Blocked('blocked'), address, family);
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
    const req = lib.request(url, { method, agent: false, lookup, headers: { 'User-Agent': policy.userAgent, Accept: '*/*' } }, (res) => {
      finish({ status: res.statusCode ?? 0, location: res.headers.location });
      res.destroy();
    });
    const deadline = setTimeout(() => {
      finish({ error: 'timeout' });
      req.destroy();
    }, policy.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof Blocked) return finish({ error: 'blocked' });
      if (/CERT|SSL|TLS|SELF_SIGNED/i.test(error.code ?? '')) return finish({ error: 'tls' });
      finish({ error: 'unreachable' });
    });
    req.end();
  });
}

/** HEAD (GET on 405/501), following redirects; the outcome of the final answer. */
export async function checkUrl(href: string, policy: LinkCheckPolicy, now: () => Date = () => new Date()): Promise<LinkResult> {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { outcome: 'broken', error: 'invalid', checkedAt: now().toISOString() };
  }
  for (let hop = 0; hop <= policy.maxRedirects; hop += 1) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { outcome: 'broken', error: 'invalid', checkedAt: now().toISOString() };
    if (policy.onlyHosts && !policy.onlyHosts.includes(url.host)) return { outcome: 'unchecked', error: 'blocked', checkedAt: now().toISOString() };
    let answer = await request(url, 'HEAD', policy);
    if ('status' in answer && (answer.status === 405 || answer.status === 501)) answer = await request(url, 'GET', policy);
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

/** Whether a stored result still stands: younger than maxAgeMs and not "unchecked" (429, blocked: asked again next time). */
export function isFresh(result: LinkResult | undefined, now: Date, maxAgeMs: number): result is LinkResult {
  return result !== undefined && result.outcome !== 'unchecked' && now.getTime() - Date.parse(result.checkedAt) < maxAgeMs;
}

export interface CheckUrlsOptions {
  now?: () => Date;
  /** The run is abandoned: nothing more is asked and nothing is saved (a server shutting down). */
  stopped?: () => boolean;
  /** No request starts after this time (ms since the epoch); what was checked is saved (a function's time limit). */
  startBefore?: number;
}

/**
 * Checks `urls` within the policy's limits; a fresh stored result is taken instead of a request.
 * `checkedNow` counts the addresses asked in this run; an address not reached before `startBefore`
 * has no result.
 */
export async function checkUrls(
  urls: readonly string[],
  policy: LinkCheckPolicy,
  store: LinkResultStore,
  { now = () => new Date(), stopped = () => false, startBefore = Infinity }: CheckUrlsOptions = {},
): Promise<{ results: Map<string, LinkResult>; checkedNow: number }> {
  const stored = await store.load();
  const results = new Map<string, LinkResult>();
  const due: string[] = [];
  for (const url of new Set(urls)) {
    const cached = stored[url];
    if (isFresh(cached, now(), policy.maxAgeMs)) results.set(url, cached);
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
  const halted = () => stopped() || Date.now() >= startBefore;
  // The overall limit: a slot is taken before each request and given back after it.
  let active = 0;
  let checkedNow = 0;
  const waiting: (() => void)[] = [];
  const take = async () => {
    while (active >= policy.concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
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
        while (next < hostUrls.length && !halted()) {
          const url = hostUrls[next++]!;
          // Starts to one host are spaced; the slot is reserved before waiting, so workers queue up.
          const startAt = Math.max(Date.now(), nextStart);
          nextStart = startAt + policy.spacingMs;
          if (startAt > Date.now()) await new Promise((resolve) => setTimeout(resolve, startAt - Date.now()));
          await take();
          try {
            if (halted()) return;
            checkedNow += 1;
            results.set(url, await checkUrl(url, policy, now));
          } finally {
            give();
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(policy.perHost, hostUrls.length) }, worker));
    }),
  );
  // A run that was abandoned saves nothing (a server that stops writes nothing more into its state).
  if (stopped()) return { results, checkedNow };
  await store.save(mergeResults(stored, results, now(), policy.maxAgeMs));
  return { results, checkedNow };
}

/** What to keep: the fresh stored results, including addresses of older releases (a rollback), and the new ones. */
export function mergeResults(stored: Record<string, LinkResult>, fresh: ReadonlyMap<string, LinkResult>, now: Date, maxAgeMs: number): Record<string, LinkResult> {
  const kept: Record<string, LinkResult> = {};
  for (const [url, result] of Object.entries(stored)) if (now.getTime() - Date.parse(result.checkedAt) < maxAgeMs) kept[url] = result;
  for (const [url, result] of fresh) kept[url] = result;
  return kept;
}

/** A stored result map read back (file or blob); anything that is not one counts as empty. */
export function parseStoredResults(value: unknown): Record<string, LinkResult> {
  if (value === null || typeof value !== 'object') return {};
  const results = (value as { version?: unknown; results?: unknown }).results;
  if ((value as { version?: unknown }).version !== 1 || results === null || typeof results !== 'object') return {};
  return results as Record<string, LinkResult>;
}

/** The stored form of a result map (one JSON document). */
export function storedResults(results: Record<string, LinkResult>): { version: 1; results: Record<string, LinkResult> } {
  return { version: 1, results };
}

/** The report of a finished run: the listed links found broken, with where they sit. */
export function finishedReport(
  release: string,
  list: LinkList,
  run: { results: ReadonlyMap<string, LinkResult>; checkedNow: number },
  startedAt: string,
  finishedAt: string,
): LinkReport {
  const broken = list.external.flatMap((link) => {
    const result = run.results.get(link.url);
    return result?.outcome === 'broken' ? [{ ...link, result }] : [];
  });
  return { release, state: 'done', startedAt, finishedAt, total: list.external.length, checkedNow: run.checkedNow, broken };
}

/** A link list read back (a release's file, a function's bundled file); undefined when it is not one. */
export function parseLinkList(value: unknown): LinkList | undefined {
  const list = value as Partial<LinkList> | null;
  if (list === null || typeof list !== 'object' || list.version !== 1 || !Array.isArray(list.external)) return undefined;
  const ok = list.external.every((link) => link && typeof link.url === 'string' && Array.isArray(link.sources) && Array.isArray(link.pages));
  return ok ? (list as LinkList) : undefined;
}

/**
 * LINK_CHECK (`on`/`off`, default on), read the same way by the publish server and the Netlify
 * Functions; throws a sentence naming the variable (the caller wraps it in its config error).
 */
export function readLinkCheckSwitch(env: Record<string, string | undefined>): boolean {
  const value = env.LINK_CHECK?.trim().toLowerCase() ?? 'on';
  if (value !== 'on' && value !== 'off') {
    throw new Error(`LINK_CHECK "${env.LINK_CHECK}" must be "on" or "off". Leave it unset for "on" (external links are checked once a day after a publish).`);
  }
  return value === 'on';
}
