// Netlify Scheduled Function: every five minutes it reads the live deploy's build manifest and
// starts a build only when the site should change by itself: the manifest's next change
// (an alert ends, "Sichtbar bis" is reached, an event ends, …; core/publish/next-change.ts) has
// passed since that deploy, or the date in Kassel has changed since it was built (the daily
// rebuild: past events, special hours). Documents past "Sichtbar bis" are unpublished first when
// SANITY_UNPUBLISH_TOKEN is set. What it asked for last is kept in Netlify Blobs, so a build that
// is slow or fails is not asked for again every five minutes (each deploy is billed).
import type { Config } from '@netlify/functions';
import { getStore } from '@netlify/blobs';
import { triggerBuildHook } from '../lib/build-hook.ts';
import { dailyTrigger, scheduledTrigger, type BuildTrigger } from '../../core/publish/build-trigger.ts';
import { BUILD_MANIFEST_PATH, parseManifest, type BuildManifest } from '../../core/publish/build-manifest.ts';
import { createUnpublishClient, notConfigured, unpublishDue } from '../../core/publish/unpublish.ts';
import { createLogger, type Logger } from '../../core/publish/log.ts';
import { decideScheduledRun } from '../lib/scheduled-run.ts';
import { readFunctionConfig, type FunctionConfig } from '../lib/config.ts';

const STORE_NAME = 'ksp-scheduled-rebuild';
const LAST_KEY = 'last-request';

async function fetchLiveManifest(config: FunctionConfig, log: Logger): Promise<BuildManifest | undefined> {
  try {
    const response = await fetch(new URL(BUILD_MANIFEST_PATH, config.siteUrl()), { signal: AbortSignal.timeout(5000), headers: { 'Cache-Control': 'no-cache' } });
    if (!response.ok) throw new Error(`answered ${response.status}`);
    return parseManifest(await response.json());
  } catch (error) {
    log({ event: 'scheduled-rebuild', reason: 'manifest-unreadable', detail: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

async function unpublishFor(config: FunctionConfig, manifest: BuildManifest, log: Logger) {
  const change = manifest.nextChange!;
  const settings = config.unpublish();
  if (!settings.ok) {
    return notConfigured(change.reasons.flatMap((reason) => (reason.kind === 'visible-until' ? [{ ...reason.document, visibleUntil: change.at }] : [])));
  }
  try {
    return await unpublishDue(createUnpublishClient(settings), new Date(), (doc, error) =>
      log({ event: 'unpublish-failed', status: 502, document: doc._id, error: error instanceof Error ? error.message : String(error) }),
    );
  } catch (error) {
    log({ event: 'unpublish-failed', status: 502, error: error instanceof Error ? error.message : String(error) });
    return [];
  }
}

export default async function scheduledRebuild(): Promise<Response> {
  const config = readFunctionConfig();
  const log = createLogger(config.secrets);
  try {
    let store: ReturnType<typeof getStore> | undefined;
    try {
      store = getStore({ name: STORE_NAME, consistency: 'strong' });
    } catch {
      store = undefined; // outside Netlify: every run decides afresh
    }
    const lastKey = ((await store?.get(LAST_KEY, { type: 'json' }).catch(() => undefined)) as { key?: string } | undefined)?.key;
    const manifest = await fetchLiveManifest(config, log);
    const run = decideScheduledRun(manifest, new Date(), lastKey);
    if (run.kind === 'none') {
      log({ event: 'scheduled-rebuild', status: 204, reason: run.reason });
      return new Response(null, { status: 204 });
    }
    const trigger: BuildTrigger = run.kind === 'change' && manifest ? scheduledTrigger(run.change.at, run.change.reasons, await unpublishFor(config, manifest, log)) : dailyTrigger();
    await store?.setJSON(LAST_KEY, { key: run.key }).catch(() => undefined);
    await triggerBuildHook(config.buildHookUrl(), trigger);
    log({ event: 'scheduled-rebuild', status: 202, reason: run.kind, key: run.key });
    return new Response(null, { status: 202 });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    log({ event: 'scheduled-rebuild', status: 500, reason: 'failed', detail });
    return new Response(null, { status: 500 });
  }
}

export const config: Config = {
  // Every five minutes: a change due at 18:00 is live by about 18:07 (the build takes 1–2 minutes).
  schedule: '*/5 * * * *',
};
