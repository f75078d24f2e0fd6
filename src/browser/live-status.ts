// Live open/closed status. The page is static, so the build renders today's hours as fallback
// text and the resolved days of the next weeks into data-days (liveStatusAttributes); this
// script only enhances that element with the status at the moment of reading. It imports the
// small pure functions only: the holiday calendar is already applied in data-days.
import type { Locale } from '../../core/i18n/index.ts';
import { formatStatus, getStatus, type StatusDay } from '../../core/opening-hours.ts';

const MINUTE = 60_000;

/** The parts of an element this script touches; a plain object in unit tests. */
export interface LiveStatusTarget {
  dataset: DOMStringMap;
  textContent: string | null;
}

function parseDays(json: string | undefined): StatusDay[] | undefined {
  try {
    const value: unknown = JSON.parse(json ?? '');
    return Array.isArray(value) ? (value as StatusDay[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the status at `now` into the element; leaves the fallback text when it cannot know. */
export function renderLiveStatus(element: LiveStatusTarget, now: Date): void {
  const days = parseDays(element.dataset.days);
  const locale: Locale = element.dataset.locale === 'en' ? 'en' : 'de';
  const status = days && getStatus(days, now);
  if (!status) return;
  const text = formatStatus(status, locale, now);
  // Only touch the DOM on change, so an aria-live region is not re-announced every minute.
  if (element.textContent !== text) element.textContent = text;
  element.dataset.state = status.open ? 'open' : 'closed';
}

function renderAll(): void {
  const now = new Date();
  document.querySelectorAll<HTMLElement>('[data-live-status]').forEach((element) => renderLiveStatus(element, now));
}

let timer: ReturnType<typeof setTimeout> | undefined;

function schedule(): void {
  clearTimeout(timer);
  // Just after each full minute, so "closes at 19:00" flips at 19:00 and not up to a minute late.
  timer = setTimeout(() => {
    renderAll();
    schedule();
  }, MINUTE - (Date.now() % MINUTE) + 50);
}

if (typeof document !== 'undefined') {
  renderAll();
  schedule();
  // Timers are throttled in background tabs and a laptop may have slept: refresh on return.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible') return;
    renderAll();
    schedule();
  });
}
