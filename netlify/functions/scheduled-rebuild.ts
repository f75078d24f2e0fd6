// Netlify Scheduled Function: rebuilds the site once a day, so past events move to the archive,
// "upcoming" lists and special opening hours stay current even when nobody publishes.
// Netlify schedules in UTC: 23:05 UTC is 00:05 in Kassel in winter and 01:05 in summer, just
// after the date changes there.
import type { Config } from '@netlify/functions';
import { triggerBuildHook } from '../lib/build-hook.ts';
import { dailyTrigger } from '../../core/publish/build-trigger.ts';
import { createLogger } from '../../core/publish/log.ts';
import { readFunctionConfig } from '../lib/config.ts';

export default async function scheduledRebuild(): Promise<Response> {
  const config = readFunctionConfig();
  const log = createLogger(config.secrets);
  try {
    await triggerBuildHook(config.buildHookUrl(), dailyTrigger());
    log({ event: 'scheduled-rebuild', status: 202, reason: 'requested' });
    return new Response(null, { status: 202 });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    log({ event: 'scheduled-rebuild', status: 500, reason: 'failed', detail });
    return new Response(null, { status: 500 });
  }
}

export const config: Config = {
  schedule: '5 23 * * *',
};
