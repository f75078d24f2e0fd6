// The editor's daily loop on one machine, in headless Chromium: the real Studio on the local
// Content Lake, publishing through signed webhooks to the publish server, which rebuilds the
// site from the lake. Long required fields (summary, body, fees …) that the journeys are not
// about are prepared through the lake's API, as a colleague's earlier work; what the journeys
// test (title, slug, provider, hours, image, alt text, publishing) is done in the Studio.
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { collectConsoleErrors, editorContext, startTestPlatform, type TestPlatform, until } from '../helpers/local-platform.ts';

/** The bound for a publish to reach the site. */
const PUBLISH_TO_LIVE_MS = 60_000;

let platform: TestPlatform;
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

/** Closes the Studio's nested object dialogs (array items), innermost first. */
async function closeDialogs(studio: Page): Promise<void> {
  const close = studio.getByRole('button', { name: 'Close dialog' }).filter({ visible: true });
  while ((await close.count()) > 0) await close.last().click();
}

async function siteText(path: string): Promise<string> {
  const response = await fetch(`${platform.siteUrl}${path}`);
  return response.ok ? response.text() : `HTTP ${response.status}`;
}

/** Waits until the published document has the expected revision and the draft is gone. */
async function published(id: string): Promise<void> {
  await expect
    .poll(async () => Boolean((await platform.client.getDocument(id)) && !(await platform.client.getDocument(`drafts.${id}`))), {
      timeout: 20_000,
    })
    .toBe(true);
}

beforeAll(async () => {
  [platform, browser] = await Promise.all([startTestPlatform(), launchBrowser()]);
  context = await editorContext(browser);
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
    const template = await platform.client.getDocument('service-sperrmuell-anmelden');
    const { _id, _rev, _createdAt, _updatedAt, title, slug, provider, ...rest } = template!;
    await platform.client.create({ ...rest, _id: 'drafts.service-journey-neu', _type: 'service' });
    await openDocument(page, 'services;service-journey-neu');

    await page.getByLabel('Deutsch').first().fill('Wunschkennzeichen Journey reservieren');
    await page.getByRole('button', { name: 'Generieren' }).first().click();
    await expect
      .poll(async () => (await platform.client.getDocument('drafts.service-journey-neu'))?.slug, { timeout: 10_000 })
      .toMatchObject({
        current: 'wunschkennzeichen-journey-reservieren',
      });
    const publish = page.getByRole('button', { name: 'Veröffentlichen' });
    await expect.poll(() => publish.isDisabled(), { timeout: 10_000 }).toBe(true);
    await page
      .getByRole('button', { name: /Validierung|Fehler/ })
      .first()
      .click();
    await page
      .getByText('Bitte wählen Sie den Anbieter aus – ohne Anbieter kann die Dienstleistung nicht veröffentlicht werden.')
      .filter({ visible: true })
      .first()
      .waitFor({ timeout: 10_000 });

    await page.getByTestId('reference-input').first().click();
    await page.keyboard.type('Stadtreiniger');
    await page
      .getByRole('option', { name: /Stadtreiniger/ })
      .first()
      .click();
    await expect.poll(() => publish.isEnabled(), { timeout: 15_000 }).toBe(true);
    const publishedAt = Date.now();
    await publish.click();
    await published('service-journey-neu');

    await expect
      .poll(() => siteText('/dienstleistungen/wunschkennzeichen-journey-reservieren/'), { timeout: PUBLISH_TO_LIVE_MS, interval: 500 })
      .toContain('Wunschkennzeichen Journey reservieren');
    expect(Date.now() - publishedAt).toBeLessThan(PUBLISH_TO_LIVE_MS);
    const site = await context.newPage();
    await site.goto(`${platform.siteUrl}/suche/?q=Wunschkennzeichen`);
    await expect
      .poll(() => site.locator('[data-search-results] a').evaluateAll((links) => links.map((link) => link.getAttribute('href'))), {
        timeout: 15_000,
      })
      .toContain('/dienstleistungen/wunschkennzeichen-journey-reservieren/');
    await site.close();
  }, 180_000);

  test('2: Monday 13:00–12:00 is refused in German and blocks publishing; the fix goes live on /oeffnungszeiten/', async () => {
    await openDocument(page, 'openingHours;openingHours-ksp');
    /** Opens Monday's interval that shows `label` in the nested dialogs and fills its times. */
    const editMonday = async (label: string, times: { opens?: string; closes?: string }) => {
      await page.getByText('Montag', { exact: true }).filter({ visible: true }).first().click();
      await page.getByText(label).filter({ visible: true }).first().click();
      if (times.opens) await page.getByLabel('Öffnet um').filter({ visible: true }).last().fill(times.opens);
      if (times.closes) await page.getByLabel('Schließt um').filter({ visible: true }).last().fill(times.closes);
      await closeDialogs(page);
    };
    await editMonday('10:00–13:00 Uhr', { opens: '13:00', closes: '12:00' });
    await page
      .getByRole('button', { name: /Validierung|Fehler/ })
      .first()
      .click();
    await page
      .getByText('Die Schließzeit 12:00 liegt nicht nach der Öffnungszeit 13:00. Bitte tauschen oder korrigieren Sie die Uhrzeiten.')
      .filter({ visible: true })
      .first()
      .waitFor({ timeout: 15_000 });
    const publish = page.getByRole('button', { name: 'Veröffentlichen' });
    expect(await publish.isDisabled()).toBe(true);

    await editMonday('13:00–12:00 Uhr', { opens: '09:15' });
    await expect.poll(() => publish.isEnabled(), { timeout: 15_000 }).toBe(true);
    await publish.click();
    await published('openingHours-ksp');
    // The page's regular week: its structured data always lists it (the visible table shows a
    // special period instead while one is in effect, e.g. Advent in the example content).
    const mondays = async () => {
      const html = await siteText('/oeffnungszeiten/');
      const data = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1];
      const specs =
        (JSON.parse(data ?? '{}') as { openingHoursSpecification?: Array<{ dayOfWeek: string[]; opens: string; closes: string }> })
          .openingHoursSpecification ?? [];
      return specs.filter((spec) => spec.dayOfWeek.includes('https://schema.org/Monday')).map((spec) => `${spec.opens}–${spec.closes}`);
    };
    await expect.poll(mondays, { timeout: PUBLISH_TO_LIVE_MS, interval: 500 }).toEqual(['09:15–12:00', '13:30–19:00']);
  }, 180_000);

  test('3: an image uploaded into a press item needs alt text; published, the press page shows it optimised', async () => {
    // A photo the lake has never seen, so the upload really stores a new asset.
    const photo = path.join(tmpdir(), `ksp-journey-${process.pid}.jpg`);
    await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 30, g: 110, b: 160 } } })
      .jpeg()
      .toFile(photo);
    await openDocument(page, 'press;pressItem-deutschlandticket-beratung');
    // Under load the form may still re-render after the tab switch: the button the click found is
    // replaced (seen in CI: "element was detached", then no click in 30 s). So the tab and the
    // button are clicked again, briefly each time, until the new image's dialog is open.
    const dialog = page.getByRole('dialog').filter({ visible: true }).last();
    for (let attempt = 1; (await dialog.count()) === 0; attempt += 1) {
      if (attempt > 5) throw new Error('"Element hinzufügen" under „Bilder & Zitate“ opened no dialog after 5 clicks.');
      await page.getByRole('tab', { name: 'Bilder & Zitate' }).click({ timeout: 10_000 }).catch(() => undefined);
      await page.getByRole('button', { name: 'Element hinzufügen' }).first().click({ timeout: 20_000 }).catch(() => undefined);
      await dialog.waitFor({ timeout: 30_000 }).catch(() => undefined);
    }
    await page.locator('input[type=file]').setInputFiles(photo);
    // The upload goes to the lake and back as a preview: slow while other browser tests run (CI).
    await dialog.locator('img').first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Validierung' }).click();
    await page
      .getByText('Bitte beschreiben Sie das Bild im Alternativtext – ohne ihn ist es für blinde Menschen unsichtbar.')
      .filter({ visible: true })
      .first()
      .waitFor({ timeout: 15_000 });
    const publish = page.getByRole('button', { name: 'Veröffentlichen' });
    expect(await publish.isDisabled()).toBe(true);

    await dialog.getByLabel('Deutsch').first().fill('Beraterin erklärt das Deutschlandticket am Tresen');
    await dialog.getByLabel('Bildnachweis').fill('Foto: Stadt Kassel');
    await closeDialogs(page);
    await expect.poll(() => publish.isEnabled(), { timeout: 15_000 }).toBe(true);
    await publish.click();
    await published('pressItem-deutschlandticket-beratung');
    const uploaded = await platform.client.fetch<string | null>(
      '*[_id == "pressItem-deutschlandticket-beratung"][0].images[0].asset->originalFilename',
    );
    expect(uploaded).toBe(path.basename(photo));

    const pressPage = '/presse/deutschlandticket-beratung-im-ksp/';
    await expect
      .poll(() => siteText(pressPage), { timeout: PUBLISH_TO_LIVE_MS, interval: 500 })
      .toContain('Beraterin erklärt das Deutschlandticket am Tresen');
    const html = await siteText(pressPage);
    const avif = /<source[^>]+type="image\/avif"[^>]+srcset="(\/_img\/avif\/(\d+)\/[^" ]+)/.exec(html);
    expect(avif, 'an AVIF variant on the press page').not.toBeNull();
    expect(html).not.toContain(platform.lake.url);
    // Made by the publish server from the lake's original when it is first asked for.
    const variant = await fetch(`${platform.siteUrl}${avif![1]!}`);
    expect(variant.status).toBe(200);
    expect(variant.headers.get('content-type')).toBe('image/avif');
    expect((await sharp(Buffer.from(await variant.arrayBuffer())).metadata()).width).toBe(Number(avif![2]));
  }, 180_000);

  test('4: editing a published service without publishing never changes the site', async () => {
    await openDocument(page, 'services;service-kassel-gutschein');
    await page.getByLabel('Deutsch').first().fill('Gutschein UNVEROEFFENTLICHT');
    await expect
      .poll(async () => (await platform.client.getDocument('drafts.service-kassel-gutschein'))?.title, { timeout: 10_000 })
      .toMatchObject({
        de: 'Gutschein UNVEROEFFENTLICHT',
      });
    // Another document is published meanwhile, so the site is rebuilt from the lake.
    const before = platform.lake.deliveries.length;
    await platform.client.action({
      actionType: 'sanity.action.document.edit',
      draftId: 'drafts.partner-kvg',
      publishedId: 'partner-kvg',
      patch: { set: { phone: '0561 3089-0' } },
    } as never);
    await platform.client.action({
      actionType: 'sanity.action.document.publish',
      draftId: 'drafts.partner-kvg',
      publishedId: 'partner-kvg',
    } as never);
    await until('the webhook of the other publish', async () => platform.lake.deliveries.length > before, 20_000);
    expect(platform.lake.deliveries.slice(before).map(({ documentId }) => documentId)).toEqual(['partner-kvg']);
    await platform.buildsIdle();
    const html = await siteText('/dienstleistungen/kassel-gutschein/');
    expect(html).toContain('Kassel-Gutschein');
    expect(html).not.toContain('UNVEROEFFENTLICHT');
  }, 180_000);

  // The target is "within 2 s"; on shared CI machines a wall-clock assertion would be
  // flaky, so the test only bounds the wait and prints the measured time.
  test('5: two editors on the same document see each other’s changes', async () => {
    const other = await editorContext(browser);
    const second = await newStudioPage(other);
    await Promise.all([openDocument(page, 'services;service-fundsachen-info'), openDocument(second, 'services;service-fundsachen-info')]);
    const mine = page.getByLabel('Englisch').first();
    const theirs = second.getByLabel('Englisch').first();
    for (const [from, to, text] of [
      [mine, theirs, 'Lost and found, edited by editor A'],
      [theirs, mine, 'Lost and found, edited by editor B'],
    ] as const) {
      await from.fill(text);
      const typed = Date.now();
      await expect.poll(() => to.inputValue(), { timeout: 20_000, interval: 100 }).toBe(text);
      console.log(`Journey 5: the other editor saw "${text}" after ${Date.now() - typed} ms`);
    }
    await other.close();
    expect(errors).toEqual([]);
  }, 120_000);
});
