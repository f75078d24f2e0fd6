// What the event pages get, and the addresses of the event calendars. German pages exist for
// every event, English ones for events with an English page (eventHasEnglish).
import { sectionPath, type Locale } from '../../../core/i18n/index.ts';
import { buildNow } from '../../lib/build-date.ts';
import { getEvents, getSiteSettings } from '../../lib/content/index.ts';
import { getEnglishPartnerIds } from '../partner/pages.ts';
import { eventHasEnglish } from './content.ts';
import { eventPhase, splitEvents } from './schedule.ts';
import { staticPageKey } from '../../lib/page-keys.ts';

/** The list: upcoming and past events at build time. */
export async function eventListProps() {
  const now = buildNow();
  return { ...splitEvents(await getEvents(), now), now };
}

/** The list's key (src/lib/page-keys.ts staticPageKey): its events, and which are running now. */
export async function eventListKey(): Promise<string> {
  const { upcoming, past, now } = await eventListProps();
  return staticPageKey([upcoming, past, upcoming.map((event) => eventPhase(event, now))]);
}

export async function eventPaths(locale: Locale) {
  const [events, settings, englishPartnerIds] = await Promise.all([getEvents(), getSiteSettings(), getEnglishPartnerIds()]);
  const now = buildNow();
  return events
    .filter((event) => locale === 'de' || eventHasEnglish(event))
    .map((event) => ({ params: { slug: event.slug }, props: { event, settings, englishPartnerIds, now } }));
}

export function eventCalendarPath(locale: Locale): string {
  return `${sectionPath('events', locale)}${locale === 'de' ? 'kalender' : 'calendar'}.ics`;
}

export function eventIcsPath(locale: Locale, slug: string): string {
  return `${sectionPath('events', locale)}${slug}.ics`;
}
