// Pure event logic: which events are upcoming at a given moment, and how their dates read in
// each language. Always Europe/Berlin, whatever the time zone of the machine that builds.
import type { Locale } from '../../../core/i18n/index.ts';
import { BoundedCache } from '../../../core/bounded-cache.ts';
import { formatLongDate } from '../../../core/hours-format.ts';

export const EVENT_TIME_ZONE = 'Europe/Berlin';

interface Timed {
  start: string;
  end: string;
}

/**
 * Splits events at `now` (the build time; the site is rebuilt daily): an event is upcoming
 * until it has ended, so a running theme week stays in the list. Upcoming soonest first, past
 * most recent first.
 */
export function splitEvents<T extends Timed>(events: readonly T[], now: Date): { upcoming: T[]; past: T[] } {
  const at = now.getTime();
  const upcoming = events.filter((e) => Date.parse(e.end) >= at).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const past = events.filter((e) => Date.parse(e.end) < at).sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
  return { upcoming, past };
}

export type EventPhase = 'upcoming' | 'running' | 'past';

export function eventPhase(event: Timed, now: Date): EventPhase {
  const at = now.getTime();
  if (Date.parse(event.end) < at) return 'past';
  return Date.parse(event.start) <= at ? 'running' : 'upcoming';
}

const intlLocale: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };

export type DateStyle = 'long' | 'short';

const formats: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  long: { dateStyle: 'full', timeStyle: 'short' },
  short: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' },
};

// Creating an Intl.DateTimeFormat costs far more than formatting with one; with thousands of
// event and press pages, new formatters per call were the largest self time of the build.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

export interface DatePart {
  text: string;
  /** Which end of the range the text belongs to; `shared` text belongs to both. */
  source: 'startRange' | 'endRange' | 'shared';
}

const rangeParts = new BoundedCache<readonly Readonly<DatePart>[]>(50_000);

/**
 * The date range as text parts, e.g. "Freitag, 7. Oktober 2022, " + "10:00" + "–" + "18:00" +
 * " Uhr": Intl drops what both ends share, and the parts let a component wrap each end in
 * its own <time datetime>.
 */
export function eventDateParts(event: Timed, locale: Locale, style: DateStyle = 'long'): readonly Readonly<DatePart>[] {
  // The same event is shown on its page, in lists, on partner pages and in feeds: remembered.
  const key = `${locale} ${style} ${event.start} ${event.end}`;
  const known = rangeParts.get(key);
  if (known) return known;
  const format = formatter(intlLocale[locale], { ...formats[style], timeZone: EVENT_TIME_ZONE });
  const merged: DatePart[] = [];
  for (const part of format.formatRangeToParts(new Date(event.start), new Date(event.end))) {
    const source = part.source as DatePart['source'];
    const last = merged.at(-1);
    if (last && last.source === source) last.text += part.value;
    else merged.push({ text: part.value, source });
  }
  return rangeParts.set(key, merged);
}

/** The whole range as one string, for feeds and meta descriptions. */
export function formatEventRange(event: Timed, locale: Locale, style: DateStyle = 'long'): string {
  return eventDateParts(event, locale, style)
    .map((p) => p.text)
    .join('');
}

/** A calendar date (YYYY-MM-DD, e.g. a press item's publishedAt) in words, e.g. "9. September 2022". */
export function formatDay(date: string, locale: Locale): string {
  return formatLongDate(date, locale, { dateStyle: 'long' });
}
