// schema.org JSON-LD builders. Pure mappers from view models to plain objects: pages render them
// with <JsonLd data={…} />. The KSP itself is one GovernmentOffice with a stable @id
// (<site>/#office), so services, articles and events can point at it instead of repeating it.
import { localize, type Locale } from '../../core/i18n/index.ts';
import type { OpeningHoursSpecificationLd } from '../../core/opening-hours.ts';

type Localized = { de: string; en?: string | undefined };
export type JsonLdObject = { '@context'?: string; '@type': string; [key: string]: unknown };

const CONTEXT = 'https://schema.org';

const absolute = (path: string, site: string | URL): string => new URL(path, site).href;

/** The @id of the KSP office node, to reference it from other nodes. */
export function officeId(site: string | URL): string {
  return absolute('/#office', site);
}

export interface OfficeInput {
  site: string | URL;
  locale: Locale;
  /** URL path of the page the office is described on (home or hours page). */
  path: string;
  settings: {
    title: string;
    tagline: Localized;
    address: { building: string; floor: Localized; street: string; postalCode: string; city: string };
    geo?: { lat: number; lng: number } | undefined;
    contact: { phone: string; email: string };
  };
  hours: { openingHoursSpecification: OpeningHoursSpecificationLd[]; specialOpeningHoursSpecification: OpeningHoursSpecificationLd[] };
  /** Absolute or site-relative URL of an image of the office. */
  image?: string | undefined;
}

export function postalAddress(address: OfficeInput['settings']['address'], locale: Locale) {
  return {
    '@type': 'PostalAddress',
    streetAddress: `${address.street} (${address.building}, ${localize(address.floor, locale)})`,
    postalCode: address.postalCode,
    addressLocality: address.city,
    addressRegion: 'Hessen',
    addressCountry: 'DE',
  };
}

/** GovernmentOffice with regular and special opening hours (see toOpeningHoursSpecification). */
export function governmentOffice({ site, locale, path, settings, hours, image }: OfficeInput): JsonLdObject {
  return {
    '@context': CONTEXT,
    '@type': 'GovernmentOffice',
    '@id': officeId(site),
    name: settings.title,
    description: localize(settings.tagline, locale),
    url: absolute(path, site),
    inLanguage: locale,
    address: postalAddress(settings.address, locale),
    ...(settings.geo ? { geo: { '@type': 'GeoCoordinates', latitude: settings.geo.lat, longitude: settings.geo.lng } } : {}),
    telephone: settings.contact.phone,
    email: settings.contact.email,
    ...(image ? { image: absolute(image, site) } : {}),
    openingHoursSpecification: hours.openingHoursSpecification,
    specialOpeningHoursSpecification: hours.specialOpeningHoursSpecification,
  };
}

export interface ServiceInput {
  site: string | URL;
  locale: Locale;
  path: string;
  service: {
    title: Localized;
    summary: Localized;
    category: string;
    provider: { name: string; slug: string };
    onlineService?: { url: string } | undefined;
    appointment?: { bookingUrl?: string | undefined } | undefined;
  };
  /** Human-readable category name in the page language. */
  categoryName: string;
  /** URL path of the provider's partner page. */
  providerPath: string;
}

/** GovernmentService offered at the KSP (and online, when there is an online alternative). */
export function governmentService({ site, locale, path, service, categoryName, providerPath }: ServiceInput): JsonLdObject {
  const channels: JsonLdObject[] = [
    { '@type': 'ServiceChannel', name: 'Kassel Service Point', serviceLocation: { '@id': officeId(site) }, ...(service.appointment?.bookingUrl ? { serviceUrl: service.appointment.bookingUrl } : {}) },
  ];
  if (service.onlineService) channels.push({ '@type': 'ServiceChannel', serviceUrl: service.onlineService.url });
  return {
    '@context': CONTEXT,
    '@type': 'GovernmentService',
    name: localize(service.title, locale),
    description: localize(service.summary, locale),
    url: absolute(path, site),
    inLanguage: locale,
    serviceType: categoryName,
    provider: { '@type': 'Organization', name: service.provider.name, url: absolute(providerPath, site) },
    areaServed: { '@type': 'City', name: 'Kassel' },
    availableChannel: channels,
  };
}

/** BreadcrumbList from the home page down to the current page (names in the page language). */
export function breadcrumbList(site: string | URL, items: readonly { name: string; path: string }[]): JsonLdObject {
  return {
    '@context': CONTEXT,
    '@type': 'BreadcrumbList',
    itemListElement: items.map((item, index) => ({ '@type': 'ListItem', position: index + 1, name: item.name, item: absolute(item.path, site) })),
  };
}

export interface ArticleInput {
  site: string | URL;
  locale: Locale;
  path: string;
  headline: string;
  description: string;
  datePublished: string;
  dateModified?: string | undefined;
  /** Site-relative or absolute image URLs (already served by the site). */
  images?: string[];
  publisher: string;
}

/** NewsArticle for a press item; the KSP office is the publisher. */
export function newsArticle({ site, locale, path, headline, description, datePublished, dateModified, images = [], publisher }: ArticleInput): JsonLdObject {
  return {
    '@context': CONTEXT,
    '@type': 'NewsArticle',
    headline,
    description,
    url: absolute(path, site),
    mainEntityOfPage: absolute(path, site),
    inLanguage: locale,
    datePublished,
    ...(dateModified ? { dateModified } : {}),
    ...(images.length > 0 ? { image: images.map((src) => absolute(src, site)) } : {}),
    publisher: { '@type': 'GovernmentOrganization', name: publisher, url: absolute('/', site) },
    author: { '@type': 'GovernmentOrganization', name: publisher, url: absolute('/', site) },
  };
}

export interface EventInput {
  site: string | URL;
  locale: Locale;
  path: string;
  name: string;
  description: string;
  /** ISO date-times with offset. */
  startDate: string;
  endDate: string;
  place: string;
  image?: string | undefined;
  organizers?: { name: string; path: string }[];
  address: OfficeInput['settings']['address'];
}

/** Event at the KSP: attendance in person, free, organised by the named partners. */
export function event({ site, locale, path, name, description, startDate, endDate, place, image, organizers = [], address }: EventInput): JsonLdObject {
  return {
    '@context': CONTEXT,
    '@type': 'Event',
    name,
    description,
    url: absolute(path, site),
    inLanguage: locale,
    startDate,
    endDate,
    eventStatus: 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    location: { '@type': 'Place', name: place, address: postalAddress(address, locale) },
    ...(image ? { image: absolute(image, site) } : {}),
    ...(organizers.length > 0 ? { organizer: organizers.map((o) => ({ '@type': 'Organization', name: o.name, url: absolute(o.path, site) })) } : {}),
  };
}

/** JSON for a <script type="application/ld+json">: `<` escaped so text can never close the tag. */
export function serializeJsonLd(data: JsonLdObject | JsonLdObject[]): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
