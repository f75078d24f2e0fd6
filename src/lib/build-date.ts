// "Now" for the build: what counts as today for alerts, upcoming events and the hours shown in
// the HTML. KSP_BUILD_NOW (ISO instant) pins it for reproducible test builds and screenshots.
import { getBerlinWallTime } from './opening-hours.ts';

export function buildNow(env: Record<string, string | undefined> = process.env): Date {
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
