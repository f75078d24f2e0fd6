// The Studio's "Vorschau" tool (Presentation) with the preview server, in headless Chromium, on
// the local Content Lake: a service with an unpublished change shows its draft in the preview,
// the Studio lists the pages that show it, a click on the title opens its field, and typing
// updates the preview without reloading it. The Studio is the shared local build (studio/dist),
// which accepts a preview on any port of localhost; the tool's address names this test's.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SanityClient } from '@sanity/client';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Lake, lakeClient, LOCAL_DATASET, LOCAL_PROJECT_ID, startLake } from '../../dev/lake/index.ts';
import { ensureStudioBuild, localStudioEnv } from '../../dev/studio-build.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { editorContext, STUDIO_DIR } from '../helpers/local-platform.ts';
import { ensurePreviewBuilt, startPreview, type RunningPreview } from '../helpers/preview.ts';

const SERVICE = 'service-wohnsitz-anmelden-beratung';
const SERVICE_PATH = '/dienstleistungen/wohnsitz-anmelden-beratung/';
const DRAFT_TITLE = 'Wohnsitz anmelden – Entwurf aus dem Studio';

let work: string;
let lake: Lake;
let preview: RunningPreview;
let client: SanityClient;
let browser: Browser;
let page: Page;
let frame: FrameLocator;

beforeAll(async () => {
  ensurePreviewBuilt();
  work = await mkdtemp(path.join(tmpdir(), 'ksp-presentation-'));
  await ensureStudioBuild(STUDIO_DIR, localStudioEnv(LOCAL_PROJECT_ID, LOCAL_DATASET));
  lake = await startLake({ dir: path.join(work, 'lake'), studioDir: STUDIO_DIR, signIn: 'automatic' });
  client = lakeClient(lake);
  preview = await startPreview(lake.url, { SANITY_PROJECT_ID: lake.projectId, SANITY_DATASET: lake.dataset, SANITY_PREVIEW_TOKEN: lake.token, SANITY_STUDIO_URL: lake.url, KSP_BUILD_NOW: undefined });
  browser = await launchBrowser();

  const published = await client.getDocument(SERVICE);
  await client.createOrReplace({ ...published!, _id: `drafts.${SERVICE}`, title: { ...(published!.title as object), de: DRAFT_TITLE } });

  page = await (await editorContext(browser)).newPage();
  // The lake answers on localhost: the preview under the same host name is the same site.
  const previewPage = new URL(SERVICE_PATH, preview.url.replace('127.0.0.1', 'localhost'));
  await page.goto(`${lake.url}/presentation/service/${SERVICE}?preview=${encodeURIComponent(previewPage.href)}`);
  frame = page.frameLocator('iframe');
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  await lake?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the Studio\'s "Vorschau" tool', () => {
  test('shows the unpublished change of a service in the preview, with the banner', async () => {
    await expect.poll(() => frame.locator('h1').first().textContent(), { timeout: 60_000 }).toBe(DRAFT_TITLE);
    await expect(frame.getByText('Vorschau – nicht veröffentlicht').isVisible()).resolves.toBe(true);
  }, 90_000);

  test('lists the pages that show the service, in both languages', async () => {
    await page.getByText(/Auf \d+ Seiten verwendet/).click();
    const hrefs = ['/dienstleistungen/wohnsitz-anmelden-beratung/', '/dienstleistungen/', '/en/services/wohnsitz-anmelden-beratung/', '/en/services/'];
    for (const href of hrefs) await page.getByText(href, { exact: true }).waitFor({ timeout: 15_000 });
    await page.getByText(`${DRAFT_TITLE} (Deutsch)`).waitFor();
    await page.getByText('Liste: Dienstleistungen (Englisch)').waitFor();
  }, 60_000);

  test('frames the title on hover; a click opens the title field', async () => {
    // The overlay attaches to the page's elements a moment after it loads; a hover before that
    // frames nothing (seen in a clean-clone CI run), so the pointer leaves and hovers again.
    const framed = frame.locator('sanity-visual-editing').getByText(DRAFT_TITLE).first();
    for (let attempt = 1; !(await framed.isVisible()); attempt += 1) {
      if (attempt > 5) throw new Error('The Vorschau framed nothing after the title was hovered 5 times.');
      await page.mouse.move(0, 0);
      await frame.locator('h1').first().hover();
      await framed.waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    await frame.locator('h1').first().click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid^="field-"]')?.getAttribute('data-testid')), { timeout: 15_000 }).toBe('field-title.de');
  }, 60_000);

  test('follows typing in the title without reloading the page', async () => {
    // A reload would start a new document in the frame and lose this marker.
    await frame.locator('body').evaluate(() => Object.assign(window, { kspMarker: 'same page' }));
    const input = page.getByTestId('field-title.de').locator('input').first();
    await input.click();
    await input.press('End');
    await input.pressSequentially(' geändert', { delay: 20 });
    const typed = Date.now();
    const edited = `${DRAFT_TITLE} geändert`;
    await expect.poll(async () => ((await client.getDocument(`drafts.${SERVICE}`))?.title as { de?: string } | undefined)?.de, { timeout: 15_000, interval: 100 }).toBe(edited);
    const inLake = Date.now();
    // A bounded wait, not a timed assertion: this machine's load swings by ±50 %. The time is
    // printed here; `npm run bench:preview` measures the preview's own share.
    await expect.poll(() => frame.locator('h1').first().textContent(), { timeout: 15_000, interval: 25 }).toBe(edited);
    const shown = Date.now();
    console.log(`the Content Lake had the edit ${inLake - typed} ms after the last keystroke, the preview showed it ${shown - inLake} ms later`);
    await expect(frame.locator('body').evaluate(() => (window as { kspMarker?: string }).kspMarker)).resolves.toBe('same page');
  }, 60_000);
});
