// Feeds parsed back with real parsers: RSS with fast-xml-parser, iCalendar with node-ical.
import { getRssString } from '@astrojs/rss';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { eventDateParts, formatDay, formatEventRange, splitEvents } from '../../src/content-types/event/schedule.ts';
import { berlinMidnight, buildCalendar, eventUid, pressFeedOptions, type CalendarEventInput } from '../../src/lib/feeds.ts';
import { indexBy, relatedPress } from '../../src/lib/relations.ts';

const origin = 'https://servicepoint.kassel.example';

const summer: CalendarEventInput = {
  _id: 'event.themenwoche',
  _updatedAt: '2026-11-20T08:00:00Z',
  title: { de: 'Themenwoche: Digitales, Netz; & mehr', en: 'Theme week: digital, web; & more' },
  summary: { de: 'Kurz, knapp; klar.', en: 'Short, sharp; clear.' },
  place: { de: 'KSP, 1. Etage', en: 'KSP, 1st floor' },
  series: { de: 'Themenwochen', en: 'Theme weeks' },
  start: '2026-10-07T10:00:00+02:00',
  end: '2026-10-07T18:30:00+02:00',
  url: `${origin}/veranstaltungen/themenwoche/`,
};
// Across the switch to winter time (25 October 2026): start in CEST, end in CET.
const acrossDst: CalendarEventInput = {
  _id: 'event.dst',
  title: { de: 'Über die Zeitumstellung' },
  summary: { de: 'Beginnt im Sommer, endet im Winter.' },
  place: { de: 'KSP' },
  start: '2026-10-24T16:00:00+02:00',
  end: '2026-10-26T09:00:00+01:00',
  url: `${origin}/veranstaltungen/dst/`,
};

function parseCalendar(text: string): VEvent[] {
  const data = ical.sync.parseICS(text);
  return Object.values(data).filter((c): c is VEvent => c?.type === 'VEVENT');
}

/** Wall-clock time of an instant in Berlin, e.g. "2026-10-07 10:00". */
const berlin = (date: Date) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' }).format(date);

describe('buildCalendar (ical-generator)', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const text = buildCalendar({ events: [summer, acrossDst], locale: 'de', origin, name: 'Veranstaltungen – KSP', address: 'GALERIA Kassel, 34117 Kassel', now, feed: true });
  const events = parseCalendar(text);

  it('is a VCALENDAR with CRLF lines, PRODID, METHOD:PUBLISH and a VTIMEZONE for Europe/Berlin', () => {
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
    expect(text).toMatch(/^PRODID:-\/\/Kassel Service Point\/\/Website\/\/DE\r$/m);
    expect(text).toContain('METHOD:PUBLISH\r\n');
    expect(text).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/Berlin\r\n[\s\S]*TZOFFSETTO:\+0200[\s\S]*TZOFFSETTO:\+0100[\s\S]*END:VTIMEZONE/);
    expect(text).toContain('REFRESH-INTERVAL;VALUE=DURATION:P1D');
    // RFC 5545: no content line longer than 75 octets.
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it('writes DTSTART/DTEND as Europe/Berlin wall time with TZID, and parses back to the right instants', () => {
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20261007T100000\r\n');
    expect(text).toContain('DTEND;TZID=Europe/Berlin:20261007T183000\r\n');
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20261024T160000\r\n');
    expect(text).toContain('DTEND;TZID=Europe/Berlin:20261026T090000\r\n');
    const [a, b] = events;
    expect(a!.start.toISOString()).toBe('2026-10-07T08:00:00.000Z');
    expect(a!.end!.toISOString()).toBe('2026-10-07T16:30:00.000Z');
    expect(b!.start.toISOString()).toBe('2026-10-24T14:00:00.000Z');
    expect(b!.end!.toISOString()).toBe('2026-10-26T08:00:00.000Z');
    expect(berlin(b!.end!)).toBe('2026-10-26 09:00');
    expect(a!.start.tz).toBe('Europe/Berlin');
  });

  it('has stable UIDs, UTC DTSTAMPs (the edit time, else the build time), URL and location', () => {
    expect(events.map((e) => e.uid)).toEqual(['event.themenwoche@servicepoint.kassel.example', 'event.dst@servicepoint.kassel.example']);
    expect(eventUid('event.x', 'http://localhost:4321')).toBe('event.x@localhost:4321');
    expect(text).toContain('DTSTAMP:20261120T080000Z\r\n');
    expect(text).toContain('DTSTAMP:20261123T120000Z\r\n');
    // node-ical keeps the VALUE=URI parameter: the value sits in `val`.
    const url = events[0]!.url as unknown as string | { val: string };
    expect(typeof url === 'string' ? url : url.val).toBe(summer.url);
    expect(events[0]!.location).toBe('KSP, 1. Etage, GALERIA Kassel, 34117 Kassel');
  });

  it('escapes commas, semicolons and newlines, and they survive a round trip', () => {
    expect(text).toContain('SUMMARY:Themenwoche: Digitales\\, Netz\\; & mehr\r\n');
    expect(text).toContain('DESCRIPTION:Kurz\\, knapp\\; klar.\\n\\nhttps://');
    expect(events[0]!.summary).toBe('Themenwoche: Digitales, Netz; & mehr');
    expect(events[0]!.description).toBe(`Kurz, knapp; klar.\n\n${summer.url}`);
  });

  it('uses the English texts in the English calendar, German where there is no English', () => {
    const english = parseCalendar(buildCalendar({ events: [summer, acrossDst], locale: 'en', origin, name: 'Events', address: 'Kassel', now }));
    expect(english.map((e) => e.summary)).toEqual(['Theme week: digital, web; & more', 'Über die Zeitumstellung']);
    expect(english[0]!.categories).toEqual(['Theme weeks']);
  });
});

describe('pressFeedOptions (@astrojs/rss)', () => {
  const items = [
    { title: { de: 'Preis für <KSP> & GALERIA', en: 'Award for <KSP> & GALERIA' }, lead: { de: 'Lead "mit" Zeichen', en: 'Lead' }, publishedAt: '2022-09-09', relatedPartners: [{ name: 'Stadt Kassel' }], url: `${origin}/presse/preis/` },
    { title: { de: 'Eröffnung' }, lead: { de: 'Der KSP öffnet.' }, publishedAt: '2021-10-14', relatedPartners: [], url: `${origin}/presse/eroeffnung/` },
  ];
  const options = (locale: 'de' | 'en') =>
    pressFeedOptions({ items, locale, channelUrl: `${origin}/presse/`, feedUrl: `${origin}/presse/rss.xml`, title: 'Presse – KSP', description: 'Neuigkeiten' });

  it('is well-formed RSS 2.0 with escaped text, absolute links, guids and RFC 822 dates', async () => {
    const xml = await getRssString(options('de'));
    expect(XMLValidator.validate(xml)).toBe(true);
    const rss = new XMLParser({ ignoreAttributes: false }).parse(xml).rss;
    expect(rss['@_version']).toBe('2.0');
    expect(rss.channel.link).toBe(`${origin}/presse/`);
    expect(rss.channel.language).toBe('de-DE');
    expect(rss.channel['atom:link']['@_href']).toBe(`${origin}/presse/rss.xml`);
    expect(rss.channel['atom:link']['@_rel']).toBe('self');
    const [first, second] = rss.channel.item;
    expect(first.title).toBe('Preis für <KSP> & GALERIA');
    expect(first.description).toBe('Lead "mit" Zeichen');
    expect(first.link).toBe(`${origin}/presse/preis/`);
    expect(first.guid['#text']).toBe(`${origin}/presse/preis/`);
    expect(first.category).toBe('Stadt Kassel');
    // Midnight in Kassel on the day of publication (CEST).
    expect(first.pubDate).toBe('Thu, 08 Sep 2022 22:00:00 GMT');
    expect(second.title).toBe('Eröffnung');
    expect(xml).toContain('&lt;KSP&gt; &amp; GALERIA');
  });

  it('uses English texts in the English feed', async () => {
    const rss = new XMLParser().parse(await getRssString(options('en'))).rss;
    expect(rss.channel.language).toBe('en-GB');
    expect(rss.channel.item[0].title).toBe('Award for <KSP> & GALERIA');
  });

  it('dates are the start of the day in Berlin, in summer and in winter', () => {
    expect(berlinMidnight('2022-09-09').toISOString()).toBe('2022-09-08T22:00:00.000Z');
    expect(berlinMidnight('2021-12-01').toISOString()).toBe('2021-11-30T23:00:00.000Z');
  });
});

describe('event dates and the build-time split', () => {
  const events = [
    { id: 'past', start: '2022-10-07T10:00:00+02:00', end: '2022-10-14T19:00:00+02:00' },
    { id: 'running', start: '2026-11-20T10:00:00+01:00', end: '2026-11-30T19:00:00+01:00' },
    { id: 'soon', start: '2026-12-03T14:00:00+01:00', end: '2026-12-03T17:00:00+01:00' },
    { id: 'later', start: '2027-01-21T11:00:00+01:00', end: '2027-01-21T16:00:00+01:00' },
  ];

  it('keeps an event upcoming until it has ended; upcoming soonest first, past newest first', () => {
    const { upcoming, past } = splitEvents([...events].reverse(), new Date('2026-11-23T12:00:00Z'));
    expect(upcoming.map((e) => e.id)).toEqual(['running', 'soon', 'later']);
    expect(past.map((e) => e.id)).toEqual(['past']);
  });

  it('formats in Europe/Berlin whatever the machine time zone, with each end separately', () => {
    expect(formatEventRange(events[2]!, 'de')).toBe('Donnerstag, 3. Dezember 2026, 14:00–17:00 Uhr');
    expect(formatEventRange(events[2]!, 'en')).toBe('Thursday, 3 December 2026, 14:00–17:00');
    const parts = eventDateParts(events[2]!, 'de');
    expect(parts.filter((p) => p.source === 'startRange').map((p) => p.text)).toEqual(['14:00']);
    expect(parts.filter((p) => p.source === 'endRange').map((p) => p.text)).toEqual(['17:00']);
    expect(formatDay('2022-09-09', 'de')).toBe('9. September 2022');
    expect(formatDay('2022-09-09', 'en')).toBe('9 September 2022');
  });
});

describe('relations', () => {
  it('finds press items of the same partners, newest first, without the item itself', () => {
    const item = (id: string, date: string, partners: string[]) => ({ _id: id, publishedAt: date, relatedPartners: partners.map((_id) => ({ _id })) });
    const all = [item('a', '2022-01-01', ['p1']), item('b', '2023-01-01', ['p1', 'p2']), item('c', '2024-01-01', ['p2']), item('d', '2025-01-01', ['p3'])];
    const byPartner = indexBy(all, (i) => i.relatedPartners.map((p) => p._id));
    expect(relatedPress(all[1]!, byPartner).map((i) => i._id)).toEqual(['c', 'a']);
    expect(relatedPress(all[3]!, byPartner)).toEqual([]);
  });
});
