// Netlify Function: receives Sanity's publish webhook at /webhooks/sanity, checks it with the
// shared rules (core/publish/webhook.ts) and triggers the Netlify build hook.
//
// Environment (Netlify → Site configuration → Environment variables, scope "Functions"):
//   SANITY_WEBHOOK_SECRET   the secret entered in the Sanity webhook (required)
//   NETLIFY_BUILD_HOOK_URL  the build hook to call (required)
//   WEBHOOK_MAX_BYTES       largest accepted body (optional, default 65536)
//
// Repeated deliveries are recognised across all instances of this function through Netlify Blobs
// (blobs-replay-store.ts); Netlify provides the store to every function, nothing to configure.
import { getStore } from '@netlify/blobs';
import type { Config } from '@netlify/functions';
import { createBlobsReplayStore, REPLAY_STORE_NAME } from '../lib/blobs-replay-store.ts';
import { triggerBuildHook } from '../lib/build-hook.ts';
import { publishTrigger } from '../../core/publish/build-trigger.ts';
import { PublishConfigError } from '../../core/publish/env.ts';
import { createLogger, type Logger } from '../../core/publish/log.ts';
import { readFunctionConfig } from '../lib/config.ts';
import { createMemoryReplayStore, type ReplayStore } from '../../core/publish/replay-store.ts';
import { readWebBody } from '../../core/http/read-body.ts';
import { handleWebhook, toResponse } from '../../core/publish/webhook.ts';
import { runOnRequest } from '../../core/review/run.ts';
import { netlifyRunDeps } from '../lib/review-mail.ts';

// Only where Netlify Blobs is not available (outside Netlify, e.g. a plain Node test harness):
// remembers deliveries for as long as this instance stays warm.
const memoryStore = createMemoryReplayStore();
let toldAboutMemory = false;

function replayStore(log: Logger): ReplayStore {
  let store: ReturnType<typeof getStore>;
  try {
    // Strong consistency: a key written by one instance is seen by the next read of any other.
    store = getStore({ name: REPLAY_STORE_NAME, consistency: 'strong' });
  } catch (error) {
    if (!toldAboutMemory) {
      toldAboutMemory = true;
      log({
        event: 'sanity-webhook',
        reason: 'replay-store-memory',
        detail: `Netlify Blobs is not available here (${error instanceof Error ? error.name : 'error'}); repeated deliveries are recognised only within this function instance.`,
      });
    }
    return memoryStore;
  }
  return createBlobsReplayStore(store, {
    onSweepError: (error) => log({ event: 'sanity-webhook', reason: 'replay-store-sweep', detail: error instanceof Error ? error.message : String(error) }),
  });
}

export default async function sanityWebhook(request: Request): Promise<Response> {
  const config = readFunctionConfig();
  const log = createLogger(config.secrets);
  let secret: string;
  let hookUrl: URL;
  let maxBytes: number;
  try {
    ({ secret, hookUrl, maxBytes } = config.webhook());
  } catch (error) {
    if (!(error instanceof PublishConfigError)) throw error;
    // The log names the variable and what is wrong with it (never its value); the caller, who may
    // be anyone, learns only that the receiver is misconfigured.
    log({ event: 'sanity-webhook', status: 500, reason: 'config', detail: error.message });
    return toResponse({ status: 500, headers: { 'Cache-Control': 'no-store' }, body: { error: 'The publish webhook is not configured correctly; the function log says what to fix.' } });
  }

  const body = request.method === 'POST' ? await readWebBody(request, maxBytes) : new Uint8Array();
  const result = await handleWebhook(
    { method: request.method, header: (name) => request.headers.get(name) ?? undefined, body },
    {
      secret,
      store: replayStore(log),
      now: Date.now,
      log,
      trigger: async (doc) => {
        await triggerBuildHook(hookUrl, publishTrigger([doc]));
        return { detail: { build: 'requested' } };
      },
      // The Studio's "Erinnerungen jetzt senden": the digest now, within this invocation.
      request: async () => {
        const settings = config.reviewMail();
        if (!settings.ok) return { detail: { digest: 'off' } };
        const deps = netlifyRunDeps(settings.config, config.studioOrigin(), log);
        try {
          const outcome = await runOnRequest(deps);
          return { detail: { digest: outcome.status } };
        } finally {
          deps.close();
        }
      },
    },
  );
  return toResponse(result);
}

export const config: Config = {
  path: '/webhooks/sanity',
};
