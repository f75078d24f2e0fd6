// Citizens' feedback as the editor sees it: feedback is sent through the shared handler (real
// proof of work) into the local Content Lake with @sanity/client and the feedback token, as the
// publish server does; the real Studio in headless Chromium lists it under "Rückmeldungen" (by
// status, newest first, Ja/Nein per page), shows "1 neue Rückmeldung" on the service and its
// feedback in the service's tab "Rückmeldungen", and a status change moves it to its list.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createFeedbackClient, readFeedbackConfig } from '../../core/feedback/env.ts';
import { MIN_FILL_MS } from '../../core/feedback/model.ts';
import { createSanityFeedbackStore } from '../../core/feedback/store.ts';
import { createTestHandler, form, REPORT } from '../feedback/helpers.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { editorPage, ERROR_CARD, startTestStudio, type TestStudio } from '../helpers/local-platform.ts';

const SERVICE = { id: 'service-personalausweis-abholen', page: '/dienstleistungen/personalausweis-abholen/' };

let platform: TestStudio;
let browser: Browser;
let page: Page;
let errors: string[];

/** The publish server's feedback settings for the lake (see dev/platform.ts). */
function config() {
  return readFeedbackConfig({
    SANITY_PROJECT_ID: platform.lake.projectId,
    SANITY_DATASET: platform.lake.dataset,
    SANITY_API_HOST: platform.lake.url,
    SANITY_FEEDBACK_TOKEN: platform.lake.token,
  });
}

async function send(fields: Record<string, string>) {
  const handler = createTestHandler({ store: createSanityFeedbackStore(createFeedbackClient(config())) });
  const altcha = await handler.proof();
  handler.clock.now += MIN_FILL_MS + 500;
  const response = await handler.send({ body: form({ ...fields, altcha }) });
  expect(response.status, response.body).toBe(201);
}

beforeAll(async () => {
  [platform, browser] = await Promise.all([startTestStudio(), launchBrowser()]);
  await send({ kind: 'rating', page: '/oeffnungszeiten/', lang: 'de', helpful: 'ja' });
  await send({ kind: 'rating', page: SERVICE.page, document: SERVICE.id, lang: 'de', helpful: 'nein' });
  await send({ ...REPORT, page: SERVICE.page, document: SERVICE.id, problem: 'Die Gebühr fehlt. Rückruf: 0561 1234567' });
  ({ page, errors } = await editorPage(browser));
  await page.goto(platform.studioUrl);
  await page.getByRole('link', { name: 'Rückmeldungen' }).waitFor({ timeout: 60_000 });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

describe('feedback in the Studio', () => {
  test('"Rückmeldungen" → "Neu" lists the new feedback, newest first, without personal data', async () => {
    await page.getByRole('link', { name: 'Rückmeldungen' }).click();
    await page.getByRole('link', { name: 'Neu' }).click();
    const report = page.getByText('Fehler: Die Gebühr fehlt. Rückruf: [Telefonnummer entfernt]');
    await report.first().waitFor({ timeout: 20_000 });
    await page.getByText('Hilfreich: Ja').first().waitFor({ timeout: 20_000 });
    // In the order the list shows them: newest first.
    const titles = await page.getByText(/^(Fehler: Die Gebühr|Hilfreich: Nein|Hilfreich: Ja)/).allTextContents();
    expect(titles.map((title) => title.slice(0, 14))).toEqual(['Fehler: Die Ge', 'Hilfreich: Nei', 'Hilfreich: Ja']);
    expect(await page.getByText(ERROR_CARD).count()).toBe(0);
  });

  test('"Ja/Nein je Seite" counts the answers per page', async () => {
    await page.goto(`${platform.studioUrl}/structure/feedback;feedback-counts`);
    const table = page.locator('table');
    await table.waitFor({ timeout: 20_000 });
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toEqual([`${SERVICE.page}01`, '/oeffnungszeiten/10']);
  });

  test('the service shows "2 neue Rückmeldungen" and its own feedback in the tab "Rückmeldungen"', async () => {
    await page.goto(`${platform.studioUrl}/structure/services;${SERVICE.id}`);
    // A page.goto loads the whole Studio again; on a busy machine that takes more than 30 s.
    await page.getByText('2 neue Rückmeldungen').first().waitFor({ timeout: 90_000 });
    await page.getByRole('tab', { name: 'Rückmeldungen' }).click();
    await page.getByText('War diese Seite hilfreich? Ja: 0 · Nein: 1').waitFor({ timeout: 20_000 });
    expect(await page.getByText('Die Gebühr fehlt. Rückruf: [Telefonnummer entfernt]').count()).toBe(1);
    expect(await page.getByText('Hilfreich: Ja').count()).toBe(0);
    expect(await page.getByText(ERROR_CARD).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  test('setting a status moves the feedback out of "Neu" at once (no publishing)', async () => {
    // The tab lists newest first: the report.
    await page.getByRole('link', { name: 'Rückmeldung öffnen und Status ändern' }).first().click();
    await page.getByRole('radio', { name: 'In Bearbeitung' }).check();
    const client = createFeedbackClient(config());
    await expect
      .poll(async () => client.fetch<string[]>('*[_type == "feedback" && status == "inBearbeitung"].problem'), { timeout: 20_000 })
      .toEqual(['Die Gebühr fehlt. Rückruf: [Telefonnummer entfernt]']);
    expect(errors).toEqual([]);
    await page.goto(`${platform.studioUrl}/structure/feedback;feedback-inBearbeitung`);
    await page.getByText('Fehler: Die Gebühr fehlt').first().waitFor({ timeout: 20_000 });
    await page.goto(`${platform.studioUrl}/structure/feedback;feedback-neu`);
    await page.getByText('Hilfreich: Nein').first().waitFor({ timeout: 20_000 });
    expect(await page.getByText('Fehler: Die Gebühr fehlt').count()).toBe(0);
  });
});
