// Netlify Function: GET /api/review-mail, the reminder mails' state for the Studio's "Zu prüfen"
// (core/review/status.ts), as the publish server answers it: on, off or misconfigured, and when
// they last went out (from the Netlify Blobs memory of review-digest.ts). Times and counts only.
import type { Config } from '@netlify/functions';
import { createLogger } from '../../core/publish/log.ts';
import { REVIEW_MAIL_STATUS_PATH, reviewMailStatus } from '../../core/review/status.ts';
import { readFunctionConfig } from '../lib/config.ts';
import { blobsStateStore } from '../lib/review-mail.ts';
import { studioGet } from '../lib/studio-get.ts';

export default async function reviewMailStatusFunction(request: Request): Promise<Response> {
  const config = readFunctionConfig();
  const log = createLogger(config.secrets);
  const start = studioGet(request, config, log, 'review-mail-status', 'The review mail status');
  if ('response' in start) return start.response;
  const { headers } = start;
  const settings = config.reviewMail();
  const saved = settings.ok ? await blobsStateStore().load().catch(() => undefined) : undefined;
  return Response.json(reviewMailStatus(settings.ok ? 'on' : settings.state, saved), { headers });
}

export const config: Config = {
  path: REVIEW_MAIL_STATUS_PATH,
};
