// Netlify Scheduled Function: the weekly reminder mails of review dates (core/review/), the same
// digest the publish server sends. Netlify schedules in UTC: 06:05 UTC on Mondays is 07:05 in
// Kassel in winter and 08:05 in summer (a few minutes after 07:00, so an invocation that starts a
// little early still finds the week's send time passed). What went out is kept in Netlify Blobs, so a second
// invocation in the same week sends nothing.
import type { Config } from '@netlify/functions';
import { createLogger } from '../../core/publish/log.ts';
import { runWeekly } from '../../core/review/run.ts';
import { readFunctionConfig } from '../lib/config.ts';
import { netlifyRunDeps } from '../lib/review-mail.ts';

export default async function reviewDigest(): Promise<Response> {
  const config = readFunctionConfig();
  const log = createLogger(config.secrets);
  const settings = config.reviewMail();
  if (!settings.ok) {
    log({ event: 'review-mail', kind: 'weekly', status: settings.state === 'off' ? 204 : 500, reason: settings.reason });
    return new Response(null, { status: settings.state === 'off' ? 204 : 500 });
  }
  const deps = netlifyRunDeps(settings.config, config.studioOrigin(), log);
  try {
    const summary = await runWeekly(deps);
    return new Response(JSON.stringify(summary ?? { skipped: 'already sent this week' }), { status: 200, headers: { 'Content-Type': 'application/json' } });
  } catch (error) {
    log({ event: 'review-mail-failed', kind: 'weekly', status: 500, detail: error instanceof Error ? error.message : String(error) });
    return new Response(null, { status: 500 });
  } finally {
    deps.close();
  }
}

export const config: Config = {
  schedule: '5 6 * * 1',
};
