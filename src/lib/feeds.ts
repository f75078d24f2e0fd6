// Feeds: the press RSS 2.0 channel (rendered by @astrojs/rss) and iCalendar files for events
// (rendered by ical-generator). Pure: callers pass the items, the origin and the build time.
import type { RSSOptions } from '@astrojs/rss';
import { TZDate } from '@date-fns/tz';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { localize, type Locale } from '../../core/i18n/index.ts';
import { EVENT_TIME_ZONE } from '../content-types/event/schedule.ts';
import { escapeHtml } from '../../core/portable-text.ts';

// ---------------------------------------------------------------------------------------------
// RSS

export interface FeedPressItem {
  title: { de: string; en?: string | undefined };
  lead: { de: string; en?: string | undefined };
  publishedAt: string;
  relatedPartners: { name: string }[];
}

export interface PressFeedInput {
  items: readonly (FeedPressItem & { url: string })[];
  locale: Locale;
  /** Absolute URL of the press list page: the channel's <link>. */
  channelUrl: string;
  /** Absolute URL of the feed itself (atom:link rel="self", recommended by the RSS Advisory Board). */
  feedUrl: string;
  title: string;
  description: string;
}

/** A calendar date (YYYY-MM-DD) as the start of that day in Kassel. */
export function berlinMidnight(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, EVENT_TIME_ZONE).getTime());
}

/** Options for @astrojs/rss (`rss()` in the endpoint, `getRssString()` in tests). */
export function pressFeedOptions(input: PressFeedInput): RSSOptions {
  return {
    title: input.title,
    description: input.description,
    site: input.channelUrl,
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    customData: [
      `<language>${input.locale === 'de' ? 'de-DE' : 'en-GB'}</language>`,
      `<atom:link href="${escapeHtml(input.feedUrl)}" rel="self" type="application/rss+xml"/>`,
    ].join(''),
    items: input.items.map((item) => ({
      title: localize(item.title, input.locale),
      description: localize(item.lead, input.locale),
      link: item.url,
      pubDate: berlinMidnight(item.publishedAt),
      categories: item.relatedPartners.map((p) => p.name),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// iCalendar

export interface CalendarEventInput {
  _id: string;
  _updatedAt?: string | undefined;
  title: { de: string; en?: string | undefined };
  summary: { de: string; en?: string | undefined };
  place: { de: string; en?: string | undefined };
  series?: { de?: string | undefined; en?: string | undefined } | undefined;
  start: string;
  end: string;
  /** Absolute URL of the event's page. */
  url: string;
}

export interface CalendarInput {
  events: readonly CalendarEventInput[];
  locale: Locale;
  /** Site origin, e.g. https://servicepoint.kassel.de: its host makes UIDs globally unique. */
  origin: string;
  /** Calendar name shown by calendar apps. */
  name: string;
  /** Postal address appended to each event's place (so calendar apps can map it), e.g. "Obere Königsstraße 39, 34117 Kassel". */
  address: string;
  /** DTSTAMP for events without an edit time: the build time. */
  now: Date;
  /** A subscribed feed (refresh interval) rather than a one-off download. */
  feed?: boolean;
}

/** Stable per event and site, so re-importing or refreshing updates instead of duplicating. */
export function eventUid(id: string, origin: string): string {
  return `${id}@${new URL(origin).host}`;
}

export function buildCalendar(input: CalendarInput): string {
  const calendar = ical({
    name: input.name,
    prodId: { company: 'Kassel Service Point', product: 'Website', language: input.locale.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    // A generator without a calendar-wide zone name: events carry TZID=Europe/Berlin and get a
    // VTIMEZONE block, while DTSTAMP stays in UTC as RFC 5545 requires (with a calendar-wide
    // name, ical-generator would write DTSTAMP as a floating local time).
    timezone: { name: null, generator: getVtimezoneComponent },
    ...(input.feed ? { ttl: 60 * 60 * 24 } : {}),
  });
  // Apple and Google show a subscribed calendar in this zone by default.
  calendar.x([['X-WR-TIMEZONE', EVENT_TIME_ZONE]]);
  for (const event of input.events) {
    const series = event.series ? localize(event.series as { de: string; en?: string }, input.locale) : undefined;
    calendar.createEvent({
      id: eventUid(event._id, input.origin),
      start: new TZDate(event.start, EVENT_TIME_ZONE),
      end: new TZDate(event.end, EVENT_TIME_ZONE),
      timezone: EVENT_TIME_ZONE,
      stamp: event._updatedAt ? new Date(event._updatedAt) : input.now,
      summary: localize(event.title, input.locale),
      description: `${localize(event.summary, input.locale)}\n\n${event.url}`,
      location: `${localize(event.place, input.locale)}, ${input.address}`,
      url: event.url,
      ...(series ? { categories: [{ name: series }] } : {}),
    });
  }
  return calendar.toString();
}
