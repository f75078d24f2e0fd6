// The start of every Function the Studio reads with GET (build status, review mail status): the
// Studio's origin from STUDIO_ORIGIN, CORS for that origin only, a preflight, and GET only.
import { PublishConfigError } from '../../core/publish/env.ts';
import type { Logger } from '../../core/publish/log.ts';
import { studioCorsHeaders } from '../../core/publish/studio-origin.ts';
import type { FunctionConfig } from './config.ts';

/**
 * Either the answer to send now (a misconfiguration, a preflight, another method) or the headers
 * for the GET answer. A misconfiguration is logged under `event` with the variable and what is
 * wrong; the caller learns only that `what` is misconfigured (as in sanity-webhook.ts).
 */
export function studioGet(request: Request, config: Pick<FunctionConfig, 'studioOrigin'>, log: Logger, event: string, what: string): { response: Response } | { headers: Record<string, string> } {
  let studioOrigin: string;
  try {
    studioOrigin = config.studioOrigin();
  } catch (error) {
    if (!(error instanceof PublishConfigError)) throw error;
    log({ event, status: 500, reason: 'config', detail: error.message });
    return { response: Response.json({ error: `${what} is not configured correctly; the function log says what to fix.` }, { status: 500, headers: { 'Cache-Control': 'no-store' } }) };
  }
  const headers = { ...studioCorsHeaders(studioOrigin, request.headers.get('origin') ?? undefined), 'Cache-Control': 'no-cache' };
  if (request.method === 'OPTIONS') return { response: new Response(null, { status: 204, headers: { ...headers, 'Access-Control-Allow-Methods': 'GET' } }) };
  if (request.method !== 'GET') return { response: Response.json({ error: 'Use GET.' }, { status: 405, headers: { ...headers, Allow: 'GET, OPTIONS' } }) };
  return { headers };
}
