// GET /api/review-mail on the publish server: whether the reminder mails are on and when they
// last went out, for the Studio's "Zu prüfen" (CORS for the Studio's origin). Public like the
// build status: times and counts only, never an address or a title.
import { REQUEST_COOLDOWN_MINUTES, type ReviewMailState, type RunSummary } from './run.ts';
import { WEEKLY_HOUR } from './schedule.ts';

export const REVIEW_MAIL_STATUS_PATH = '/api/review-mail';

export interface ReviewMailStatus {
  version: 1;
  /** `off`: no SMTP_URL; `failed`: misconfigured (the server's /status and log say what to fix). */
  state: 'on' | 'off' | 'failed';
  /** When the weekly digest goes out, in Kassel. */
  weekly: { weekday: 'monday'; hour: number };
  lastRun: RunSummary | null;
  /** Before this time a new request from the Studio is refused (cooldown). */
  nextRequestAt: string | null;
}

export function reviewMailStatus(state: ReviewMailStatus['state'], saved: ReviewMailState | undefined): ReviewMailStatus {
  const last = saved?.lastRequestAt ? Date.parse(saved.lastRequestAt) : Number.NaN;
  return {
    version: 1,
    state,
    weekly: { weekday: 'monday', hour: WEEKLY_HOUR },
    lastRun: saved?.lastRun ?? null,
    nextRequestAt: Number.isFinite(last) ? new Date(last + REQUEST_COOLDOWN_MINUTES * 60_000).toISOString() : null,
  };
}

function isRun(value: unknown): value is RunSummary {
  if (typeof value !== 'object' || value === null) return false;
  const run = value as Record<string, unknown>;
  return (run.kind === 'weekly' || run.kind === 'request') && typeof run.at === 'string' && typeof run.sent === 'number' && typeof run.failed === 'number' && typeof run.withoutOwner === 'number';
}

/** The Studio's reading of the answer; undefined for anything else. */
export function parseReviewMailStatus(value: unknown): ReviewMailStatus | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  if (raw.version !== 1 || (raw.state !== 'on' && raw.state !== 'off' && raw.state !== 'failed')) return undefined;
  return {
    version: 1,
    state: raw.state,
    weekly: { weekday: 'monday', hour: typeof (raw.weekly as { hour?: unknown } | undefined)?.hour === 'number' ? (raw.weekly as { hour: number }).hour : WEEKLY_HOUR },
    lastRun: isRun(raw.lastRun) ? raw.lastRun : null,
    nextRequestAt: typeof raw.nextRequestAt === 'string' ? raw.nextRequestAt : null,
  };
}
