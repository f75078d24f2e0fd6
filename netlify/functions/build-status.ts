// Netlify Function: the build status API (core/publish/build-status.ts) at /api/build-status,
// from Netlify's deploy list, with the report of the last external link check (netlify/functions/
// link-check-background.ts) in the same field `links` as the publish server's. Optional: without NETLIFY_API_TOKEN it answers 501 and the Studio
// works from the build manifest alone. The token stays on the server; the answer holds no
// Netlify URLs, log lines or tokens.
//
// Environment (Netlify → Site configuration → Environment variables, scope "Functions"):
//   NETLIFY_API_TOKEN  a Netlify personal access token (optional)
//   STUDIO_ORIGIN      the Studio's origin when it is not https://ksp-kassel.sanity.studio (optional)
import type { Config, Context } from '@netlify/functions';
import { getStore } from '@netlify/blobs';
import { BUILD_HISTORY_LENGTH, BUILD_STATUS_PATH, type BuildStatus } from '../../core/publish/build-status.ts';
import { createLogger, type Logger } from '../../core/publish/log.ts';
import { readFunctionConfig, type FunctionConfig } from '../lib/config.ts';
import { INDEXNOW_STORE_NAME, readReport, type IndexNowBlobStore } from '../lib/indexnow-store.ts';
import { statusFromDeploys, type NetlifyDeploy } from '../lib/netlify-deploys.ts';
import { studioGet } from '../lib/studio-get.ts';
import { linkCheckBlobStore, readLinkReport, type LinkCheckBlobStore } from '../lib/link-check-store.ts';

const NETLIFY_API = 'https://api.netlify.com/api/v1';
/** Editors' Studios poll every few seconds; Netlify's API is asked at most this often per instance. */
const CACHE_MS = 5000;
let cached: { at: number; body: string } | undefined;

/**
 * The live deploy's IndexNow notice (netlify/functions/deploy-succeeded.ts) when IndexNow is on.
 * Information only: an unreadable store leaves it out.
 */
async function withIndexNow(status: BuildStatus, config: FunctionConfig, store: () => IndexNowBlobStore, log: Logger): Promise<BuildStatus> {
  if (!status.live) return status;
  try {
    if (!config.indexNow()) return status;
    const report = await readReport(store(), status.live.id);
    return report ? { ...status, live: { ...status.live, indexNow: report } } : status;
  } catch (error) {
    log({ event: 'build-status', reason: 'indexnow-report', detail: error instanceof Error ? error.message : String(error) });
    return status;
  }
}

/** The last link check's report, when there is one. Information only: an unreadable store leaves it out. */
async function withLinks(status: BuildStatus, store: () => LinkCheckBlobStore, log: Logger): Promise<BuildStatus> {
  try {
    const links = await readLinkReport(store());
    return links ? { ...status, links } : status;
  } catch (error) {
    log({ event: 'build-status', reason: 'link-report', detail: error instanceof Error ? error.message : String(error) });
    return status;
  }
}

export default async function buildStatus(
  request: Request,
  context: Context,
  fetchImpl: typeof fetch = fetch,
  store: () => IndexNowBlobStore = () => getStore({ name: INDEXNOW_STORE_NAME, consistency: 'strong' }),
  linkStore: () => LinkCheckBlobStore = linkCheckBlobStore,
): Promise<Response> {
  const config = readFunctionConfig();
  const log = createLogger(config.secrets);
  const start = studioGet(request, config, log, 'build-status', 'The build status');
  if ('response' in start) return start.response;
  const { headers } = start;

  const token = config.netlifyApiToken;
  const siteId = context.site?.id;
  if (!token || !siteId) {
    return Response.json({ error: 'The build status is not configured (NETLIFY_API_TOKEN). The Studio uses the build manifest instead.' }, { status: 501, headers });
  }
  if (!cached || Date.now() - cached.at > CACHE_MS) {
    let response: Response;
    try {
      response = await fetchImpl(`${NETLIFY_API}/sites/${encodeURIComponent(siteId)}/deploys?per_page=${BUILD_HISTORY_LENGTH + 5}`, {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(8000),
      });
    } catch (error) {
      log({ event: 'build-status', status: 502, reason: 'netlify-unreachable', detail: error instanceof Error ? error.message : String(error) });
      return Response.json({ error: 'Netlify could not be reached.' }, { status: 502, headers });
    }
    if (!response.ok) {
      await response.body?.cancel();
      log({ event: 'build-status', status: 502, reason: 'netlify-answer', netlifyStatus: response.status });
      const hint = response.status === 401 || response.status === 403 ? ' Check NETLIFY_API_TOKEN.' : '';
      return Response.json({ error: `Netlify answered ${response.status}.${hint}` }, { status: 502, headers });
    }
    const status = await withIndexNow(statusFromDeploys((await response.json()) as NetlifyDeploy[]), config, store, log);
    cached = { at: Date.now(), body: JSON.stringify(await withLinks(status, linkStore, log)) };
  }
  return new Response(cached.body, { status: 200, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' } });
}

export const config: Config = {
  path: BUILD_STATUS_PATH,
};
