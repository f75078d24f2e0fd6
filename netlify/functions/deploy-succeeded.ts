// Netlify event function (the file name subscribes it to `deploy-succeeded`): after a deploy goes
// live, it starts the deploy's external link check (the background function link-check-background,
// with a signed request: netlify/lib/link-check-start.ts), and the addresses the deploy changed are
// announced through IndexNow (core/publish/indexnow.ts). The new deploy's page list is the live
// build manifest; the previous one is the baseline the last run kept in Netlify Blobs
// (netlify/lib/indexnow-store.ts), replaced with a conditional write, so each deploy is announced
// at most once. The event body is only a hint: anyone who calls this URL can at most make it
// announce what the live site really changed, once, and start the check of the live deploy's own
// links, which runs once per deploy and asks each address at most once a day.
//
// Environment (scopes "Builds" and "Functions": the build writes the key file /<key>.txt):
//   INDEXNOW_KEY       turns IndexNow on (optional; 8–128 characters a-z A-Z 0-9 -)
//   INDEXNOW_ENDPOINT  another IndexNow endpoint (optional, default https://api.indexnow.org/indexnow)
//   LINK_CHECK         `off` turns the link check off (optional, default on; it signs its start
//                      with SANITY_WEBHOOK_SECRET)
// Both are off on the drafts preview site (KSP_NETLIFY_SITE=preview) and for other deploy contexts.
import { getStore } from '@netlify/blobs';
import type { Context } from '@netlify/functions';
import { BUILD_MANIFEST_PATH, parseManifest, type BuildManifest } from '../../core/publish/build-manifest.ts';
import { PublishConfigError } from '../../core/publish/env.ts';
import { abortableSleep, changedPages, isLocalSiteForPublicEndpoint, submitIndexNow, type IndexNowConfig, type RetryPolicy } from '../../core/publish/indexnow.ts';
import { createLogger, type Logger } from '../../core/publish/log.ts';
import { readFunctionConfig, type FunctionConfig } from '../lib/config.ts';
import { LINK_CHECK_FUNCTION_PATH, readLinkCheckSettings, signedStart } from '../lib/link-check-start.ts';
import { claimBaseline, INDEXNOW_STORE_NAME, readBaseline, writeReport, type IndexNowBlobStore } from '../lib/indexnow-store.ts';

/** A synchronous function has about ten seconds: three short tries fit in them. */
export const NETLIFY_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 500, maxDelayMs: 1000, timeoutMs: 2000 };

export interface DeploySucceededDeps {
  fetch?: typeof fetch;
  store?: () => IndexNowBlobStore;
  retry?: RetryPolicy;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The deploy id and context from Netlify's event body ({ payload: deploy }); both optional. */
async function eventDeploy(request: Request): Promise<{ id?: string; context?: string }> {
  try {
    const body = (await request.json()) as { payload?: { id?: unknown; context?: unknown } };
    return { id: typeof body.payload?.id === 'string' ? body.payload.id : undefined, context: typeof body.payload?.context === 'string' ? body.payload.context : undefined };
  } catch {
    return {};
  }
}

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });

/** Where the live site is: SITE_URL or Netlify's URL, else the site address in Netlify's context. */
function liveSiteUrl(config: FunctionConfig, context: Partial<Context>): string | undefined {
  try {
    return config.siteUrl();
  } catch {
    return context.site?.url;
  }
}

/** How the start of the link check went, for the answer and the log. */
export type LinkCheckStart = 'started' | 'off' | 'skipped' | 'failed';

/**
 * Starts the deploy's link check: a signed POST to the background function of the live site,
 * which Netlify answers with 202 at once. Never holds up IndexNow for longer than two seconds.
 */
async function startLinkCheck(config: FunctionConfig, deploy: { id?: string; context?: string }, context: Partial<Context>, fetchImpl: typeof fetch, log: Logger): Promise<LinkCheckStart> {
  const settings = readLinkCheckSettings(config, log);
  if (settings === 'preview' || settings === 'off') return 'off';
  if (settings === 'invalid') return 'failed';
  if (deploy.context && deploy.context !== 'production') return 'skipped';
  const siteUrl = liveSiteUrl(config, context);
  if (!siteUrl) {
    log({ event: 'link-check', status: 500, reason: 'config', detail: 'The site address is unknown: set SITE_URL, e.g. https://servicepoint.kassel.de.' });
    return 'failed';
  }
  try {
    const { body, headers } = await signedStart(deploy.id, settings.secret);
    const response = await fetchImpl(new URL(LINK_CHECK_FUNCTION_PATH, siteUrl), { method: 'POST', headers, body, signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    if (response.ok) return 'started';
    log({ event: 'link-check', status: 502, reason: 'not-started', functionStatus: response.status });
  } catch (error) {
    log({ event: 'link-check', status: 502, reason: 'not-started', detail: error instanceof Error ? error.message : String(error) });
  }
  return 'failed';
}

export default async function deploySucceeded(request: Request, context: Partial<Context> = {}, deps: DeploySucceededDeps = {}): Promise<Response> {
  const config = readFunctionConfig();
  const log = createLogger(config.secrets);
  const deploy = await eventDeploy(request);
  const linkCheck = await startLinkCheck(config, deploy, context, deps.fetch ?? fetch, log);
  const indexNow = await announce(config, log, deploy, context, deps);
  return json(indexNow.status, { ...indexNow.body, linkCheck });
}

type Answer = { status: number; body: Record<string, unknown> };
const answer = (status: number, body: Record<string, unknown>): Answer => ({ status, body });

/** The IndexNow notice of the deploy (off without INDEXNOW_KEY). */
async function announce(config: FunctionConfig, log: Logger, deploy: { id?: string; context?: string }, context: Partial<Context>, deps: DeploySucceededDeps): Promise<Answer> {
  let indexNow: IndexNowConfig | undefined;
  try {
    indexNow = config.indexNow();
  } catch (error) {
    if (!(error instanceof PublishConfigError)) throw error;
    log({ event: 'indexnow', status: 500, reason: 'config', detail: error.message });
    return answer(500, { error: 'IndexNow is not configured correctly; the function log says what to fix.' });
  }
  if (!indexNow) return answer(200, { indexNow: 'off' });
  if (config.previewSite) return answer(200, { indexNow: 'off', reason: 'The drafts preview site announces nothing.' });
  if (deploy.context && deploy.context !== 'production') return answer(200, { indexNow: 'skipped', reason: `A ${deploy.context} deploy is not the live site.` });
  let siteUrl: string;
  try {
    siteUrl = config.siteUrl();
  } catch (error) {
    if (!context.site?.url) {
      log({ event: 'indexnow', status: 500, reason: 'config', detail: error instanceof Error ? error.message : String(error) });
      return answer(500, { error: 'The site address is unknown; the function log says what to set.' });
    }
    siteUrl = context.site.url;
  }
  const fetchImpl = deps.fetch ?? fetch;
  const sleep = deps.sleep ?? abortableSleep;

  // The live manifest of the site's own address (never an address from the event body); read once
  // more after a pause when the CDN still serves the deploy before.
  let manifest: BuildManifest | undefined;
  for (let read = 1; read <= 2; read += 1) {
    try {
      const response = await fetchImpl(new URL(BUILD_MANIFEST_PATH, siteUrl), { headers: { 'Cache-Control': 'no-cache' }, signal: AbortSignal.timeout(2000) });
      manifest = response.ok ? parseManifest(await response.json()) : undefined;
    } catch (error) {
      log({ event: 'indexnow', status: 502, reason: 'manifest-unreadable', detail: error instanceof Error ? error.message : String(error) });
      return answer(502, { error: 'The live build manifest could not be read.' });
    }
    if (!deploy.id || manifest?.buildId === deploy.id || read === 2) break;
    await sleep(1000);
  }
  if (!manifest?.pages || !manifest.site || new URL(manifest.site).origin !== new URL(siteUrl).origin) {
    log({ event: 'indexnow', reason: 'no-pages', detail: 'The live build manifest has no page list for this site (a build from before lastmod, or SITE_URL differs from the build\'s); nothing to compare.' });
    return answer(200, { indexNow: 'skipped', reason: 'no-pages' });
  }
  // A locked site publishes no new deploy: the event's deploy is not what is live.
  if (deploy.id && manifest.buildId !== deploy.id) return answer(200, { indexNow: 'skipped', reason: 'This deploy is not the live one.' });

  const store = (deps.store ?? (() => getStore({ name: INDEXNOW_STORE_NAME, consistency: 'strong' })))();
  const { baseline, etag } = await readBaseline(store);
  if (baseline?.buildId === manifest.buildId) return answer(200, { indexNow: 'done', reason: 'This deploy was announced already.' });
  if (!(await claimBaseline(store, { buildId: manifest.buildId, site: manifest.site, pages: manifest.pages }, etag))) {
    return answer(200, { indexNow: 'done', reason: 'Another call is announcing this deploy.' });
  }
  const changes = changedPages(baseline, manifest);
  if (!changes.comparable || changes.paths.length === 0) {
    await writeReport(store, manifest.buildId, changes.comparable ? { state: 'unchanged' } : { state: 'not-comparable' });
    log({ event: 'indexnow-skipped', deploy: manifest.buildId, reason: changes.comparable ? 'unchanged' : changes.reason });
    return answer(200, { indexNow: 'skipped', urls: 0 });
  }
  if (isLocalSiteForPublicEndpoint(indexNow, manifest.site)) {
    await writeReport(store, manifest.buildId, { state: 'local' });
    return answer(200, { indexNow: 'skipped', reason: 'local-site' });
  }
  await writeReport(store, manifest.buildId, { state: 'sending', urls: changes.paths.length });
  const result = await submitIndexNow({ config: indexNow, site: manifest.site, paths: changes.paths, retry: deps.retry ?? NETLIFY_RETRY, fetch: fetchImpl, sleep, log: (event) => log({ ...event, deploy: manifest.buildId }) });
  if (result.ok) {
    await writeReport(store, manifest.buildId, { state: 'sent', urls: result.urls, at: new Date().toISOString() });
    log({ event: 'indexnow-sent', deploy: manifest.buildId, urls: result.urls, attempts: result.attempts });
    return answer(200, { indexNow: 'sent', urls: result.urls });
  }
  await writeReport(store, manifest.buildId, { state: 'failed', urls: result.urls });
  log({ event: 'indexnow-failed', status: 502, deploy: manifest.buildId, urls: result.urls, attempts: result.attempts, reason: result.reason, note: 'The deploy is live; search engines find the change through the sitemap.' });
  return answer(502, { indexNow: 'failed', urls: result.urls });
}
