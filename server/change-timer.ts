// The publish server's timer for the next moment the site changes by itself: the live build's
// manifest names it (core/publish/next-change.ts), the timer fires then, unpublishes what has
// reached "Sichtbar bis" (with SANITY_UNPUBLISH_TOKEN) and asks for a build whose trigger names
// the reason. The timer is bounded (it wakes at least hourly and looks again), re-armed whenever
// another release goes live, and after a restart armed from the live release's manifest, so a
// change due while the server was down is caught up at the start.
//
// `check` is what the timer runs; tests call it with a clock of their own instead of waiting.
import type { SanityClient } from '@sanity/client';
import type { BuildManifest } from '../core/publish/build-manifest.ts';
import { scheduledTrigger, type BuildTrigger, type ScheduledUnpublish } from '../core/publish/build-trigger.ts';
import type { Logger } from '../core/publish/log.ts';
import { notConfigured, unpublishDue } from '../core/publish/unpublish.ts';

/** The longest a timer sleeps before it looks again (setTimeout cannot wait beyond ~24.8 days). */
export const MAX_TIMER_MS = 60 * 60 * 1000;

export interface ChangeTimerOptions {
  now: () => Date;
  /** The manifest of the live release; undefined without one (or when it cannot be read). */
  liveManifest: () => Promise<BuildManifest | undefined>;
  /** A client with SANITY_UNPUBLISH_TOKEN; undefined when it is not configured. */
  unpublisher: SanityClient | undefined;
  request: (trigger: BuildTrigger) => void;
  log: Logger;
}

export type CheckResult = { requested: BuildTrigger } | { requested: null; next: string | null };

export function createChangeTimer(options: ChangeTimerOptions) {
  const { now, log } = options;
  let manifest: BuildManifest | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // One request per live build and moment: a build that fails is not asked for again every minute
  // (the daily rebuild and the next publish still come).
  const handled = new Set<string>();
  let checking: Promise<CheckResult> | undefined;

  const keyOf = (m: BuildManifest, at: string) => `${m.buildId}@${at}`;

  function arm() {
    clearTimeout(timer);
    timer = undefined;
    const at = manifest?.nextChange?.at;
    if (stopped || !manifest || !at || handled.has(keyOf(manifest, at))) return;
    const delay = Math.min(Math.max(0, Date.parse(at) - now().getTime()), MAX_TIMER_MS);
    timer = setTimeout(() => void check(), delay);
    timer.unref();
  }

  async function unpublish(m: BuildManifest, at: string): Promise<ScheduledUnpublish[]> {
    const client = options.unpublisher;
    if (!client) {
      // Without a token only the documents the manifest knows are named: the site hides them.
      const due = m.nextChange?.reasons.flatMap((reason) => (reason.kind === 'visible-until' ? [{ ...reason.document, visibleUntil: at }] : [])) ?? [];
      return notConfigured(due);
    }
    try {
      return await unpublishDue(client, now(), (doc, error) =>
        log({ event: 'unpublish-failed', status: 502, document: doc._id, error: error instanceof Error ? error.message : String(error) }),
      );
    } catch (error) {
      // Sanity unreachable: the site hides the documents anyway; the next moment tries again.
      log({ event: 'unpublish-failed', status: 502, error: error instanceof Error ? error.message : String(error) });
      return [];
    }
  }

  async function runCheck(): Promise<CheckResult> {
    const m = manifest;
    const change = m?.nextChange;
    if (!m || !change || Date.parse(change.at) > now().getTime() || handled.has(keyOf(m, change.at))) {
      arm();
      return { requested: null, next: change?.at ?? null };
    }
    handled.add(keyOf(m, change.at));
    const unpublished = await unpublish(m, change.at);
    const trigger = scheduledTrigger(change.at, change.reasons, unpublished);
    for (const doc of unpublished) log({ event: 'unpublished', document: doc._id, result: doc.result, visibleUntil: doc.visibleUntil });
    if (!stopped) options.request(trigger);
    log({ event: 'scheduled-change', at: change.at, reasons: change.reasons.map((reason) => reason.kind) });
    return { requested: trigger };
  }

  /** Runs what the timer runs: when the live manifest's next change is due, unpublish and build. */
  function check(): Promise<CheckResult> {
    checking ??= runCheck().finally(() => {
      checking = undefined;
    });
    return checking;
  }

  return {
    check,
    /** Reads the live manifest again (start, and whenever a release goes live) and arms the timer. */
    async refresh(): Promise<void> {
      manifest = await options.liveManifest();
      arm();
    },
    /** The next change of the live build, as its manifest says. */
    get next() {
      return manifest?.nextChange ?? null;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
