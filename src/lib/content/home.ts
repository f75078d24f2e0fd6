// What the start page shows, per language: on English pages only items that have an English
// page (the same rules that decide which English detail pages are built).
import { eventHasEnglish } from '../../content-types/event/content.ts';
import { splitEvents } from '../../content-types/event/schedule.ts';
import { getBuildHours } from '../../content-types/openingHours/build-hours.ts';
import { pressHasEnglish } from '../../content-types/pressItem/content.ts';
import { serviceHasEnglish } from '../../content-types/service/content.ts';
import type { Locale } from '../../../core/i18n/index.ts';
import { getEvents, getPages, getPressItems, getServices, getSiteSettings } from './index.ts';

export async function getHomeData(locale: Locale) {
  const [settings, services, events, press, pages, build] = await Promise.all([getSiteSettings(), getServices(), getEvents(), getPressItems(), getPages(), getBuildHours()]);
  const inLocale = <T>(items: T[], hasEnglishPage: (item: T) => boolean) => (locale === 'de' ? items : items.filter(hasEnglishPage));
  return {
    settings,
    pages,
    build,
    featured: inLocale(services.filter((s) => s.featured), serviceHasEnglish),
    upcoming: inLocale(splitEvents(events, build.now).upcoming, eventHasEnglish).slice(0, 3),
    latest: inLocale(press, pressHasEnglish).slice(0, 3),
  };
}

export type HomeData = Awaited<ReturnType<typeof getHomeData>>;
