// The publish status as an editor sees it, on the platform of `npm start`: the local Content Lake
// serves the Studio and sends signed webhooks to the publish server, which builds the real site.
// Publishing turns the badge from "Wird veröffentlicht …" to "Live"; a document that breaks the
// contract (a reference to an unpublished partner, written through the API) turns it into
// "Veröffentlichung fehlgeschlagen" with the German reason naming the field, while the site
// keeps serving the last good release; the tool "Veröffentlichungen" lists both builds.
//
// The Studio is built here with the publish server's address (SANITY_STUDIO_SITE_URL), known
// only once it listens on its ephemeral port; the shared studio/dist has none.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SanityClient } from '@sanity/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPlatform } from '../../dev/platform.ts';
import { BUILD_MANIFEST_PATH, parseManifest } from '../../core/publish/build-manifest.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { editorPage, startPlatformWithStudio, until } from '../helpers/local-platform.ts';

const SERVICE = 'service-reisepass-abholen';
let work: string;
let platform: LocalPlatform;
let client: SanityClient;
let browser: Browser;
let page: Page;
let errors: string[];

const badge = () => page.locator('[data-ui="Badge"]', { hasText: /^(Live|Wird veröffentlicht|Veröffentlichung fehlgeschlagen)/ });
const manifest = async () => parseManifest(await (await fetch(`${platform.siteUrl}${BUILD_MANIFEST_PATH}`)).json());

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'ksp-publish-status-'));
  ({ platform, client } = await startPlatformWithStudio(work));
  await until('the first release', async () => Boolean((await manifest())?.revisions[SERVICE]), 300_000);
  browser = await launchBrowser();
  ({ page, errors } = await editorPage(browser));
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await platform?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('publish status in the Studio', () => {
  it('shows "Live", then "Wird veröffentlicht …" after publishing, then "Live" again', async () => {
    await page.goto(`${platform.studioUrl}/structure/services;${SERVICE}`);
    await expect.poll(() => badge().innerText(), { timeout: 60_000 }).toBe('Live');

    // The dataset holds a draft of this service: publish it like an editor.
    await page.getByRole('button', { name: 'Veröffentlichen', exact: true }).click();
    await expect
      .poll(() => badge().innerText(), { timeout: 30_000, interval: 200 })
      .toMatch(/^Wird veröffentlicht … \((Platz \d in der Warteschlange|Website wird gebaut, seit \d+ s|seit \d+ s|wird übernommen)\)$/);
    await expect.poll(() => badge().innerText(), { timeout: 180_000, interval: 500 }).toBe('Live');
    const published = await client.getDocument(SERVICE);
    expect((await manifest())?.revisions[SERVICE]).toBe(published?._rev);
  }, 300_000);

  it('shows "Veröffentlichung fehlgeschlagen" naming the field when the document breaks the contract, and the site keeps the last release', async () => {
    const live = await manifest();
    const pageBefore = await (await fetch(`${platform.siteUrl}/dienstleistungen/reisepass-abholen/`)).text();
    await client.createOrReplace({ _id: 'drafts.partner.neu', _type: 'partner', name: 'Neuer Partner', slug: { _type: 'slug', current: 'neuer-partner' } });
    await client.patch(SERVICE).set({ provider: { _type: 'reference', _ref: 'partner.neu', _weak: true } }).commit();

    await expect.poll(() => badge().innerText(), { timeout: 180_000, interval: 500 }).toBe('Veröffentlichung fehlgeschlagen');
    const banner = page.getByTestId('publish-failed-banner');
    await expect.poll(() => banner.innerText(), { timeout: 10_000 }).toContain('verweist auf „Neuer Partner“ (partner.neu), das nicht veröffentlicht ist');
    const text = await banner.innerText();
    expect(text).toContain('Feld „Anbieter“');
    expect(text).toContain('Die Website zeigt weiter den letzten erfolgreichen Stand.');
    expect(text).not.toMatch(/points to|Fix:|Error/);

    expect((await manifest())?.buildId).toBe(live?.buildId);
    const pageAfter = await fetch(`${platform.siteUrl}/dienstleistungen/reisepass-abholen/`);
    expect(pageAfter.status).toBe(200);
    expect(await pageAfter.text()).toBe(pageBefore);
  }, 300_000);

  it('lists both builds with their results in "Veröffentlichungen"', async () => {
    await page.goto(`${platform.studioUrl}/veroeffentlichungen`);
    const rows = page.getByTestId('build-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const [failed, published] = [rows.nth(0), rows.nth(1)];
    expect(await failed.getAttribute('data-result')).toBe('failed');
    // Document titles arrive a moment after the list (ids first).
    await expect
      .poll(() => failed.innerText(), { timeout: 10_000 })
      .toMatch(/Fehlgeschlagen[\s\S]*Anlass: Veröffentlicht: Dienstleistung „Reisepass abholen[\s\S]*Feld „Anbieter“/);
    expect(await published.getAttribute('data-result')).toBe('success');
    expect(await published.innerText()).toMatch(/Erfolgreich[\s\S]*Dauer \d+ s[\s\S]*Anlass: Veröffentlicht: Dienstleistung/);
    await expect.poll(() => page.getByRole('button', { name: 'Website neu bauen' }).count()).toBe(1);
    // The Studio read the site cross-origin without a CORS error.
    expect(errors.filter((error) => /CORS|Access-Control/.test(error))).toEqual([]);
  }, 60_000);
});
