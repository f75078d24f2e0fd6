// Where a document shows on the site (Presentation tool, resolve.locations): the list above the
// editor names every page, in both languages, that a change of the document alters. A partner
// shows on its page and on the page of every service it provides; a service on its page, the
// service list and, when featured, the start page. English pages are listed only where the
// site's English rule (core/english.ts) builds them.
import { map } from 'rxjs';
import type { DocumentLocation, DocumentLocationResolver, DocumentLocationsState } from 'sanity/presentation';
import { englishRule } from '../../core/english';
import { homePath, locales, pagePath, sectionPath, sectionLabel, type Locale } from '../../core/i18n/index';

type Localized = { de?: string; en?: string } | undefined;
type Doc = { slug?: string; slugEn?: string; title?: Localized; summary?: Localized; lead?: Localized; body?: { de?: unknown; en?: unknown }; featured?: boolean; name?: string };

const LOCALE_NAME: Record<Locale, string> = { de: 'Deutsch', en: 'Englisch' };

const hasEnglish = {
  service: englishRule('service'),
  partner: englishRule('partner'),
  pressItem: englishRule('pressItem'),
  event: englishRule('event'),
  page: englishRule('page'),
};

const QUERIES: Record<string, string> = {
  service: '*[_id == $id][0]{"slug": slug.current, title, featured}',
  partner: '{"partner": *[_id == $id][0]{"slug": slug.current, name, summary}, "services": *[_type == "service" && provider._ref == $id] | order(title.de asc){"slug": slug.current, title}}',
  pressItem: '*[_id == $id][0]{"slug": slug.current, title, lead}',
  event: '*[_id == $id][0]{"slug": slug.current, title, summary}',
  page: '*[_id == $id][0]{"slug": slug.current, "slugEn": slugEn.current, title, body}',
};

const inLocales = (english: boolean): Locale[] => (english ? [...locales] : ['de']);
const label = (title: string, locale: Locale) => `${title} (${LOCALE_NAME[locale]})`;
const start = (locale: Locale): DocumentLocation => ({ title: label('Startseite', locale), href: homePath(locale) });
const list = (section: 'services' | 'partners' | 'press' | 'events', locale: Locale): DocumentLocation => ({ title: label(`Liste: ${sectionLabel(section, 'de')}`, locale), href: sectionPath(section, locale) });

function serviceLocations(service: Doc | null): DocumentLocation[] {
  if (!service?.slug) return [];
  const english = hasEnglish.service(service);
  return inLocales(english).flatMap((locale) => [
    { title: label(service.title?.[locale] ?? service.title?.de ?? 'Dienstleistung', locale), href: sectionPath('services', locale, service.slug) },
    list('services', locale),
    ...(service.featured ? [start(locale)] : []),
  ]);
}

function partnerLocations(result: { partner: Doc | null; services: Doc[] } | null): DocumentLocation[] {
  const partner = result?.partner;
  if (!partner?.slug) return [];
  const english = hasEnglish.partner(partner);
  const services = (result?.services ?? []).filter((service) => service.slug);
  return inLocales(english).flatMap((locale) => [
    { title: label(partner.name ?? 'Partner', locale), href: sectionPath('partners', locale, partner.slug) },
    ...services
      .filter((service) => locale === 'de' || hasEnglish.service(service))
      .map((service) => ({ title: label(`Dienstleistung: ${service.title?.[locale] ?? service.title?.de ?? ''}`, locale), href: sectionPath('services', locale, service.slug) })),
    list('partners', locale),
  ]);
}

function detailLocations(type: 'pressItem' | 'event', doc: Doc | null): DocumentLocation[] {
  if (!doc?.slug) return [];
  const section = type === 'pressItem' ? 'press' : 'events';
  return inLocales(hasEnglish[type](doc)).flatMap((locale) => [
    { title: label(doc.title?.[locale] ?? doc.title?.de ?? '', locale), href: sectionPath(section, locale, doc.slug) },
    list(section, locale),
  ]);
}

function pageLocations(page: Doc | null): DocumentLocation[] {
  if (!page?.slug) return [];
  const de = { title: label(page.title?.de ?? 'Seite', 'de'), href: pagePath(page.slug, 'de') };
  return hasEnglish.page(page) && page.slugEn ? [de, { title: label(page.title?.en ?? '', 'en'), href: pagePath(page.slugEn, 'en') }] : [de];
}

const EVERY_PAGE = 'Erscheint auf jeder Seite (Kopf- und Fußzeile, Hinweisbanner).';

function state(locations: DocumentLocation[], empty: string): DocumentLocationsState {
  return locations.length > 0 ? { locations } : { message: empty, tone: 'caution' };
}

export const locations: DocumentLocationResolver = (params, context) => {
  if (params.type === 'siteSettings') return { message: EVERY_PAGE, locations: locales.map(start) };
  if (params.type === 'openingHours') return { locations: locales.flatMap((locale) => [{ title: label('Öffnungszeiten', locale), href: sectionPath('hours', locale) }, start(locale)]) };
  const query = QUERIES[params.type];
  if (!query) return null;
  const noSlug = 'Noch keine Seite: Geben Sie einen Titel und eine URL (Slug) ein.';
  return context.documentStore.listenQuery(query, { id: params.id }, { perspective: params.perspectiveStack }).pipe(
    map((result: unknown): DocumentLocationsState => {
      switch (params.type) {
        case 'service':
          return state(serviceLocations(result as Doc | null), noSlug);
        case 'partner':
          return state(partnerLocations(result as { partner: Doc | null; services: Doc[] } | null), noSlug);
        case 'pressItem':
        case 'event':
          return state(detailLocations(params.type, result as Doc | null), noSlug);
        default:
          return state(pageLocations(result as Doc | null), noSlug);
      }
    }),
  );
};
