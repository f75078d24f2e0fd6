// "Now" for the build: what counts as today for alerts, upcoming events and the hours shown in
// the HTML. KSP_BUILD_NOW (ISO instant) pins it for reproducible test builds and screenshots
// (src/lib/build-config.ts). A preview request renders as a build started at that request would
// (its scope's `now`).
import { currentScope } from './content/scope.ts';
import { getBerlinWallTime } from '../../core/opening-hours.ts';
import { buildConfig } from './build-config.ts';

/**
 * One instant for the whole build, so the alert banner, the hours and the event lists of one
 * build all agree on what "now" is; in a preview, one instant per request.
 * (A long-running `astro dev` keeps its start instant; restart it to move "now".)
 */
export function buildNow(): Date {
  return currentScope().now ?? buildConfig().now;
}

/** Today's date in Berlin at build time, YYYY-MM-DD. */
export function buildDate(): string {
  return getBerlinWallTime(buildNow()).date;
}
