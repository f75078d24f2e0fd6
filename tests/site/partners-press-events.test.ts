// Partners, press and events in the built site (dist/), in a real headless Chromium: every page
// type in both languages, the language switch, pagination, JSON-LD, and the RSS and iCalendar
// files parsed with real parsers. Expected content comes from the same content layer the build used.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import ical, { type VEvent } from 'node-ical';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localize, sectionPath, type Locale } from '../../core/i18n/index.ts';
import { getEvents, getPartners, getPressItems, getServices, type KspEvent, type Partner, type PressItem } from '../../src/lib/content/index.ts';
import { eventHasEnglish } from '../../src/content-types/event/content.ts';
import { partnerHasEnglish } from '../../src/content-types/partner/content.ts';
import { pressHasEnglish } from '../../src/content-types/pressItem/content.ts';
import { eventCalendarPath, eventIcsPath } from '../../src/content-types/event/pages.ts';
import { PRESS_PAGE_SIZE, pressFeedPath, pressListPath } from '../../src/content-types/pressItem/pages.ts';
import { launchBrowser, root, serveDist, type ServedSite } from '../helpers/browser.ts';

const dist = path.join(root, 'dist');
const locales: Locale[] = ['de', 'en'];

let site: ServedSite;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let partners: Partner[];
let press: PressItem[];
let events: KspEvent[];
/** The origin the site was built for (from a canonical link), used in feeds and UIDs. */
let origin: string;

beforeAll(async () => {
  [partners, press, events] = await Promise.all([getPartners(), getPressItems(), getEvents()]);
  site = await serveDist();
  browser = await launchBrowser();
  context = await browser.newContext();
  page = await context.newPage();
  await page.goto(`${site.url}/presse/`);
  origin = new URL((await page.locator('link[rel="canonical"]').getAttribute('href'))!).origin;
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await site?.close();
});

async function open(pathname: string): Promise<Page> {
  const response = await page.goto(`${site.url}${pathname}`);
  expect(response?.status(), pathname).toBe(200);
  return page;
}

const h1 = () => page.locator('main h1').first().innerText();
/** An attribute of the first match, or null when nothing matches (without waiting for it). */
const attr = async (selector: string, name: string) => {
  const found = page.locator(selector);
  return (await found.count()) > 0 ? found.first().getAttribute(name) : null;
};
const hreflang = async (lang: string) => {
  const href = await attr(`head link[rel="alternate"][hreflang="${lang}"]`, 'href');
  return href ? new URL(href).pathname : null;
};
const jsonLd = async () =>
  (await page.locator('script[type="application/ld+json"]').allTextContents()).flatMap((text) => [JSON.parse(text)].flat()) as { '@type': string; [k: string]: unknown }[];

const pressFor = (locale: Locale) => (locale === 'de' ? press : press.filter(pressHasEnglish));
const dataset = () => ({ partner: partners[0]!, item: press.find(pressHasEnglish)!, event: events.find(eventHasEnglish)! });

describe('every page type renders in both languages', () => {
  for (const locale of locales) {
    it(`partners list and detail (${locale})`, async () => {
      await open(sectionPath('partners', locale));
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      expect(await h1()).toBe(locale === 'de' ? 'Partner' : 'Partners');
      const shown = partners.filter((p) => locale === 'de' || partnerHasEnglish(p));
      for (const partner of shown) await expect(page.locator(`main a[href="${sectionPath('partners', locale, partner.slug)}"]`).count()).resolves.toBe(1);
      // Grouped by kind, under localized headings.
      expect(await page.locator('main h2').allInnerTexts()).toContain(locale === 'de' ? 'Stadtverwaltung' : 'City administration');
      expect(await page.locator('main[data-pagefind-body]').count()).toBe(0);

      const partner = shown[0]!;
      await open(sectionPath('partners', locale, partner.slug));
      expect(await h1()).toBe(partner.name);
      expect(await page.locator('main[data-pagefind-body]').count()).toBe(1);
      const services = (await getServices()).filter((s) => s.provider._id === partner._id && (locale === 'de' || s.title.en));
      expect(await page.locator('#partner-services ~ ul > li').count()).toBe(services.length);
      if (partner.website) expect(await page.locator(`main a[href="${partner.website}"]`).count()).toBe(1);
    });

    it(`press list and detail (${locale})`, async () => {
      const items = pressFor(locale);
      await open(sectionPath('press', locale));
      expect(await h1()).toBe(locale === 'de' ? 'Presse' : 'Press');
      expect(await page.locator('main article h2').allInnerTexts()).toEqual(items.slice(0, PRESS_PAGE_SIZE).map((i) => localize(i.title, locale)));
      expect(await page.locator(`head link[rel="alternate"][type="application/rss+xml"]`).getAttribute('href')).toBe(pressFeedPath(locale));

      const withQuotes = items.find((i) => i.quotes.length > 0 && i.images.length > 0) ?? items[0]!;
      await open(sectionPath('press', locale, withQuotes.slug));
      expect(await h1()).toBe(localize(withQuotes.title, locale));
      expect(await page.locator('main[data-pagefind-body]').count()).toBe(1);
      expect(await page.locator('main time').first().getAttribute('datetime')).toBe(withQuotes.publishedAt);
      expect(await page.locator('main figure blockquote').count()).toBe(withQuotes.quotes.length);
      for (const quote of withQuotes.quotes) await expect(page.locator('main figure figcaption', { hasText: quote.person }).count()).resolves.toBeGreaterThan(0);
      // Images are self-hosted, responsive and credited.
      const images = page.locator('main article picture img');
      expect(await images.count()).toBe(withQuotes.images.length);
      if (withQuotes.images.length > 0) {
        expect(await images.first().getAttribute('src')).toMatch(/^\/_img\//);
        expect(await images.first().getAttribute('srcset')).toBeTruthy();
        await expect(page.locator('main article figcaption', { hasText: withQuotes.images[0]!.credit }).count()).resolves.toBeGreaterThan(0);
      }
      const ld = await jsonLd();
      const article = ld.find((n) => n['@type'] === 'NewsArticle')!;
      expect(article.headline).toBe(localize(withQuotes.title, locale));
      expect(article.datePublished).toBe(withQuotes.publishedAt);
      expect(ld.find((n) => n['@type'] === 'BreadcrumbList')).toBeTruthy();
      // Related blocks are kept out of the search index.
      for (const id of ['press-partners', 'press-services', 'press-related']) {
        const block = page.locator(`#${id}`);
        if ((await block.count()) > 0) expect(await block.locator('xpath=ancestor-or-self::*[@data-pagefind-ignore]').count()).toBeGreaterThan(0);
      }
    });

    it(`events list and detail (${locale})`, async () => {
      await open(sectionPath('events', locale));
      expect(await h1()).toBe(locale === 'de' ? 'Veranstaltungen' : 'Events');
      const listed = (await page.locator('main [data-events] article h3').allInnerTexts()).length;
      expect(listed).toBe(events.length);

      const event = events.find((e) => locale === 'de' || eventHasEnglish(e))!;
      await open(sectionPath('events', locale, event.slug));
      expect(await h1()).toBe(localize(event.title, locale));
      expect(await page.locator('main[data-pagefind-body]').count()).toBe(1);
      expect(await page.locator(`main dd time[datetime="${event.start}"]`).count()).toBe(1);
      expect(await page.locator(`main dd time[datetime="${event.end}"]`).count()).toBe(1);
      const ld = (await jsonLd()).find((n) => n['@type'] === 'Event')!;
      expect(ld.startDate).toBe(event.start);
      expect(ld.eventAttendanceMode).toBe('https://schema.org/OfflineEventAttendanceMode');
      expect(ld.eventStatus).toBe('https://schema.org/EventScheduled');
      expect((ld.location as { '@type': string })['@type']).toBe('Place');
    });
  }

  it('English detail pages exist exactly for documents with English content', async () => {
    const exists = (p: string) => readFile(path.join(dist, p, 'index.html')).then(() => true, () => false);
    for (const p of partners) expect(await exists(sectionPath('partners', 'en', p.slug)), p._id).toBe(partnerHasEnglish(p));
    for (const i of press) expect(await exists(sectionPath('press', 'en', i.slug)), i._id).toBe(pressHasEnglish(i));
    for (const e of events) expect(await exists(sectionPath('events', 'en', e.slug)), e._id).toBe(eventHasEnglish(e));
  });
});

describe('language switch', () => {
  const cases = () => {
    const { partner, item, event } = dataset();
    return [
      { de: sectionPath('partners', 'de', partner.slug), en: sectionPath('partners', 'en', partner.slug), title: { de: partner.name, en: partner.name } },
      { de: sectionPath('press', 'de', item.slug), en: sectionPath('press', 'en', item.slug), title: item.title },
      { de: sectionPath('events', 'de', event.slug), en: sectionPath('events', 'en', event.slug), title: event.title },
      { de: sectionPath('press', 'de'), en: sectionPath('press', 'en'), title: { de: 'Presse', en: 'Press' } },
    ];
  };

  it('leads from each page to its counterpart and back, with hreflang both ways', async () => {
    for (const c of cases()) {
      await open(c.de);
      expect(await hreflang('en')).toBe(c.en);
      expect(await hreflang('de')).toBe(c.de);
      await page.locator('header a[hreflang="en"]').click();
      await page.waitForURL(`${site.url}${c.en}`);
      expect(await h1()).toBe(localize(c.title, 'en'));
      expect(await hreflang('de')).toBe(c.de);
      await page.locator('header a[hreflang="de"]').click();
      await page.waitForURL(`${site.url}${c.de}`);
      expect(await h1()).toBe(c.title.de);
    }
  });
});

describe('press pagination', () => {
  for (const locale of locales) {
    it(`walks all pages newest first with rel prev/next (${locale})`, async () => {
      const items = pressFor(locale);
      const pages = Math.max(1, Math.ceil(items.length / PRESS_PAGE_SIZE));
      const seen: string[] = [];
      await open(pressListPath(locale, 1));
      for (let n = 1; n <= pages; n++) {
        expect(new URL(page.url()).pathname).toBe(pressListPath(locale, n));
        seen.push(...(await page.locator('main article h2').allInnerTexts()));
        const nav = page.getByRole('navigation', { name: locale === 'de' ? 'Seiten der Pressemitteilungen' : 'Press release pages' });
        if (pages > 1) {
          expect(await nav.locator('a[aria-current="page"]').innerText()).toContain(String(n));
          expect(await attr('head link[rel="prev"]', 'href')).toBe(n > 1 ? pressListPath(locale, n - 1) : null);
          expect(await attr('head link[rel="next"]', 'href')).toBe(n < pages ? pressListPath(locale, n + 1) : null);
        }
        if (n < pages) {
          await nav.locator('a[rel="next"]').click();
          await page.waitForURL(`${site.url}${pressListPath(locale, n + 1)}`);
        }
      }
      expect(seen).toEqual(items.map((i) => localize(i.title, locale)));
      if (pages > 1) {
        await page.getByRole('navigation', { name: locale === 'de' ? 'Seiten der Pressemitteilungen' : 'Press release pages' }).locator('a[rel="prev"]').click();
        await page.waitForURL(`${site.url}${pressListPath(locale, pages - 1)}`);
      }
    });
  }
});

describe('feeds in dist/ parse with real parsers', () => {
  const parseIcs = async (file: string) => {
    const text = await readFile(path.join(dist, file), 'utf8');
    return { text, events: Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === 'VEVENT') };
  };

  for (const locale of locales) {
    it(`RSS 2.0 feed of the press items (${locale})`, async () => {
      const xml = await readFile(path.join(dist, pressFeedPath(locale)), 'utf8');
      expect(XMLValidator.validate(xml)).toBe(true);
      const channel = new XMLParser({ ignoreAttributes: false }).parse(xml).rss.channel;
      const items = [channel.item ?? []].flat() as { title: string; link: string; pubDate: string }[];
      const expected = pressFor(locale);
      expect(items.map((i) => i.title)).toEqual(expected.map((i) => localize(i.title, locale)));
      expect(items.map((i) => i.link)).toEqual(expected.map((i) => `${origin}${sectionPath('press', locale, i.slug)}`));
      for (const item of items) expect(Number.isNaN(Date.parse(item.pubDate))).toBe(false);
    });

    it(`calendar feed holds exactly the upcoming events of the events page (${locale})`, async () => {
      await open(sectionPath('events', locale));
      const upcomingTitles = await page.locator('main [data-events="upcoming"] article h3').allInnerTexts();
      const { text, events: feed } = await parseIcs(eventCalendarPath(locale));
      expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin');
      expect(feed.map((e) => e.summary)).toEqual(upcomingTitles);
      for (const entry of feed) {
        const event = events.find((e) => `${e._id}@${new URL(origin).host}` === entry.uid)!;
        expect(event, entry.uid).toBeTruthy();
        expect(entry.start.toISOString()).toBe(new Date(event.start).toISOString());
        expect(entry.start.tz).toBe('Europe/Berlin');
      }
    });
  }

  it('an .ics for each event that has not ended (the ones whose page offers it), with a stable UID, Berlin times and the page URL', async () => {
    const now = Date.now();
    let offered = 0;
    let withheld = 0;
    for (const locale of locales) {
      for (const event of events.filter((e) => locale === 'de' || eventHasEnglish(e))) {
        const icsPath = eventIcsPath(locale, event.slug);
        const html = await readFile(path.join(dist, sectionPath('events', locale, event.slug), 'index.html'), 'utf8');
        const linked = html.includes(`href="${icsPath}"`);
        const exists = await stat(path.join(dist, icsPath)).then(
          () => true,
          () => false,
        );
        expect(exists, `${icsPath} is built exactly when its event page links it`).toBe(linked);
        // The build ran before this test: an event that has not ended now had not ended then.
        if (Date.parse(event.end) >= now) expect(exists, `${icsPath} of an event that has not ended`).toBe(true);
        if (!exists) {
          withheld += 1;
          continue;
        }
        offered += 1;
        const { text, events: parsed } = await parseIcs(icsPath);
        expect(parsed).toHaveLength(1);
        const entry = parsed[0]!;
        expect(entry.uid).toBe(`${event._id}@${new URL(origin).host}`);
        expect(entry.summary).toBe(localize(event.title, locale));
        expect(entry.start.toISOString()).toBe(new Date(event.start).toISOString());
        expect(entry.end!.toISOString()).toBe(new Date(event.end).toISOString());
        expect(text).toMatch(/^DTSTART;TZID=Europe\/Berlin:\d{8}T\d{6}\r$/m);
        expect(text).toMatch(/^DTSTAMP:\d{8}T\d{6}Z\r$/m);
        const url = entry.url as unknown as string | { val: string };
        expect(typeof url === 'string' ? url : url.val).toBe(`${origin}${sectionPath('events', locale, event.slug)}`);
      }
    }
    // The dataset has events of 2022 (past) and upcoming ones: both rules were exercised.
    expect(offered).toBeGreaterThan(0);
    expect(withheld).toBeGreaterThan(0);
  });

  it('event pages link their .ics download', async () => {
    const { event } = dataset();
    await open(sectionPath('events', 'de', event.slug));
    const link = page.locator(`main a[href="${eventIcsPath('de', event.slug)}"]`);
    if ((await link.count()) > 0) {
      const response = await page.request.get(`${site.url}${eventIcsPath('de', event.slug)}`);
      expect(response.status()).toBe(200);
      expect(await response.text()).toContain('BEGIN:VCALENDAR');
    }
  });
});
