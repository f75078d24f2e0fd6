// Netlify Background Function (the name ends in -background: Netlify answers the caller 202 at once
// and gives it 15 minutes): the external link check of a deploy, the same polite check the publish
// server runs (core/link-check.ts). deploy-succeeded starts it after each production deploy with a
// signed request (netlify/lib/link-check-start.ts); an unsigned or stale request does nothing. It
// checks only the list its own deploy was built with (dist/.ksp/links.json, bundled through
// `included_files` in netlify.toml; the site does not serve it), never addresses from the request.
// Results stand for a day in Netlify Blobs, so no address is asked more than once a day however
// often editors publish; the report goes to the Studio through the build status function.
//
// Environment (scope "Functions"): SANITY_WEBHOOK_SECRET (signs the start), LINK_CHECK=off turns it off.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '@netlify/functions';
import { checkUrls, defaultLinkCheckPolicy, finishedReport, parseLinkList, type LinkCheckPolicy } from '../../core/link-check.ts';
import { LINK_LIST_FILE, type LinkList } from '../../core/links.ts';
import { createLogger } from '../../core/publish/log.ts';
import { readFunctionConfig } from '../lib/config.ts';
import { readLinkCheckSettings, verifyStart } from '../lib/link-check-start.ts';
import { blobsResultStore, linkCheckBlobStore, readLinkReport, writeLinkReport, type LinkCheckBlobStore } from '../lib/link-check-store.ts';

/** No request starts later than this after the start, so the run ends inside Netlify's 15 minutes. */
export const TIME_LIMIT_MS = 12 * 60 * 1000;
/** A run of the same deploy that started less than this ago is still under way (or was cut off). */
const RUN_MS = 15 * 60 * 1000;

/**
 * Where the deploy's list is: Netlify bundles the function with its included files at the paths
 * they have in the checkout, so the list sits two folders up from this module, as in the checkout
 * (netlify serve, tests); the working directory is the fallback.
 */
export const BUNDLED_LIST_FILES: readonly (string | URL)[] = [new URL(`../../dist/${LINK_LIST_FILE}`, import.meta.url), path.resolve('dist', LINK_LIST_FILE)];

async function readBundledList(files: readonly (string | URL)[]): Promise<LinkList | undefined> {
  for (const file of files) {
    try {
      const list = parseLinkList(JSON.parse(await readFile(file, 'utf8')));
      if (list) return list;
    } catch {
      // not at this place: try the next
    }
  }
  return undefined;
}

export interface LinkCheckDeps {
  store?: () => LinkCheckBlobStore;
  listFiles?: readonly (string | URL)[];
  /** Tests allow 127.0.0.1 and shorten the limits. */
  policy?: Partial<LinkCheckPolicy>;
  timeLimitMs?: number;
  now?: () => Date;
}

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });

export default async function linkCheckBackground(request: Request, context: Partial<Context> = {}, deps: LinkCheckDeps = {}): Promise<Response> {
  const startedMs = Date.now();
  const now = deps.now ?? (() => new Date());
  const config = readFunctionConfig();
  const log = createLogger(config.secrets);
  const settings = readLinkCheckSettings(config, log);
  if (settings === 'preview') return json(200, { linkCheck: 'off', reason: 'The drafts preview site is not checked.' });
  if (settings === 'invalid') return json(500, { error: 'The link check is not configured correctly; the function log says what to fix.' });
  if (settings === 'off') return json(200, { linkCheck: 'off' });
  const start = await verifyStart(request, settings.secret);
  if (!start.ok) {
    log({ event: 'link-check', status: start.status, reason: start.reason });
    return json(start.status, { error: 'Not a start of the link check.' });
  }
  // The site's URL reaches the live deploy's function, so its own list is the live one. A start that
  // names another deploy (the routing switched over between event and call) is logged, not refused:
  // checking what is live is what the editors need.
  const release = context.deploy?.id || start.deploy || 'unknown';
  if (start.deploy && context.deploy?.id && start.deploy !== context.deploy.id) log({ event: 'link-check', reason: 'other-deploy', started: start.deploy, release });
  const list = await readBundledList(deps.listFiles ?? BUNDLED_LIST_FILES);
  if (!list) {
    log({ event: 'link-check', reason: 'no-list', release, detail: `The deploy has no ${LINK_LIST_FILE} (a build from before the link list, or netlify.toml lacks the function's included_files).` });
    return json(200, { linkCheck: 'skipped', reason: 'no-list' });
  }
  const store = (deps.store ?? linkCheckBlobStore)();
  const last = await readLinkReport(store);
  if (last?.release === release && (last.state === 'done' || (last.startedAt && now().getTime() - Date.parse(last.startedAt) < RUN_MS))) {
    return json(200, { linkCheck: 'skipped', reason: 'This deploy is checked already.' });
  }
  let siteUrl: string;
  try {
    siteUrl = config.siteUrl();
  } catch {
    siteUrl = context.site?.url ?? '';
  }
  const policy = { ...defaultLinkCheckPolicy(siteUrl), ...deps.policy };
  const startedAt = now().toISOString();
  await writeLinkReport(store, { release, state: 'checking', startedAt, finishedAt: null, total: list.external.length, checkedNow: 0, broken: last?.broken ?? [] });
  try {
    const run = await checkUrls(
      list.external.map((link) => link.url),
      policy,
      blobsResultStore(store),
      { now, startBefore: startedMs + (deps.timeLimitMs ?? TIME_LIMIT_MS) },
    );
    const report = finishedReport(release, list, run, startedAt, now().toISOString());
    await writeLinkReport(store, report);
    const notReached = list.external.filter((link) => !run.results.has(link.url)).length;
    log({ event: 'links-checked', release, links: list.external.length, checkedNow: run.checkedNow, broken: report.broken.length, ...(notReached > 0 ? { notReached, note: 'The time ran out; the rest is checked after the next deploy.' } : {}) });
    return json(200, { linkCheck: 'done', links: list.external.length, checkedNow: run.checkedNow, broken: report.broken.length, notReached });
  } catch (error) {
    await writeLinkReport(store, { release, state: 'done', startedAt, finishedAt: now().toISOString(), total: list.external.length, checkedNow: 0, broken: last?.broken ?? [] });
    log({ event: 'links-check-failed', status: 500, release, error: error instanceof Error ? error.message : String(error) });
    return json(500, { linkCheck: 'failed' });
  }
}
