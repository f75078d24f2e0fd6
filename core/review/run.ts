// Sending the digests, with a memory of what went out: the weekly run and the editors' "jetzt
// senden" share it. The state (a file on the publish server, Netlify Blobs in the Function)
// remembers per week which owner's digest was started, before the mail is handed to SMTP: a
// crash between the two loses that one mail rather than sending it twice ("never double-sends").
import { berlinDate } from './dates.ts';
import { buildDigests, type DigestMail } from './digest.ts';
import { dueUntil } from './due.ts';
import type { ReviewItem } from './model.ts';
import { weeklySlot } from './schedule.ts';

/** Per week: each owner's address (lower case) and whether the digest went out. */
export interface ReviewMailState {
  version: 1;
  week?: string;
  recipients: Record<string, 'sending' | 'sent' | 'failed'>;
  /** Attempts per address this week (a failed SMTP hand-over is tried again, up to MAX_ATTEMPTS). */
  attempts: Record<string, number>;
  /** This week's digest is done: every owner had theirs, or used up their attempts. */
  complete?: boolean;
  /** The last run of either kind, for the Studio (times and counts only, no addresses). */
  lastRun?: RunSummary;
  /** When the editors last asked for the digest (on demand is limited to once per cooldown). */
  lastRequestAt?: string;
}

export interface RunSummary {
  kind: 'weekly' | 'request';
  at: string;
  /** Mails handed to the SMTP server. */
  sent: number;
  failed: number;
  /** Due items without an owner (no one to mail). */
  withoutOwner: number;
}

export interface StateStore {
  load(): Promise<ReviewMailState>;
  save(state: ReviewMailState): Promise<void>;
}

export interface RunDeps {
  state: StateStore;
  /** The due items up to the given date (published documents only). */
  fetchItems(until: string): Promise<ReviewItem[]>;
  /** Hands one mail to SMTP; throws when it was not accepted. */
  send(mail: DigestMail): Promise<void>;
  studioUrl: string;
  now(): Date;
  log(event: Record<string, unknown>): void;
}

export const MAX_ATTEMPTS = 3;
/** At most one digest on request per this many minutes, however often editors press the button. */
export const REQUEST_COOLDOWN_MINUTES = 10;

export const emptyState = (): ReviewMailState => ({ version: 1, recipients: {}, attempts: {} });

/** A state read back from storage; anything unreadable starts empty (and is logged by the caller). */
export function parseState(value: unknown): ReviewMailState {
  if (typeof value !== 'object' || value === null) return emptyState();
  const raw = value as Partial<ReviewMailState>;
  return {
    version: 1,
    ...(typeof raw.week === 'string' ? { week: raw.week } : {}),
    recipients: typeof raw.recipients === 'object' && raw.recipients !== null ? raw.recipients : {},
    attempts: typeof raw.attempts === 'object' && raw.attempts !== null ? raw.attempts : {},
    ...(raw.complete === true ? { complete: true } : {}),
    ...(raw.lastRun ? { lastRun: raw.lastRun } : {}),
    ...(typeof raw.lastRequestAt === 'string' ? { lastRequestAt: raw.lastRequestAt } : {}),
  };
}

async function digests(deps: RunDeps): Promise<{ mails: DigestMail[]; withoutOwner: number; today: string }> {
  const today = berlinDate(deps.now());
  const items = await deps.fetchItems(dueUntil(today));
  const mails = buildDigests(items, { today, studioUrl: deps.studioUrl });
  const withoutOwner = items.filter((item) => !item.owner && item.nextReview <= dueUntil(today)).length;
  return { mails, withoutOwner, today };
}

/**
 * The weekly run: does nothing before Monday 07:00 or when every owner of this week has had their
 * digest; otherwise sends to the owners not yet done. Safe to call as often as a timer likes.
 */
export async function runWeekly(deps: RunDeps): Promise<RunSummary | undefined> {
  const slot = weeklySlot(deps.now());
  if (!slot.due) return undefined;
  let state = await deps.state.load();
  if (state.week !== slot.week) state = { ...state, week: slot.week, recipients: {}, attempts: {}, complete: false };
  if (state.complete) return undefined;
  const { mails, withoutOwner } = await digests(deps);
  const pending = mails.filter((mail) => {
    const key = mail.to.email.toLowerCase();
    const status = state.recipients[key];
    return status === undefined || (status === 'failed' && (state.attempts[key] ?? 0) < MAX_ATTEMPTS);
  });
  let sent = 0;
  let failed = 0;
  for (const mail of pending) {
    const key = mail.to.email.toLowerCase();
    state.recipients[key] = 'sending';
    state.attempts[key] = (state.attempts[key] ?? 0) + 1;
    await deps.state.save(state);
    try {
      await deps.send(mail);
      state.recipients[key] = 'sent';
      sent += 1;
    } catch (error) {
      state.recipients[key] = 'failed';
      failed += 1;
      deps.log({ event: 'review-mail-failed', kind: 'weekly', attempt: state.attempts[key], detail: error instanceof Error ? error.message : String(error) });
    }
  }
  // Done for the week unless a failed hand-over has attempts left (the next call tries again).
  state.complete = failed === 0 || pending.every((mail) => (state.attempts[mail.to.email.toLowerCase()] ?? 0) >= MAX_ATTEMPTS);
  state.lastRun = { kind: 'weekly', at: deps.now().toISOString(), sent, failed, withoutOwner };
  await deps.state.save(state);
  deps.log({ event: 'review-mail', kind: 'weekly', week: slot.week, sent, failed, withoutOwner });
  return state.lastRun;
}

export type RequestOutcome = { status: 'sent'; summary: RunSummary } | { status: 'cooldown'; retryAt: string };

/**
 * The digest on an editor's request, to every owner with due items, now. It does not count as
 * the week's digest; requests within REQUEST_COOLDOWN_MINUTES of the last are refused.
 */
export async function runOnRequest(deps: RunDeps): Promise<RequestOutcome> {
  const state = await deps.state.load();
  const now = deps.now();
  const last = state.lastRequestAt ? Date.parse(state.lastRequestAt) : Number.NaN;
  if (Number.isFinite(last) && now.getTime() - last < REQUEST_COOLDOWN_MINUTES * 60_000) {
    return { status: 'cooldown', retryAt: new Date(last + REQUEST_COOLDOWN_MINUTES * 60_000).toISOString() };
  }
  state.lastRequestAt = now.toISOString();
  await deps.state.save(state);
  const { mails, withoutOwner } = await digests(deps);
  let sent = 0;
  let failed = 0;
  for (const mail of mails) {
    try {
      await deps.send(mail);
      sent += 1;
    } catch (error) {
      failed += 1;
      deps.log({ event: 'review-mail-failed', kind: 'request', detail: error instanceof Error ? error.message : String(error) });
    }
  }
  const summary: RunSummary = { kind: 'request', at: deps.now().toISOString(), sent, failed, withoutOwner };
  const latest = await deps.state.load();
  await deps.state.save({ ...latest, lastRun: summary });
  deps.log({ event: 'review-mail', kind: 'request', sent, failed, withoutOwner });
  return { status: 'sent', summary };
}
