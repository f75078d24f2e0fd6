// The live status is computed in the browser at the moment of reading, always in Berlin time:
// a visitor in New York at 05:00 local time sees "open" when it is 11:00 in Kassel.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serveDist, type ServedSite } from '../helpers/browser.ts';
import { getBerlinWallTime, type StatusDay } from '../../core/opening-hours.ts';


let browser: Browser;
let site: ServedSite;
let context: BrowserContext;
let days: StatusDay[];

/** The instant at which Berlin's wall clock shows `date time` (tries CET and CEST). */
function berlinInstant(date: string, time: string): Date {
  for (const offset of ['+01:00', '+02:00']) {
    const instant = new Date(`${date}T${time}:00${offset}`);
    const wall = getBerlinWallTime(instant);
    if (wall.date === date && wall.time === time) return instant;
  }
  throw new Error(`no instant for ${date} ${time} in Berlin`);
}

beforeAll(async () => {
  [browser, site] = await Promise.all([launchBrowser(), serveDist()]);
  context = await browser.newContext({ timezoneId: 'America/New_York' });
  const page = await context.newPage();
  await page.goto(`${site.url}/oeffnungszeiten/`);
  days = JSON.parse((await page.getAttribute('[data-live-status]', 'data-days'))!) as StatusDay[];
  await page.close();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function statusAt(path: string, instant: Date) {
  const page = await context.newPage();
  await page.clock.setFixedTime(instant);
  await page.goto(`${site.url}${path}`);
  await page.waitForFunction(() => document.querySelector('[data-live-status]')?.hasAttribute('data-state'));
  const result = {
    text: (await page.textContent('[data-live-status]'))?.trim(),
    state: await page.getAttribute('[data-live-status]', 'data-state'),
    today: (await page.textContent('[data-today-hours]'))?.trim(),
    localHour: await page.evaluate(() => new Date().getHours()),
  };
  await page.close();
  return result;
}

describe('live status under a mocked clock in New York', () => {
  it('is open during the first interval of an open day, in Berlin time', async () => {
    const day = days.find((d, i) => i > 0 && d.intervals.length > 0)!;
    const first = day.intervals[0]!;
    const opensHour = Number(first.opens.slice(0, 2));
    const at = berlinInstant(day.date, `${String(opensHour + 1).padStart(2, '0')}:00`);
    const de = await statusAt('/', at);
    expect(de.localHour).toBe(opensHour + 1 - 6); // New York is six hours behind Berlin
    expect(de.state).toBe('open');
    expect(de.text).toBe(`Jetzt geöffnet · schließt um ${first.closes} Uhr`);
    expect(de.today).toContain(`Heute: ${first.opens}–${first.closes}`);
    const en = await statusAt('/en/opening-hours/', at);
    expect(en.text).toBe(`Open now · closes at ${first.closes}`);
  });

  it('is closed after closing time and names the next opening', async () => {
    const index = days.findIndex((d, i) => i > 0 && d.intervals.length > 0 && (days[i + 1]?.intervals.length ?? 0) > 0);
    const day = days[index]!;
    const next = days[index + 1]!;
    const at = berlinInstant(day.date, '23:30');
    const de = await statusAt('/oeffnungszeiten/', at);
    expect(de.state).toBe('closed');
    expect(de.text).toBe(`Geschlossen · öffnet morgen um ${next.intervals[0]!.opens} Uhr`);
  });

  it('a closed day (Sunday or holiday) says closed today', async () => {
    const day = days.find((d, i) => i > 0 && d.intervals.length === 0)!;
    const result = await statusAt('/en/', berlinInstant(day.date, '12:00'));
    expect(result.state).toBe('closed');
    expect(result.text).toMatch(/^Closed · opens /);
    expect(result.today).toBe('Today: closed');
  });

  it('without JavaScript the page says where to look instead of a frozen status', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const page = await noJs.newPage();
    await page.goto(`${site.url}/`);
    expect(await page.textContent('[data-live-status]')).toMatch(/Öffnungszeiten/);
    await noJs.close();
  });
});
