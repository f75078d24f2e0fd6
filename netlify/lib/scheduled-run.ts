// What the Netlify scheduled function does on one of its runs (every few minutes): nothing, a
// build for the live deploy's next change (its manifest says when, core/publish/next-change.ts),
// or the daily rebuild once the date in Kassel has changed since the live deploy was built. Pure:
// the function reads the manifest, the clock and what it asked for last, and acts on the answer.
import type { BuildManifest } from '../../core/publish/build-manifest.ts';
import type { NextChange } from '../../core/publish/next-change.ts';
import { getBerlinWallTime } from '../../core/opening-hours.ts';

export type ScheduledRun =
  | { kind: 'none'; reason: string }
  /** `key` is remembered, so the same moment of the same deploy is asked for once. */
  | { kind: 'change'; key: string; change: NextChange }
  | { kind: 'daily'; key: string };

/**
 * `lastKey` is the key of the run asked for last (Netlify Blobs), so a build that fails or is
 * still on its way is not asked for again every few minutes (each deploy is billed).
 */
export function decideScheduledRun(manifest: BuildManifest | undefined, now: Date, lastKey: string | undefined): ScheduledRun {
  const today = getBerlinWallTime(now).date;
  if (!manifest) {
    // The live manifest cannot be read (site unreachable, an old deploy): rebuild once a day.
    const key = `daily@${today}`;
    return key === lastKey ? { kind: 'none', reason: 'daily rebuild already asked for today' } : { kind: 'daily', key };
  }
  const change = manifest.nextChange;
  if (change && Date.parse(change.at) <= now.getTime()) {
    const key = `${manifest.buildId}@${change.at}`;
    if (key !== lastKey) return { kind: 'change', key, change };
  }
  const builtOn = getBerlinWallTime(new Date(manifest.startedAt)).date;
  if (builtOn !== today) {
    const key = `daily@${today}`;
    if (key !== lastKey) return { kind: 'daily', key };
  }
  return { kind: 'none', reason: change ? `next change at ${change.at}` : 'nothing scheduled' };
}
