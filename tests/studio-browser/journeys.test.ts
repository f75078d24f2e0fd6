// The editor's daily loop on one machine, in headless Chromium: the real Studio on the local
// Content Lake, publishing through signed webhooks to the publish server, which rebuilds the
// site from the lake. Long required fields (summary, body, fees …) that the journeys are not
// about are prepared through the lake's API, as a colleague's earlier work; what the journeys
// test (title, slug, provider, hours, image, alt text, publishing) is done in the Studio.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { collectConsoleErrors, offline, startLocalPlatform, until, type LocalPlatform } from '../helpers/local-platform.ts';

/** The bound for a publish to reach the site. */
const PUBLISH_TO_LIVE_MS = 60_000;

let platform: LocalPlatform;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];

async function newStudioPage(target: BrowserContext): Promise<Page> {
  const studio = await target.newPage();
  await studio.goto(platform.studioUrl);
  await studio.getByRole('link', { name: 'Dienstleistungen' }).waitFor({ timeout: 60_000 });
  return studio;
}

async function openDocument(studio: Page, path: string): Promise<void> {
  await studio.goto(`${platform.studioUrl}/structure/${path}`);
  await studio.getByRole('button', { name: 'Veröffentlichen' }).waitFor({ timeout: 30_000 });
}

async function siteText(path: string): Promise<string> {
  const response = await fetch(`${platform.siteUrl}${path}`);
  return response.ok ? response.text() : `HTTP ${response.status}`;
}

/** Waits until the published document has the expected revision and the draft is gone. */
async function published(id: string): Promise<void> {
  await expect.poll(async () => Boolean((await platform.client.getDocument(id)) && !(await platform.client.getDocument(`drafts.${id}`))), { timeout: 20_000 }).toBe(true);
}

beforeAll(async () => {
  [platform, browser] = await Promise.all([startLocalPlatform(), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE' });
  await offline(context);
  page = await newStudioPage(context);
  errors = collectConsoleErrors(page);
  // The first release is built from the lake at start.
  await until('the first release of the site', async () => (await siteText('/')).includes('Kassel Service Point'), 150_000);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

describe('journeys', () => {
  test('1: a service without provider cannot be published; with one it is live and searchable within 60 s', async () => {
    const template = await platform.client.getDocument('service.sperrmuell-anmelden');
    const { _id, _rev, _createdAt, _updatedAt, title, slug, provider, ...rest } = template!;
    await platform.client.create({ ...rest, _id: 'drafts.service.journey-neu', _type: 'service' });
    await openDocument(page, 'services;service.journey-neu');

    await page.getByLabel('Deutsch').first().fill('Wunschkennzeichen Journey reservieren');
    await page.getByRole('button', { name: 'Generieren' }).first().click();
    await expect.poll(async () => (await platform.client.getDocument('drafts.service.journey-neu'))?.slug, { timeout: 10_000 }).toMatchObject({
      current: 'wunschkennzeichen-journey-reservieren',
    });
    const publish = page.getByRole('button', { name: 'Veröffentlichen' });
    await expect.poll(() => publish.isDisabled(), { timeout: 10_000 }).toBe(true);
    await page.getByRole('button', { name: /Validierung|Fehler/ }).first().click();
    await page.screenshot({ path: '/tmp/i13-j1-validation.png' });
    await page
      .getByText('Bitte wählen Sie den Anbieter aus – ohne Anbieter kann die Dienstleistung nicht veröffentlicht werden.')
      .filter({ visible: true })
      .first()
      .waitFor({ timeout: 10_000 });

    await page.getByTestId('reference-input').first().click();
    await page.keyboard.type('Stadtreiniger');
    await page.getByRole('option', { name: /Stadtreiniger/ }).first().click();
    await expect.poll(() => publish.isEnabled(), { timeout: 15_000 }).toBe(true);
    const publishedAt = Date.now();
    await publish.click();
    await published('service.journey-neu');

    await expect.poll(() => siteText('/dienstleistungen/wunschkennzeichen-journey-reservieren/'), { timeout: PUBLISH_TO_LIVE_MS, interval: 500 }).toContain(
      'Wunschkennzeichen Journey reservieren',
    );
    expect(Date.now() - publishedAt).toBeLessThan(PUBLISH_TO_LIVE_MS);
    const site = await context.newPage();
    await site.goto(`${platform.siteUrl}/suche/?q=Wunschkennzeichen`);
    await expect.poll(() => site.locator('[data-search-results] a').evaluateAll((links) => links.map((link) => link.getAttribute('href'))), { timeout: 15_000 }).toContain(
      '/dienstleistungen/wunschkennzeichen-journey-reservieren/',
    );
    await site.close();
  }, 180_000);
});
