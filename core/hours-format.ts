// Opening hours as text, shared by the build (tables, today's hours) and the browser (the
// today's-hours enhancement). 24-hour times in both languages, as on the KSP's signs.
import type { Locale } from './i18n/index.ts';
import { getBerlinWallTime, type Interval, type StatusDay } from './opening-hours.ts';
import { BoundedCache } from './bounded-cache.ts';

/** "10:00–19:00 Uhr" / "10:00–19:00"; several intervals joined with commas. */
export function formatIntervals(intervals: readonly Interval[], locale: Locale): string {
  const list = intervals.map((iv) => `${iv.opens}–${iv.closes}`).join(', ');
  return locale === 'de' ? `${list} Uhr` : list;
}

/** "Heute: 10:00–19:00 Uhr" / "Today: closed", or undefined when `days` does not cover today. */
export function todayHoursText(days: readonly StatusDay[], now: Date, locale: Locale, labels: { today: string; closed: string }): string | undefined {
  const today = getBerlinWallTime(now).date;
  const day = days.find((d) => d.date === today);
  if (!day) return undefined;
  return `${labels.today}: ${day.intervals.length > 0 ? formatIntervals(day.intervals, locale) : labels.closed}`;
}

/** A calendar date in words, e.g. "Montag, 7. Dezember 2026" / "Monday 7 December 2026". */
export function formatLongDate(date: string, locale: Locale, options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }): string {
  // Formatters per locale and options (constructing them is the expensive part), and results:
  // every page of a build shows the same few dates (today's hours, special days).
  const key = `${locale} ${JSON.stringify(options)}`;
  const known = longDates.get(`${key} ${date}`);
  if (known !== undefined) return known;
  let format = longDateFormats.get(key);
  if (!format) longDateFormats.set(key, (format = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { ...options, timeZone: 'UTC' })));
  return longDates.set(`${key} ${date}`, format.format(new Date(`${date}T12:00:00Z`)));
}
const longDates = new BoundedCache<string>(10_000);
const longDateFormats = new Map<string, Intl.DateTimeFormat>();

const SHORT_DAYS: Record<Locale, readonly string[]> = {
  de: ['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

/**
 * A week in one line, consecutive days with the same hours merged:
 * "Mo–Fr 10:00–19:00 Uhr · Sa 10:00–18:00 Uhr · So geschlossen".
 */
export function summariseWeek(rows: readonly { intervals: readonly Interval[] }[], locale: Locale, closed: string): string {
  const key = (intervals: readonly Interval[]) => (intervals.length > 0 ? formatIntervals(intervals, locale) : closed);
  const runs: { from: number; to: number; text: string }[] = [];
  rows.forEach((row, index) => {
    const text = key(row.intervals);
    const last = runs.at(-1);
    if (last && last.text === text && last.to === index - 1) last.to = index;
    else runs.push({ from: index, to: index, text });
  });
  const days = SHORT_DAYS[locale];
  return runs.map((r) => `${days[r.from]}${r.to > r.from ? `–${days[r.to]}` : ''} ${r.text}`).join(' · ');
}
