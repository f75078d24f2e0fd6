// Calls a Netlify build hook. Netlify queues the build and collapses queued builds to the first
// and the last, so a burst of publishes costs at most two deploys.
import type { BuildTrigger } from '../../core/publish/build-trigger.ts';
import { encodeDeployTitle } from './deploy-title.ts';

export const BUILD_HOOK_TIMEOUT_MS = 10_000;

/**
 * POSTs to the build hook; throws when Netlify does not accept it. Never includes the URL in
 * errors. The trigger goes twice: as the hook's body, which the build reads as INCOMING_HOOK_BODY
 * into its build manifest, and in the deploy title, which the deploy list shows (./deploy-title.ts).
 */
export async function triggerBuildHook(hookUrl: URL, trigger: BuildTrigger, fetchImpl: typeof fetch = fetch): Promise<void> {
  const url = new URL(hookUrl);
  url.searchParams.set('trigger_title', encodeDeployTitle(trigger));
  let response: Response;
  try {
    response = await fetchImpl(url, { method: 'POST', body: JSON.stringify(trigger), headers: { 'Content-Type': 'application/json' }, signal: AbortSignal.timeout(BUILD_HOOK_TIMEOUT_MS) });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${BUILD_HOOK_TIMEOUT_MS / 1000} s` : 'network error';
    // eslint-disable-next-line preserve-caught-error -- the cause may name the hook URL, which is a secret
    throw new Error(`The Netlify build hook could not be reached (${reason}).`);
  }
  await response.body?.cancel();
  if (!response.ok) {
    throw new Error(`The Netlify build hook answered ${response.status}; check NETLIFY_BUILD_HOOK_URL (the hook may have been deleted).`);
  }
}
