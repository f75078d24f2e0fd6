// What the feed endpoints (src/pages/**/rss.xml.ts, *.ics.ts) answer: the press RSS channel,
// the calendar of upcoming events and one calendar file per event, in either language.
import rss from '@astrojs/rss';
import { sectionPath, t, type Locale } from '../../core/i18n/index.ts';
import { getEvents, getSiteSettings, type KspEvent } from './content/index.ts';
import { eventPhase, splitEvents } from '../content-types/event/schedule.ts';
import { buildCalendar, pressFeedOptions } from './feeds.ts';
import { eventHasEnglish } from '../content-types/event/content.ts';
import { eventPaths } from '../content-types/event/pages.ts';
import { pressFeedPath, pressItemsFor } from '../content-types/pressItem/pages.ts';
import { buildNow } from './build-date.ts';
import { staticPageKey, withCacheKeys } from './page-keys.ts';
import { notePageKey } from './render-records.ts';

const CALENDAR_HEADERS = { 'Content-Type': 'text/calendar; charset=utf-8' };

export async function pressFeed(locale: Locale, site: URL): Promise<Response> {
  // The build that renders the feed records its key (for the next fast publish).
  const [items] = await Promise.all([pressItemsFor(locale), notePageKey(() => pressFeedKey(locale))]);
  return rss(
    pressFeedOptions({
      items: items.map((item) => ({ ...item, url: new URL(sectionPath('press', locale, item.slug), site).href })),
      locale,
      channelUrl: new URL(sectionPath('press', locale), site).href,
      feedUrl: new URL(pressFeedPath(locale), site).href,
      title: t(locale, 'press.feedTitle'),
      description: t(locale, 'press.intro'),
    }),
  );
}

/** The press feed's key (src/lib/page-keys.ts staticPageKey): its items; the rest is fixed text. */
export async function pressFeedKey(locale: Locale): Promise<string> {
  return staticPageKey(await pressItemsFor(locale));
}

async function calendarFor(events: readonly KspEvent[], locale: Locale, site: URL, feed: boolean): Promise<string> {
  const { address } = await getSiteSettings();
  return buildCalendar({
    events: events.map((event) => {
      // An English calendar links the German page of an event that has no English one.
      const pageLocale = locale === 'en' && !eventHasEnglish(event) ? 'de' : locale;
      return { ...event, url: new URL(sectionPath('events', pageLocale, event.slug), site).href };
    }),
    locale,
    origin: site.origin,
    name: t(locale, 'events.calendarName'),
    address: `${address.street}, ${address.postalCode} ${address.city}`,
    now: buildNow(),
    feed,
  });
}

/** The subscribable calendar: every event that has not ended at build time. */
export async function upcomingCalendar(locale: Locale, site: URL): Promise<Response> {
  await notePageKey(upcomingCalendarKey);
  const { upcoming } = splitEvents(await getEvents(), buildNow());
  return new Response(await calendarFor(upcoming, locale, site, true), { headers: CALENDAR_HEADERS });
}

/**
 * The upcoming calendar's key: its events, the KSP's address and, when an event has no
 * `_updatedAt` (its entry is stamped with the build instant), that instant.
 */
export async function upcomingCalendarKey(): Promise<string> {
  const now = buildNow();
  const { upcoming } = splitEvents(await getEvents(), now);
  const { address } = await getSiteSettings();
  return staticPageKey([upcoming, address, upcoming.some((event) => !event._updatedAt) ? now.toISOString() : null]);
}

/** One event as a calendar file to download and import. */
export async function eventCalendar(event: KspEvent, locale: Locale, site: URL): Promise<Response> {
  return new Response(await calendarFor([event], locale, site, false), { headers: CALENDAR_HEADERS });
}

/**
 * Static paths of the per-event .ics files: the events of the detail pages that have not ended
 * at build time, the ones whose page offers the download. A calendar entry for a past event
 * helps nobody, and at 10,000 documents the past ones were 3,500 of 4,800 files and about 2 s
 * of the build (ical-generator folds every line character by character).
 */
export async function eventIcsPaths(locale: Locale) {
  const now = buildNow();
  const paths = (await eventPaths(locale)).filter(({ props }) => eventPhase(props.event, now) !== 'past');
  // A file shows its event (with the site's address and origin, which every page key holds) and
  // no clock: DTSTAMP is the event's `_updatedAt`. Only an event without one is stamped with the
  // build instant, and its file is keyed to that instant, so it is rendered every time.
  return withCacheKeys(paths, (props, instant) => (props.event._updatedAt ? null : instant.toISOString()));
}
