// One poller per Studio tab for the live build manifest and the build status, shared by every
// badge, banner and the tool. Cheap by design:
//   - requests revalidate (`cache: 'no-cache'`): the browser sends If-None-Match with the ETag it
//     holds and an unchanged answer costs a 304 without a body (and no CORS preflight);
//   - the pause grows while nothing changes (FAST_MS up to SLOW_MS) and drops back to FAST_MS when
//     something changed or a document waits for its build (`expectChange`);
//   - nothing is fetched while the tab is hidden; it polls once when the tab shows again.
import { useSyncExternalStore } from 'react';
import { BUILD_MANIFEST_PATH, parseManifest, type BuildManifest } from '../../core/publish/build-manifest.ts';
import { BUILD_STATUS_PATH, parseBuildStatus, type BuildStatus } from '../../core/publish/build-status.ts';

export const FAST_MS = 2000;
export const SLOW_MS = 60_000;
const GROWTH = 1.6;

export interface PublishingSnapshot {
  /** undefined: not loaded yet, or the site cannot be reached. */
  manifest: BuildManifest | undefined;
  /** undefined: no status API here (Netlify without NETLIFY_API_TOKEN) or not reachable. */
  status: BuildStatus | undefined;
  /** True after the first round of requests, so the UI can tell "loading" from "unavailable". */
  loaded: boolean;
  /** The site could not be reached at all in the last round. */
  unreachable: boolean;
}

export interface Poller {
  subscribe(listener: () => void): () => void;
  getSnapshot(): PublishingSnapshot;
  /** Something is expected to change soon (a publish, a rebuild request): poll fast again. */
  expectChange(): void;
}

interface PollerOptions {
  manifestUrl: string;
  statusUrl: string;
  fetchImpl?: typeof fetch;
  /** The page's visibility; tests pass their own. */
  visibility?: { hidden(): boolean; onChange(listener: () => void): () => void };
}

async function getJson(fetchImpl: typeof fetch, url: string): Promise<{ text: string; value: unknown } | 'missing' | 'unreachable'> {
  try {
    const response = await fetchImpl(url, { cache: 'no-cache', credentials: 'omit', mode: 'cors' });
    if (!response.ok) return 'missing';
    const text = await response.text();
    return { text, value: JSON.parse(text) as unknown };
  } catch {
    return 'unreachable';
  }
}

const documentVisibility = {
  hidden: () => typeof document !== 'undefined' && document.visibilityState === 'hidden',
  onChange(listener: () => void) {
    document.addEventListener('visibilitychange', listener);
    return () => document.removeEventListener('visibilitychange', listener);
  },
};

export function createPoller({ manifestUrl, statusUrl, fetchImpl = (...args) => fetch(...args), visibility = documentVisibility }: PollerOptions): Poller {
  let snapshot: PublishingSnapshot = { manifest: undefined, status: undefined, loaded: false, unreachable: false };
  let lastTexts = '';
  let pauseMs = FAST_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;
  let stopVisibility: (() => void) | undefined;
  const listeners = new Set<() => void>();

  const schedule = () => {
    clearTimeout(timer);
    timer = undefined;
    if (listeners.size === 0 || visibility.hidden()) return;
    timer = setTimeout(() => void poll(), pauseMs);
  };

  async function poll() {
    if (inFlight) return;
    inFlight = true;
    try {
      const [manifest, status] = await Promise.all([getJson(fetchImpl, manifestUrl), getJson(fetchImpl, statusUrl)]);
      const texts = `${typeof manifest === 'object' ? manifest.text : manifest}\n${typeof status === 'object' ? status.text : status}`;
      const busy = (snapshot.status?.running ?? null) !== null || (snapshot.status?.queue.length ?? 0) > 0;
      if (texts !== lastTexts || !snapshot.loaded) {
        lastTexts = texts;
        snapshot = {
          manifest: typeof manifest === 'object' ? parseManifest(manifest.value) : undefined,
          status: typeof status === 'object' ? parseBuildStatus(status.value) : undefined,
          loaded: true,
          unreachable: manifest === 'unreachable' && status === 'unreachable',
        };
        pauseMs = FAST_MS;
        for (const listener of listeners) listener();
      } else if (!busy) {
        pauseMs = Math.min(SLOW_MS, Math.round(pauseMs * GROWTH));
      }
    } finally {
      inFlight = false;
      schedule();
    }
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) {
        stopVisibility = visibility.onChange(() => {
          if (visibility.hidden()) {
            clearTimeout(timer);
            timer = undefined;
          } else void poll();
        });
        void poll();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          clearTimeout(timer);
          timer = undefined;
          stopVisibility?.();
        }
      };
    },
    getSnapshot: () => snapshot,
    expectChange() {
      if (pauseMs === FAST_MS && timer) return;
      pauseMs = FAST_MS;
      schedule();
    },
  };
}

let shared: Poller | undefined;

/** The tab's poller for the site at `siteUrl` (studio/env.ts). */
export function sharedPoller(siteUrl: string): Poller {
  shared ??= createPoller({
    manifestUrl: new URL(BUILD_MANIFEST_PATH, siteUrl).href,
    statusUrl: new URL(BUILD_STATUS_PATH, siteUrl).href,
  });
  return shared;
}

export function usePublishing(poller: Poller): PublishingSnapshot {
  return useSyncExternalStore(poller.subscribe, poller.getSnapshot, poller.getSnapshot);
}
