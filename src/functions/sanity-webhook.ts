// Netlify Function: receives Sanity's publish webhook at /webhooks/sanity, checks it with the
// shared rules (src/lib/publish/webhook.ts) and triggers the Netlify build hook.
//
// Environment (Netlify → Site configuration → Environment variables, scope "Functions"):
//   SANITY_WEBHOOK_SECRET   the secret entered in the Sanity webhook (required)
//   NETLIFY_BUILD_HOOK_URL  the build hook to call (required)
//   WEBHOOK_MAX_BYTES       largest accepted body (optional, default 65536)
import type { Config } from '@netlify/functions';
import { triggerBuildHook } from '../lib/publish/build-hook.ts';
import { PublishConfigError, readBuildHookUrl, readMaxBodyBytes, readWebhookSecret } from '../lib/publish/env.ts';
import { createLogger, secretsIn } from '../lib/publish/log.ts';
import { createMemoryReplayStore } from '../lib/publish/replay-store.ts';
import { hookTitle } from '../lib/publish/netlify-deploys.ts';
import { handleWebhook, readRequestBody, toResponse } from '../lib/publish/webhook.ts';

// Lives as long as this function instance stays warm; see replay-store.ts for the limitation.
const store = createMemoryReplayStore();

export default async function sanityWebhook(request: Request): Promise<Response> {
  const env = process.env;
  const log = createLogger(secretsIn(env));
  let secret: string;
  let hookUrl: URL;
  let maxBytes: number;
  try {
    secret = readWebhookSecret(env);
    hookUrl = readBuildHookUrl(env);
    maxBytes = readMaxBodyBytes(env);
  } catch (error) {
    if (!(error instanceof PublishConfigError)) throw error;
    log({ event: 'sanity-webhook', status: 500, reason: 'config', detail: error.message });
    // Names the variable, never its value.
    return toResponse({ status: 500, headers: { 'Cache-Control': 'no-store' }, body: { error: `Publish webhook misconfigured: ${error.message}` } });
  }

  const body = request.method === 'POST' ? await readRequestBody(request, maxBytes) : new Uint8Array();
  const result = await handleWebhook(
    { method: request.method, header: (name) => request.headers.get(name) ?? undefined, body },
    {
      secret,
      store,
      now: Date.now,
      log,
      trigger: async (doc) => {
        await triggerBuildHook(hookUrl, hookTitle(doc), doc);
        return { detail: { build: 'requested' } };
      },
    },
  );
  return toResponse(result);
}

export const config: Config = {
  path: '/webhooks/sanity',
};
