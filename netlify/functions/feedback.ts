// Netlify Function: page feedback at /api/feedback (form posts) and /api/feedback/challenge
// (proof-of-work challenges), with the shared rules of core/feedback/handler.ts. Stores in
// Sanity directly: when Sanity is unreachable the citizen is told to try again (503) and nothing
// was accepted, since a function instance has no disk that outlives it.
//
// Environment (Netlify → Site configuration → Environment variables, scope "Functions"):
//   SANITY_FEEDBACK_TOKEN   write token for feedback documents (required)
//   SANITY_PROJECT_ID, SANITY_DATASET, SANITY_API_VERSION, SANITY_API_HOST   as for the build
import type { Config, Context } from '@netlify/functions';
import type { Locale } from '../../core/i18n/index.ts';
import { createFeedbackClient, FeedbackConfigError } from '../../core/feedback/env.ts';
import { handleFeedbackRequest, handleUnconfigured, SECURITY_HEADERS, type FeedbackResponse, type ResultTemplate } from '../../core/feedback/handler.ts';
import { CHALLENGE_TTL_MS, LIMITS, RESULT_TEMPLATE_PATHS } from '../../core/feedback/model.ts';
import { createRateLimiter } from '../../core/feedback/rate-limit.ts';
import { createSanityFeedbackStore, type FeedbackStore } from '../../core/feedback/store.ts';
import { createLogger } from '../../core/publish/log.ts';
import { createMemoryReplayStore } from '../../core/publish/replay-store.ts';
import { readWebBody } from '../../core/http/read-body.ts';
import { readFunctionConfig } from '../lib/config.ts';

// Live as long as this instance stays warm. Another instance has its own memory; Sanity's
// refusal to create an existing id still stops a proof from being stored twice.
const replay = createMemoryReplayStore({ ttlMs: CHALLENGE_TTL_MS + 60_000 });
const limiter = createRateLimiter();
let storeFor: { token: string; store: FeedbackStore } | undefined;

function toResponse({ status, headers, body }: FeedbackResponse): Response {
  return new Response(body, { status, headers });
}

/** The site's own result page, with the security headers Netlify serves it with. */
async function loadTemplate(origin: string, locale: Locale): Promise<ResultTemplate | undefined> {
  const response = await fetch(new URL(RESULT_TEMPLATE_PATHS[locale], origin), { signal: AbortSignal.timeout(3000) });
  if (!response.ok) return undefined;
  const headers: Record<string, string> = {};
  for (const name of SECURITY_HEADERS) {
    const value = response.headers.get(name);
    if (value) headers[name] = value;
  }
  return { html: await response.text(), headers };
}

export default async function feedback(request: Request, context: Context): Promise<Response> {
  const settings = readFunctionConfig();
  const log = createLogger(settings.secrets);
  const url = new URL(request.url);
  const body = request.method === 'POST' ? await readWebBody(request, LIMITS.bodyBytes) : new Uint8Array();
  const req = {
    method: request.method,
    path: url.pathname,
    header: (name: string) => request.headers.get(name) ?? undefined,
    body,
    clientAddress: context.ip,
  };
  const templates = (locale: Locale) => loadTemplate(url.origin, locale);
  let config;
  try {
    config = settings.feedback();
  } catch (error) {
    if (!(error instanceof FeedbackConfigError)) throw error;
    return toResponse(await handleUnconfigured(req, { log, loadTemplate: templates, reason: error.message }));
  }
  if (storeFor?.token !== config.token) storeFor = { token: config.token, store: createSanityFeedbackStore(createFeedbackClient(config)) };
  const result = await handleFeedbackRequest(req, {
    secrets: config.secrets,
    store: storeFor.store,
    replay,
    limiter,
    now: Date.now,
    log,
    loadTemplate: templates,
  });
  return toResponse(result);
}

// Literal paths: Netlify reads this object without running the module. A test checks that they
// are FEEDBACK_PATH and CHALLENGE_PATH.
export const config: Config = {
  path: ['/api/feedback', '/api/feedback/challenge'],
};
