// "Now" for the build: what counts as today for alerts, upcoming events and the hours shown in
// the HTML. KSP_BUILD_NOW (ISO instant) pins it for reproducible test builds and screenshots.
// A preview request renders as a build started at that request would (its scope's `now`).
import { currentScope } from './content/scope.ts';
import { getBerlinWallTime } from '../../core/opening-hours.ts';

let processNow: Date | undefined;

/**
 * One instant for the whole build when read from process.env, so the alert banner, the hours and
 * the event lists of one build all agree on what "now" is; in a preview, one instant per request.
 * (A long-running `astro dev` keeps its start instant; restart it to move "now".)
 */
export function buildNow(env: Record<string, string | undefined> = process.env): Date {
  if (env === process.env) return currentScope().now ?? (processNow ??= readNow(env));
  return readNow(env);
}

/** "Now" as KSP_BUILD_NOW pins it, else the current time. */
export function readNow(env: Record<string, string | undefined>): Date {
  const pinned = env.KSP_BUILD_NOW;
  if (pinned) {
    const date = new Date(pinned);
    if (Number.isNaN(date.getTime())) throw new Error(`KSP_BUILD_NOW "${pinned}" is not a date; use an ISO instant like 2026-12-01T09:00:00+01:00.`);
    return date;
  }
  return new Date();
}

/** Today's date in Berlin at build time, YYYY-MM-DD. */
export function buildDate(env: Record<string, string | undefined> = process.env): string {
  return getBerlinWallTime(buildNow(env)).date;
}
