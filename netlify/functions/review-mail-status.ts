// Netlify Function: GET /api/review-mail, the reminder mails' state for the Studio's "Zu prüfen"
// (core/review/status.ts), as the publish server answers it: on, off or misconfigured, and when
// they last went out (from the Netlify Blobs memory of review-digest.ts). Times and counts only.
import type { Config } from '@netlify/functions';
import { PublishConfigError } from '../../core/publish/env.ts';
import { createLogger } from '../../core/publish/log.ts';
import { studioCorsHeaders } from '../../core/publish/studio-origin.ts';
import { REVIEW_MAIL_STATUS_PATH, reviewMailStatus } from '../../core/review/status.ts';
import { readFunctionConfig } from '../lib/config.ts';
import { blobsStateStore } from '../lib/review-mail.ts';

export default async function reviewMailStatusFunction(request: Request): Promise<Response> {
  const config = readFunctionConfig();
  const log = createLogger(config.secrets);
  let studioOrigin: string;
  try {
    studioOrigin = config.studioOrigin();
  } catch (error) {
    if (!(error instanceof PublishConfigError)) throw error;
    log({ event: 'review-mail-status', status: 500, reason: 'config', detail: error.message });
    return Response.json({ error: 'The review mail status is not configured correctly; the function log says what to fix.' }, { status: 500, headers: { 'Cache-Control': 'no-store' } });
  }
  const headers = { ...studioCorsHeaders(studioOrigin, request.headers.get('origin') ?? undefined), 'Cache-Control': 'no-cache' };
  if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: { ...headers, 'Access-Control-Allow-Methods': 'GET' } });
  if (request.method !== 'GET') return Response.json({ error: 'Use GET.' }, { status: 405, headers: { ...headers, Allow: 'GET, OPTIONS' } });
  const settings = config.reviewMail();
  const saved = settings.ok ? await blobsStateStore().load().catch(() => undefined) : undefined;
  return Response.json(reviewMailStatus(settings.ok ? 'on' : settings.state, saved), { headers });
}

export const config: Config = {
  path: REVIEW_MAIL_STATUS_PATH,
};
