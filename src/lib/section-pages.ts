// Static paths of the partner, press and event pages in each language. German pages exist for
// every document; English ones only for documents with English content (relations.ts).
import { sectionPath, type Locale } from '../i18n/index.ts';
import { getEvents, getPartners, getPressItems, getServices, type PressItem } from './content/index.ts';
import { buildNow } from './build-date.ts';
import { eventHasEnglish, indexBy, partnerHasEnglish, pressHasEnglish, relatedPress, serviceHasEnglish } from './relations.ts';

/** One instant for the whole build, so every page agrees on what is upcoming. */
export const BUILD_NOW = buildNow();

// Which partners and services have an English page, computed once per build: detail pages ask
// on every render, and filtering all partners and services per page was O(pages × documents).
let englishPartnerIds: Promise<ReadonlySet<string>> | undefined;
let englishServiceIds: Promise<ReadonlySet<string>> | undefined;
export const getEnglishPartnerIds = () => (englishPartnerIds ??= getPartners().then((all) => new Set(all.filter(partnerHasEnglish).map((p) => p._id))));
export const getEnglishServiceIds = () => (englishServiceIds ??= getServices().then((all) => new Set(all.filter(serviceHasEnglish).map((s) => s._id))));

export async function partnerPaths(locale: Locale) {
  const [partners, services, events] = await Promise.all([getPartners(), getServices(), getEvents()]);
  const servicesByPartner = indexBy(services, (s) => [s.provider._id]);
  const eventsByPartner = indexBy(events, (e) => e.partners.map((p) => p._id));
  return partners
    .filter((partner) => locale === 'de' || partnerHasEnglish(partner))
    .map((partner) => ({
      params: { slug: partner.slug },
      props: {
        partner,
        // English pages link only services that have an English page.
        services: (servicesByPartner.get(partner._id) ?? []).filter((s) => locale === 'de' || serviceHasEnglish(s)),
        events: eventsByPartner.get(partner._id) ?? [],
      },
    }));
}

/**
 * Press items of one language, newest first (the query orders them). Once per build and
 * language: every page of the press list asks for the other language's count.
 */
const pressByLocale = new Map<Locale, Promise<PressItem[]>>();
export function pressItemsFor(locale: Locale): Promise<PressItem[]> {
  let items = pressByLocale.get(locale);
  if (!items) pressByLocale.set(locale, (items = getPressItems().then((all) => (locale === 'de' ? all : all.filter(pressHasEnglish)))));
  return items;
}

export async function pressPaths(locale: Locale) {
  const items = await pressItemsFor(locale);
  const byPartner = indexBy(items, (i) => i.relatedPartners.map((p) => p._id));
  return items.map((item) => ({
    params: { slug: item.slug },
    props: { item, related: relatedPress(item, byPartner) },
  }));
}

export async function eventPaths(locale: Locale) {
  const events = await getEvents();
  return events
    .filter((event) => locale === 'de' || eventHasEnglish(event))
    .map((event) => ({ params: { slug: event.slug }, props: { event } }));
}

export const PRESS_PAGE_SIZE = 5;
const pageSegment: Record<Locale, string> = { de: 'seite', en: 'page' };

/** URL path of page n of the press list: /presse/, /presse/seite/2/, /en/press/page/2/ … */
export function pressListPath(locale: Locale, page: number): string {
  return page <= 1 ? sectionPath('press', locale) : `${sectionPath('press', locale)}${pageSegment[locale]}/${page}/`;
}

/** The rest parameter of the press list route for page n: undefined for the first page. */
export function pressListParam(locale: Locale, page: number): string | undefined {
  return page <= 1 ? undefined : `${pageSegment[locale]}/${page}`;
}

export function pressFeedPath(locale: Locale): string {
  return `${sectionPath('press', locale)}rss.xml`;
}

export function eventCalendarPath(locale: Locale): string {
  return `${sectionPath('events', locale)}${locale === 'de' ? 'kalender' : 'calendar'}.ics`;
}

export function eventIcsPath(locale: Locale, slug: string): string {
  return `${sectionPath('events', locale)}${slug}.ics`;
}
