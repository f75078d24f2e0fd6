// The next instant the site's output changes by itself, from the content a build read: an alert
// starts or ends, a document reaches "Sichtbar bis", an event starts or ends (it moves to the
// past), a special opening day or an hours period begins or passes, a scheduled content release
// is due. The build manifest records it (build-manifest.ts); the publish server sets a timer for
// it and the Netlify scheduled function compares it with the clock, so the site is rebuilt at
// that minute instead of at the next daily rebuild. Pure: the caller passes `now`.
//
// The reasons stay data (the Studio writes German from them: studio/publishing/texts.ts).
import { addDays } from '../opening-hours.ts';
import { alertEnd, alertStart, berlinInstant, visibleUntilOf, type Expiring, type TimedAlert } from '../timed-content.ts';
import { isObject } from './build-trigger.ts';

/** A document named in a reason, with its German title when the build knew one. */
export interface ChangeDocument {
  _id: string;
  _type: string;
  title?: string;
}

export type ChangeReason =
  | { kind: 'alert-starts' | 'alert-ends' }
  | { kind: 'visible-until'; document: ChangeDocument }
  | { kind: 'event-starts' | 'event-ends'; document: ChangeDocument }
  /** A special day (YYYY-MM-DD) has passed: it no longer shows as upcoming. */
  | { kind: 'special-day-passes'; date: string }
  | { kind: 'hours-period-starts' | 'hours-period-ends'; date: string; label?: string }
  | { kind: 'release-due'; release: { _id: string; title?: string } };

export const CHANGE_REASON_KINDS = [
  'alert-starts',
  'alert-ends',
  'visible-until',
  'event-starts',
  'event-ends',
  'special-day-passes',
  'hours-period-starts',
  'hours-period-ends',
  'release-due',
] as const satisfies readonly ChangeReason['kind'][];

export interface NextChange {
  /** ISO instant: a build started at or after it shows the change. */
  at: string;
  /** Everything that changes at that instant (several documents may end at the same minute). */
  reasons: ChangeReason[];
}

/** What the build read that has a time, in the shapes of its content layer. */
export interface TimedContent {
  alert?: TimedAlert | null | undefined;
  /** Documents with "Sichtbar bis" (press items, pages); others are ignored. */
  documents?: readonly (ChangeDocument & Expiring)[];
  /** Events: upcoming until `end` has passed (src/content-types/event/schedule.ts). */
  events?: readonly { _id: string; title?: string; start: string; end: string }[];
  hours?: {
    specialDays: readonly { date: string }[];
    periods: readonly { validFrom: string; validUntil: string; label?: string }[];
  } | null;
  /** Scheduled content releases the build could read (`_.releases.*`); absent when it cannot. */
  releases?: readonly { _id: string; title?: string; intendedPublishAt?: string | null }[];
}

/** Every timed change of the content, in no particular order, past ones included. */
export function timedChanges(content: TimedContent): { at: Date; reason: ChangeReason }[] {
  const changes: { at: Date; reason: ChangeReason }[] = [];
  const add = (at: Date | undefined, reason: ChangeReason) => {
    if (at && !Number.isNaN(at.getTime())) changes.push({ at, reason });
  };
  const alert = content.alert;
  if (alert?.enabled) {
    // A broken date or time stops nothing here: the content contract reports it in the build.
    try {
      add(alertStart(alert), { kind: 'alert-starts' });
      add(alertEnd(alert), { kind: 'alert-ends' });
    } catch {
      /* reported by the contract */
    }
  }
  for (const doc of content.documents ?? []) {
    const { _id, _type, title } = doc;
    add(visibleUntilOf(doc), { kind: 'visible-until', document: { _id, _type, ...(title ? { title } : {}) } });
  }
  for (const event of content.events ?? []) {
    const document = { _id: event._id, _type: 'event', ...(event.title ? { title: event.title } : {}) };
    add(new Date(Date.parse(event.start)), { kind: 'event-starts', document });
    // splitEvents counts an event as upcoming while `end >= now`: it is past one millisecond later.
    add(new Date(Date.parse(event.end) + 1), { kind: 'event-ends', document });
  }
  const dayAfter = (date: string) => {
    try {
      return berlinInstant(addDays(date, 1), '00:00');
    } catch {
      return undefined;
    }
  };
  const dayStart = (date: string) => {
    try {
      return berlinInstant(date, '00:00');
    } catch {
      return undefined;
    }
  };
  for (const day of content.hours?.specialDays ?? []) add(dayAfter(day.date), { kind: 'special-day-passes', date: day.date });
  for (const period of content.hours?.periods ?? []) {
    const label = period.label ? { label: period.label } : {};
    add(dayStart(period.validFrom), { kind: 'hours-period-starts', date: period.validFrom, ...label });
    add(dayAfter(period.validUntil), { kind: 'hours-period-ends', date: period.validUntil, ...label });
  }
  for (const release of content.releases ?? []) {
    if (!release.intendedPublishAt) continue;
    add(new Date(Date.parse(release.intendedPublishAt)), { kind: 'release-due', release: { _id: release._id, ...(release.title ? { title: release.title } : {}) } });
  }
  return changes;
}

/** The first instant after `now` at which the output changes, with every reason due then; null: none. */
export function nextChange(content: TimedContent, now: Date): NextChange | null {
  const future = timedChanges(content).filter((change) => change.at.getTime() > now.getTime());
  if (future.length === 0) return null;
  const first = Math.min(...future.map((change) => change.at.getTime()));
  return { at: new Date(first).toISOString(), reasons: future.filter((change) => change.at.getTime() === first).map((change) => change.reason) };
}

/**
 * The changes due in (after, upTo]: what a rebuild at `upTo` catches up on when the site was
 * built at `after` (the platform unpublishes the "Sichtbar bis" documents among them).
 */
export function dueChanges(content: TimedContent, after: Date, upTo: Date): { at: string; reason: ChangeReason }[] {
  return timedChanges(content)
    .filter((change) => change.at.getTime() > after.getTime() && change.at.getTime() <= upTo.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((change) => ({ at: change.at.toISOString(), reason: change.reason }));
}

function parseDocument(value: unknown): ChangeDocument | undefined {
  if (!isObject(value) || typeof value._id !== 'string' || typeof value._type !== 'string') return undefined;
  return { _id: value._id, _type: value._type, ...(typeof value.title === 'string' ? { title: value.title } : {}) };
}

/** Checks a reason read back from JSON (manifest, build trigger); undefined when it is none. */
export function parseChangeReason(value: unknown): ChangeReason | undefined {
  if (!isObject(value) || !(CHANGE_REASON_KINDS as readonly unknown[]).includes(value.kind)) return undefined;
  const kind = value.kind as ChangeReason['kind'];
  switch (kind) {
    case 'alert-starts':
    case 'alert-ends':
      return { kind };
    case 'visible-until':
    case 'event-starts':
    case 'event-ends': {
      const document = parseDocument(value.document);
      return document && { kind, document };
    }
    case 'special-day-passes':
      return typeof value.date === 'string' ? { kind, date: value.date } : undefined;
    case 'hours-period-starts':
    case 'hours-period-ends':
      return typeof value.date === 'string' ? { kind, date: value.date, ...(typeof value.label === 'string' ? { label: value.label } : {}) } : undefined;
    case 'release-due': {
      const release = isObject(value.release) && typeof value.release._id === 'string' ? value.release : undefined;
      return release && { kind, release: { _id: release._id as string, ...(typeof release.title === 'string' ? { title: release.title } : {}) } };
    }
  }
}

/** Checks a next change read back from JSON; undefined when it is none. Unknown reasons are left out. */
export function parseNextChange(value: unknown): NextChange | undefined {
  if (!isObject(value) || typeof value.at !== 'string' || Number.isNaN(Date.parse(value.at)) || !Array.isArray(value.reasons)) return undefined;
  return { at: value.at, reasons: value.reasons.flatMap((reason) => parseChangeReason(reason) ?? []) };
}
