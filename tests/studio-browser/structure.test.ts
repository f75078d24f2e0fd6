// The real Studio (studio/sanity.config.ts, built) against the local Content Lake in headless
// Chromium: it signs in without a login screen, every section of the structure opens its list,
// every document type opens in the editor without a console error or an error card, and the
// singletons Öffnungszeiten and Einstellungen open.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { collectConsoleErrors, editorContext, ERROR_CARD, startTestStudio, type TestStudio } from '../helpers/local-platform.ts';

let platform: TestStudio;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];

beforeAll(async () => {
  [platform, browser] = await Promise.all([startTestStudio(), launchBrowser()]);
  context = await editorContext(browser);
  page = await context.newPage();
  errors = collectConsoleErrors(page);
  await page.goto(platform.studioUrl);
  await page.getByRole('link', { name: 'Dienstleistungen' }).waitFor({ timeout: 60_000 });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

describe('Studio on the local lake', () => {
  test('signs in as the local editor without a login screen', async () => {
    expect(await page.getByText('Choose login provider').count()).toBe(0);
    const token = await page.evaluate((key) => localStorage.getItem(key), `__studio_auth_token_${platform.lake.projectId}`);
    expect(JSON.parse(token ?? '{}')).toMatchObject({ token: platform.lake.token });
  });

  const sections = [
    { section: 'Dienstleistungen', item: 'Reisepass abholen ENTWURF-NICHT-VEROEFFENTLICHT' },
    { section: 'Öffnungszeiten', item: 'KSP in der GALERIA Kassel' },
    { section: 'Partner', item: 'Stadt Kassel' },
    { section: 'Presse', item: 'Ein Jahr Kassel Service Point' },
    { section: 'Veranstaltungen', item: 'Themenwoche' },
    { section: 'Seiten', item: 'Impressum' },
    { section: 'Nicht im KSP', item: 'Kfz-Zulassung' },
    { section: 'Einstellungen', item: 'Website-Einstellungen' },
  ];
  // One Studio page for all sections: each click replaces the list pane, as for an editor.
  test.each(sections)('section $section opens its list', async ({ section, item }) => {
    await page.getByRole('link', { name: section }).click();
    await expect.poll(() => page.getByText(item).first().isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.getByText(ERROR_CARD).count()).toBe(0);
  });

  const documents = [
    { type: 'service', path: 'services;service-personalausweis-abholen', heading: 'Personalausweis abholen' },
    { type: 'partner', path: 'partners;partner-stadt-kassel', heading: 'Stadt Kassel' },
    { type: 'pressItem', path: 'press;pressItem-ein-jahr-ksp-rueckblick', heading: 'Ein Jahr Kassel Service Point' },
    { type: 'event', path: 'events;event-themenwoche-digitalisierung', heading: 'Themenwoche' },
    { type: 'page', path: 'pages;page-impressum', heading: 'Impressum' },
    { type: 'notAtKsp', path: 'notAtKsp;notAtKsp-fuehrerschein', heading: 'Führerschein' },
    {
      type: 'openingHours (singleton Öffnungszeiten)',
      path: 'openingHours;openingHours-ksp',
      heading: 'Öffnungszeiten: Kassel Service Point',
    },
    { type: 'siteSettings (singleton Einstellungen)', path: 'settings;siteSettings', heading: 'Kassel Service Point' },
  ];
  test.each(documents)('$type opens in the editor without console errors or error cards', async ({ path, heading }) => {
    errors.length = 0;
    await page.goto(`${platform.studioUrl}/structure/${path}`);
    const publish = page.getByRole('button', { name: 'Veröffentlichen' });
    await publish.waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByRole('heading', { name: new RegExp(heading) }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    // The footer's publish status comes last (from the document's history events).
    await page
      .getByText(/Zuletzt veröffentlicht/)
      .first()
      .waitFor({ timeout: 20_000 });
    expect(await page.getByText(ERROR_CARD).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  test('the lake was asked for nothing it does not implement', () => {
    expect(platform.lake.unsupported).toEqual([]);
  });
});
