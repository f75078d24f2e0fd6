// JSON-LD mappers: the shapes search engines read, with absolute URLs and the office @id.
import { describe, expect, it } from 'vitest';
import { getHessianHolidays } from '../../src/lib/holidays.ts';
import { toOpeningHoursSpecification, type OpeningHours } from '../../core/opening-hours.ts';
import { breadcrumbList, event, governmentOffice, governmentService, newsArticle, officeId, serializeJsonLd } from '../../src/lib/structured-data.ts';

const site = 'https://ksp.example';
const settings = {
  title: 'Kassel Service Point',
  tagline: { de: 'Bürgerservice in der Innenstadt', en: 'City services in the centre' },
  address: { building: 'GALERIA Kassel', floor: { de: '1. Etage', en: '1st floor' }, street: 'Obere Königsstraße 39', postalCode: '34117', city: 'Kassel' },
  geo: { lat: 51.3155, lng: 9.4956 },
  contact: { phone: '+49 561 99999-0', email: 'ksp@kassel.example' },
};
const day = (d: string, closed = false) => ({ day: d as 'mon', closed, intervals: closed ? [] : [{ opens: '10:00', closes: '19:00' }] });
const hours: OpeningHours = {
  timeZone: 'Europe/Berlin',
  week: [day('mon'), day('tue'), day('wed'), day('thu'), day('fri'), { day: 'sat', closed: false, intervals: [{ opens: '10:00', closes: '18:00' }] }, day('sun', true)],
  periods: [],
  specialDays: [{ date: '2026-12-24', kind: 'hours', intervals: [{ opens: '10:00', closes: '14:00' }], note: { de: 'Heiligabend', en: 'Christmas Eve' } }],
};

describe('governmentOffice', () => {
  const now = new Date('2026-12-01T09:00:00+01:00');
  const ld = governmentOffice({ site, locale: 'en', path: '/en/opening-hours/', settings, hours: toOpeningHoursSpecification(hours, now, getHessianHolidays('2026-12-01', '2027-03-31')) });
  it('is a GovernmentOffice with address, geo and a stable @id', () => {
    expect(ld['@type']).toBe('GovernmentOffice');
    expect(ld['@id']).toBe(officeId(site));
    expect(ld.url).toBe('https://ksp.example/en/opening-hours/');
    expect(ld.address).toMatchObject({ '@type': 'PostalAddress', postalCode: '34117', addressLocality: 'Kassel', addressCountry: 'DE' });
    expect((ld.address as { streetAddress: string }).streetAddress).toContain('1st floor');
    expect(ld.geo).toMatchObject({ latitude: 51.3155, longitude: 9.4956 });
  });
  it('carries regular and special opening hours', () => {
    const regular = ld.openingHoursSpecification as { dayOfWeek: string[]; opens: string; closes: string }[];
    expect(regular).toContainEqual(expect.objectContaining({ opens: '10:00', closes: '19:00', dayOfWeek: expect.arrayContaining(['https://schema.org/Monday']) }));
    const special = ld.specialOpeningHoursSpecification as { validFrom: string; opens: string; closes: string }[];
    expect(special).toContainEqual(expect.objectContaining({ validFrom: '2026-12-24', opens: '10:00', closes: '14:00' }));
    // Christmas Day: a Hessian public holiday, closed.
    expect(special).toContainEqual(expect.objectContaining({ validFrom: '2026-12-25', opens: '00:00', closes: '00:00' }));
  });
});

describe('governmentService', () => {
  it('names provider, category, the KSP as location and the online channel', () => {
    const ld = governmentService({
      site,
      locale: 'de',
      path: '/dienstleistungen/reisepass-abholen/',
      service: { title: { de: 'Reisepass abholen' }, summary: { de: 'Pass abholen.' }, category: 'documents', provider: { name: 'Stadt Kassel', slug: 'stadt-kassel' }, onlineService: { url: 'https://online.kassel.example' } },
      categoryName: 'Ausweise und Dokumente',
      providerPath: '/partner/stadt-kassel/',
    });
    expect(ld).toMatchObject({ '@type': 'GovernmentService', name: 'Reisepass abholen', serviceType: 'Ausweise und Dokumente', url: 'https://ksp.example/dienstleistungen/reisepass-abholen/' });
    expect(ld.provider).toEqual({ '@type': 'Organization', name: 'Stadt Kassel', url: 'https://ksp.example/partner/stadt-kassel/' });
    const channels = ld.availableChannel as { serviceLocation?: { '@id': string }; serviceUrl?: string }[];
    expect(channels[0]?.serviceLocation).toEqual({ '@id': 'https://ksp.example/#office' });
    expect(channels[1]?.serviceUrl).toBe('https://online.kassel.example');
  });
});

describe('breadcrumbList, newsArticle, event', () => {
  it('numbers breadcrumb items from 1 with absolute URLs', () => {
    const ld = breadcrumbList(site, [{ name: 'Start', path: '/' }, { name: 'Dienstleistungen', path: '/dienstleistungen/' }]);
    expect(ld.itemListElement).toEqual([
      { '@type': 'ListItem', position: 1, name: 'Start', item: 'https://ksp.example/' },
      { '@type': 'ListItem', position: 2, name: 'Dienstleistungen', item: 'https://ksp.example/dienstleistungen/' },
    ]);
  });
  it('builds NewsArticle and Event for part B', () => {
    const article = newsArticle({ site, locale: 'de', path: '/presse/preis/', headline: 'Preis', description: 'Lead', datePublished: '2022-09-09', images: ['/_img/a-800.jpg'], publisher: 'Kassel Service Point' });
    expect(article).toMatchObject({ '@type': 'NewsArticle', datePublished: '2022-09-09', image: ['https://ksp.example/_img/a-800.jpg'] });
    const ev = event({ site, locale: 'en', path: '/en/events/x/', name: 'Theme week', description: 'd', startDate: '2022-10-07T10:00:00+02:00', endDate: '2022-10-14T18:00:00+02:00', place: 'KSP', address: settings.address });
    expect(ev).toMatchObject({ '@type': 'Event', startDate: '2022-10-07T10:00:00+02:00', location: { '@type': 'Place', name: 'KSP' } });
  });
  it('serializes without a way to close the script tag', () => {
    const json = serializeJsonLd({ '@type': 'Thing', name: '</script><script>alert(1)</script>' });
    expect(json).not.toContain('</script>');
    expect(JSON.parse(json).name).toBe('</script><script>alert(1)</script>');
  });
});
