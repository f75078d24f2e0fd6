// Content Releases on one machine, in headless Chromium: the editor creates the release
// "Themenwoche Familie" in the Studio's Releases tool, adds a changed service and a new press
// item, sees both in the Vorschau under the release's name, and schedules the release a short
// time ahead; the local lake publishes it at that minute, its webhooks reach the publish server,
// and both pages go live on the site together. The press item's long required fields (lead,
// body, date) are prepared through the lake's API as a colleague's earlier work, as the other
// journeys do; what this journey is about (the release, its documents, the title, scheduling,
// the preview) is done in the Studio.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { collectConsoleErrors, editorContext, startTestPlatform, type TestPlatform, until } from '../helpers/local-platform.ts';
import { ensurePreviewBuilt, startPreview, type RunningPreview } from '../helpers/preview.ts';

const RELEASE_TITLE = 'Themenwoche Familie';
const SERVICE_ID = 'service-stromvertrag-abschliessen';
const SERVICE_PATH = '/dienstleistungen/stromvertrag-abschliessen/';
const SERVICE_TITLE = 'Stromvertrag abschließen – Themenwoche Familie';
const PRESS_ID = 'pressItem-themenwoche-familie';
const PRESS_TITLE = 'Themenwoche Familie im Kassel Service Point';
const PRESS_PATH = '/presse/themenwoche-familie-im-kassel-service-point/';
/** How far ahead the editor schedules the release: enough for the steps before it, short enough to wait for. */
const SCHEDULE_AHEAD_MS = 100_000;
/** Screenshots of the Releases tool and the preview, to look at (not compared). */
const SHOTS = path.join(tmpdir(), 'ksp-releases-journey');

let platform: TestPlatform;
let preview: RunningPreview;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];

async function siteText(pathname: string): Promise<string> {
  const response = await fetch(`${platform.siteUrl}${pathname}`);
  return response.ok ? response.text() : `HTTP ${response.status}`;
}

/** What the date inputs of the Releases tool accept ("Dec 8, 2026 10:00"), in the browser's time zone (Europe/Berlin). */
function dateInputText(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', month: 'short', day: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map(({ type, value }) => [type, value]),
  );
  return `${parts.month} ${parts.day}, ${parts.year} ${parts.hour}:${parts.minute}`;
}

beforeAll(async () => {
  ensurePreviewBuilt();
  mkdirSync(SHOTS, { recursive: true });
  [platform, browser] = await Promise.all([startTestPlatform(), launchBrowser()]);
  preview = await startPreview(platform.lake.url, {
    SANITY_PROJECT_ID: platform.lake.projectId,
    SANITY_DATASET: platform.lake.dataset,
    SANITY_PREVIEW_TOKEN: platform.lake.token,
    SANITY_STUDIO_URL: platform.lake.url,
    KSP_BUILD_NOW: undefined,
  });
  context = await editorContext(browser, { timezoneId: 'Europe/Berlin' });
  page = await context.newPage();
  errors = collectConsoleErrors(page);
  await until('the first release of the site', async () => (await siteText('/')).includes('Kassel Service Point'), 150_000);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  await platform?.close();
});

describe('a scheduled Content Release', () => {
  let releaseId: string;

  /** The id (`r…`) of the release the Studio made under RELEASE_TITLE, if it made one. */
  const madeRelease = async () =>
    (await platform.client.fetch<string | null>('*[_type == "system.release" && metadata.title == $title][0]._id', { title: RELEASE_TITLE }, { perspective: 'raw' }))?.replace(
      /^_\.releases\./,
      '',
    );

  /**
   * The editor's way through the "Neues Release" dialog. The dialog closes on a click outside it,
   * and under load a click can land while the type menu is still closing (seen in CI: the page
   * itself "intercepts pointer events", then the dialog is gone). So whether a release was made is
   * asked of the lake, and only if none was made is the dialog opened again.
   */
  async function createReleaseInStudio(): Promise<string> {
    for (let attempt = 1; ; attempt += 1) {
      if (attempt > 3) throw new Error(`The "Neues Release" dialog made no release "${RELEASE_TITLE}" in 3 tries; see ${SHOTS}.`);
      await page.goto(`${platform.studioUrl}/releases`);
      const create = page.getByRole('button', { name: 'Neues Release' });
      await expect.poll(() => create.isEnabled(), { timeout: 60_000 }).toBe(true);
      if (attempt === 1) await page.screenshot({ path: path.join(SHOTS, 'releases-tool.png') });
      await create.click();
      await page.getByTestId('release-form-title').fill(RELEASE_TITLE);
      // The release type menu: a click that lands while the dialog is still settling opens nothing
      // (seen when other browser tests ran beside this one), so it is opened until its item shows.
      // A click while the menu is still opening lands on its backdrop and waits there, so each click
      // is short and the menu is looked for again before the next one.
      const atTime = page.getByRole('menuitem', { name: 'Zu einem bestimmten Zeitpunkt' });
      for (let click = 1; !(await atTime.isVisible()); click += 1) {
        if (click > 5) throw new Error('The release type menu ("So bald wie möglich") did not open after 5 clicks.');
        await page.getByText('So bald wie möglich').click({ timeout: 5_000 }).catch(() => undefined);
        await atTime.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
      }
      await atTime.click();
      await atTime.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
      const submit = page.getByTestId('submit-release-button');
      if (await submit.isEnabled({ timeout: 10_000 }).catch(() => false)) {
        await submit.click({ timeout: 10_000 }).catch(() => undefined);
        await page.waitForURL(/\/releases\/r[\w-]+/, { timeout: 15_000 }).catch(() => undefined);
      }
      const made = await madeRelease();
      if (made) {
        if (!page.url().includes(`/releases/${made}`)) await page.goto(`${platform.studioUrl}/releases/${made}`);
        return made;
      }
      await page.screenshot({ path: path.join(SHOTS, `create-release-try-${attempt}.png`) });
      console.log(`The "Neues Release" dialog made no release on try ${attempt}; it is opened again.`);
    }
  }

  test('the editor creates the release and adds a changed service', async () => {
    releaseId = await createReleaseInStudio();
    expect(page.url()).toContain(`/releases/${releaseId}`);
    expect(await platform.client.getDocument(`_.releases.${releaseId}`)).toMatchObject({ state: 'active', metadata: { title: RELEASE_TITLE, releaseType: 'scheduled' } });

    await page.getByRole('button', { name: 'Dokument hinzufügen' }).click();
    await page.keyboard.type('Stromvertrag abschließen');
    await page.getByRole('option').filter({ hasText: 'Stromvertrag abschließen' }).first().click();
    await expect.poll(async () => Boolean(await platform.client.getDocument(`versions.${releaseId}.${SERVICE_ID}`)), { timeout: 15_000 }).toBe(true);

    // The change, made in the release: the title field of the version.
    await page.goto(`${platform.studioUrl}/structure/services;${SERVICE_ID}?perspective=${releaseId}`);
    const title = page.getByTestId('field-title.de').locator('input').first();
    await title.waitFor({ timeout: 120_000 });
    await title.fill(SERVICE_TITLE);
    await expect
      .poll(async () => ((await platform.client.getDocument(`versions.${releaseId}.${SERVICE_ID}`))?.title as { de?: string } | undefined)?.de, { timeout: 15_000 })
      .toBe(SERVICE_TITLE);
    // Nothing of it is published.
    expect(((await platform.client.getDocument(SERVICE_ID))?.title as { de: string }).de).toBe('Stromvertrag abschließen');
  }, 300_000);

  test('a new press item in the release gets its title and URL in the Studio', async () => {
    const template = await platform.client.getDocument('pressItem-ksp-eroeffnung');
    const { _id, _rev, _createdAt, _updatedAt, title: _title, slug: _slug, ...rest } = template!;
    await platform.client.action({
      actionType: 'sanity.action.document.version.create',
      publishedId: PRESS_ID,
      document: { ...rest, _id: `versions.${releaseId}.${PRESS_ID}`, _type: 'pressItem', publishedAt: new Date().toISOString().slice(0, 10) },
    } as never);
    await page.goto(`${platform.studioUrl}/structure/press;${PRESS_ID}?perspective=${releaseId}`);
    const titleInput = page.getByTestId('field-title.de').locator('input').first();
    await titleInput.waitFor({ timeout: 120_000 });
    await titleInput.fill(PRESS_TITLE);
    await page.getByRole('button', { name: 'Generieren' }).first().click();
    await expect
      .poll(async () => (await platform.client.getDocument(`versions.${releaseId}.${PRESS_ID}`))?.slug, { timeout: 15_000 })
      .toMatchObject({ current: 'themenwoche-familie-im-kassel-service-point' });
  }, 240_000);

  test('before its time the Vorschau shows both pages under the release\u2019s name', async () => {
    const previewPage = new URL(SERVICE_PATH, preview.url.replace('127.0.0.1', 'localhost'));
    await page.goto(`${platform.studioUrl}/presentation/service/${SERVICE_ID}?preview=${encodeURIComponent(previewPage.href)}&perspective=${releaseId}`);
    const frame = page.frameLocator('iframe');
    await expect.poll(() => frame.locator('h1').first().textContent(), { timeout: 120_000 }).toBe(SERVICE_TITLE);
    const banner = frame.locator('[data-ksp-preview-banner] strong').first();
    await expect.poll(() => banner.textContent(), { timeout: 15_000 }).toBe(`Vorschau der Veröffentlichung „${RELEASE_TITLE}“`);
    await page.screenshot({ path: path.join(SHOTS, 'release-preview.png') });
    const press = await frame.locator('body').evaluate(async (_, pathname) => (await fetch(pathname, { credentials: 'same-origin' })).text(), PRESS_PATH);
    expect(press).toContain(PRESS_TITLE);
    expect(press).toContain(`Vorschau der Veröffentlichung „${RELEASE_TITLE}“`);
    expect(await siteText(PRESS_PATH)).toBe('HTTP 404');
  }, 240_000);

  test('scheduled a short time ahead, both pages go live together at that time', async () => {
    await page.goto(`${platform.studioUrl}/releases/${releaseId}`);
    const schedule = page.getByTestId('schedule-button');
    await expect.poll(() => schedule.isEnabled(), { timeout: 120_000 }).toBe(true);
    await schedule.click();
    const at = new Date(Math.ceil((Date.now() + SCHEDULE_AHEAD_MS) / 60_000) * 60_000);
    const input = page.getByRole('dialog').getByTestId('date-input');
    await input.fill(dateInputText(at));
    await input.press('Tab');
    await page.getByRole('button', { name: 'Ja, planen' }).click();
    await expect.poll(async () => (await platform.client.getDocument(`_.releases.${releaseId}`))?.state, { timeout: 15_000 }).toBe('scheduled');
    expect((await platform.client.getDocument(`_.releases.${releaseId}`))?.publishAt).toBe(at.toISOString());
    await page.screenshot({ path: path.join(SHOTS, 'release-scheduled.png') });
    // Locked while scheduled: the lake refuses a change to its documents.
    await expect(platform.client.patch(`versions.${releaseId}.${SERVICE_ID}`).set({ 'title.de': 'x' }).commit()).rejects.toMatchObject({ statusCode: 409 });
    expect(await siteText(PRESS_PATH)).toBe('HTTP 404');

    // Both or neither, at every look: never one page without the other. A look that falls on
    // the moment the site switches to the new build is taken again at once.
    const look = async () => {
      const press = await siteText(PRESS_PATH);
      const service = await siteText(SERVICE_PATH);
      return `${press.includes(PRESS_TITLE)}/${service.includes(SERVICE_TITLE)}`;
    };
    const seen: string[] = [];
    await until(
      'both pages of the release on the site',
      async () => {
        let state = await look();
        if (state === 'true/false' || state === 'false/true') state = await look();
        seen.push(state);
        return state === 'true/true';
      },
      SCHEDULE_AHEAD_MS + 240_000,
      250,
    );
    expect(seen.filter((state) => state === 'true/false' || state === 'false/true')).toEqual([]);
    const published = await platform.client.getDocument(`_.releases.${releaseId}`);
    expect(published).toMatchObject({ state: 'published' });
    expect(Date.parse(String(published?.publishedAt))).toBeGreaterThanOrEqual(at.getTime());
    // The Studio checks what the editor may do by running release actions dry
    // (checkWithPermissionGuard); one the release's state forbids (publish while scheduled) is
    // answered 409, which the browser logs. Anything else is an error.
    // Endpoints the lake does not implement (501) are listed by the lake itself; none of them
    // belongs to releases (tests/lake/releases.test.ts covers those).
    console.log(`endpoints the Studio asked for that the lake does not implement: ${platform.lake.unsupported.join(', ') || 'none'}`);
    expect(platform.lake.unsupported.filter((endpoint) => /release|actions|schedules/.test(endpoint))).toEqual([]);
    // The Studio's presence socket may report being closed when a page navigates away under load.
    // React's development warning about an unknown `searchParams` prop comes from Sanity's own
    // release views once the release is published (none of studio/ passes `searchParams`); it is
    // about an attribute, not about what the editor sees or does.
    expect(
      errors.filter(
        (error) =>
          !/status of (409 \(Conflict\)|501 \(Not Implemented\))|^WebSocket is already in CLOSING or CLOSED state\.$|^React does not recognize the `%s` prop on a DOM element\..* searchParams searchparams$/.test(
            error,
          ),
      ),
    ).toEqual([]);
  }, 480_000);
});
