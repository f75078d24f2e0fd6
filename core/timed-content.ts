// Content that starts or ends by itself: the alert's "Anzeigen ab/bis" (a Berlin date with an
// optional time of day) and "Sichtbar bis" of press items and pages (an instant). The build hides
// what has ended (src/lib/content/), the next-change computation (core/publish/next-change.ts)
// schedules the rebuild for it, and the platform unpublishes documents past "Sichtbar bis".
// Pure: no clock, no I/O.
//
// Berlin wall times and daylight saving (the rule, README "Content that ends by itself"):
// a wall time means the first instant the clocks in Kassel show it or a later time.
// - In the March gap (02:00–02:59 do not exist; the clock jumps from 02:00 CET to 03:00 CEST),
//   such a time means the jump itself: 2027-03-28 02:30 is 03:00 CEST (01:00 UTC).
// - In October 02:00–02:59 happen twice; the first one counts (summer time): 2026-10-25 02:30 is
//   02:30 CEST (00:30 UTC), not an hour later.
// A date without a time means the end of that day: 00:00 of the next day, which always exists.
import { addDays, getBerlinWallTime, isValidDate } from './opening-hours.ts';

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isValidTimeOfDay(time: string): boolean {
  return TIME_PATTERN.test(time);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The instant a Berlin wall date and time (HH:mm) is first reached; see the rule above. */
export function berlinInstant(date: string, time: string): Date {
  if (!isValidDate(date)) throw new RangeError(`Invalid date "${date}": expected an existing day as YYYY-MM-DD.`);
  if (!isValidTimeOfDay(time)) throw new RangeError(`Invalid time "${time}": expected HH:mm from 00:00 to 23:59.`);
  const target = `${date} ${time}`;
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  const wallAt = (ms: number) => {
    const wall = getBerlinWallTime(new Date(ms));
    return `${wall.date} ${wall.time}`;
  };
  // Berlin is UTC+2 (summer) or UTC+1 (winter); the earlier candidate is the first occurrence.
  for (const offset of [2 * HOUR, HOUR]) {
    if (wallAt(asUtc - offset) === target) return new Date(asUtc - offset);
  }
  // In the spring gap: the first minute whose wall time lies past the target is the jump.
  for (let ms = asUtc - 2 * HOUR; ms <= asUtc; ms += MINUTE) {
    if (wallAt(ms) > target) return new Date(ms);
  }
  throw new RangeError(`${target} could not be placed in Europe/Berlin time.`);
}

/** The alert of the site settings as far as its timing goes (MODEL.md: siteSettings.alert). */
export interface TimedAlert {
  enabled: boolean;
  /** YYYY-MM-DD, Berlin; absent: shown from its publish on. */
  validFrom?: string | null | undefined;
  /** HH:mm, Berlin; absent: from the start of `validFrom`. */
  validFromTime?: string | null | undefined;
  /** YYYY-MM-DD, Berlin; absent: shown until switched off. */
  validUntil?: string | null | undefined;
  /** HH:mm, Berlin; absent: until the end of `validUntil` (the meaning of a date alone before times existed). */
  validUntilTime?: string | null | undefined;
}

/** When the alert appears (undefined: no start set). */
export function alertStart(alert: TimedAlert): Date | undefined {
  return alert.validFrom ? berlinInstant(alert.validFrom, alert.validFromTime || '00:00') : undefined;
}

/** The first instant the alert is no longer shown (undefined: no end set). */
export function alertEnd(alert: TimedAlert): Date | undefined {
  if (!alert.validUntil) return undefined;
  return alert.validUntilTime ? berlinInstant(alert.validUntil, alert.validUntilTime) : berlinInstant(addDays(alert.validUntil, 1), '00:00');
}

/** Shown while enabled, from its start (inclusive) to its end (exclusive): gone at the "Anzeigen bis" minute. */
export function isAlertShown<T extends TimedAlert>(alert: T | undefined | null, now: Date): alert is T {
  if (!alert?.enabled) return false;
  const start = alertStart(alert);
  const end = alertEnd(alert);
  return (!start || start <= now) && (!end || now < end);
}

/** A document with "Sichtbar bis" (press items, pages): an ISO instant, as Sanity's datetime stores it. */
export interface Expiring {
  visibleUntil?: string | null | undefined;
}

/** The instant the document leaves the site, if it has a valid "Sichtbar bis". */
export function visibleUntilOf(doc: Expiring): Date | undefined {
  if (!doc.visibleUntil) return undefined;
  const at = Date.parse(doc.visibleUntil);
  return Number.isNaN(at) ? undefined : new Date(at);
}

/** Whether the site shows the document at `now`: before its "Sichtbar bis" (gone at that minute). */
export function isVisibleAt(doc: Expiring, now: Date): boolean {
  const until = visibleUntilOf(doc);
  return !until || now < until;
}
