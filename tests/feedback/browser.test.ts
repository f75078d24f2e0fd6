// The feedback forms in a real Chromium, against the built site and the publish server's
// feedback route: with JavaScript (inline, focus on the confirmation) and without (check step,
// thank-you page, link back); axe finds nothing on the forms in either state; no cookie, no
// storage, no request to another origin, no CSP violation.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLACEHOLDERS } from '../../core/feedback/scrub.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { AXE_TAGS } from '../helpers/crawl.ts';
import { serveSiteWithFeedback, type FeedbackSite } from '../helpers/feedback-site.ts';
import { checkStepOf } from './helpers.ts';

const SERVICE = '/dienstleistungen/bewohnerparkausweis-beantragen/';
const SERVICE_ID = 'service-bewohnerparkausweis-beantragen';

let browser: Browser;
let site: FeedbackSite;
const contexts: BrowserContext[] = [];
/** Every request, CSP report and console error of every page, judged at the end. */
const requests: string[] = [];
const problems: string[] = [];
/** Pages opened with JavaScript turned off: nothing can be evaluated in them. */
const withoutJavaScript = new WeakSet<Page>();

beforeAll(async () => {
  [browser, site] = await Promise.all([launchBrowser(), serveSiteWithFeedback()]);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** `client`: another client address (as a proxy names it), so the rate limit counts it apart. */
async function open(path: string, javaScriptEnabled: boolean, width = 390, client?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled, ...(client ? { extraHTTPHeaders: { 'x-forwarded-for': client } } : {}) });
  contexts.push(context);
  context.on('request', (request) => requests.push(request.url()));
  const page = await context.newPage();
  if (!javaScriptEnabled) withoutJavaScript.add(page);
  page.on('console', (message) => {
    // Chromium logs every 4xx answer; the handler's 400 for a form with errors is meant.
    const expected = message.text().includes('status of 400') && message.location().url.endsWith('/api/feedback');
    if (message.type() === 'error' && !expected) problems.push(`${path}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${path}: ${error.message}`));
  await page.goto(`${site.url}${path}`);
  return page;
}

async function axe(page: Page, include: string): Promise<string[]> {
  // axe runs as a script; a page opened without JavaScript is checked as the same HTML, served
  // at the same origin to a browser that runs scripts.
  let target = page;
  if (withoutJavaScript.has(page)) {
    const html = await page.content();
    const context = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
    await context.route(`${site.url}/__axe`, (route) => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
    target = await context.newPage();
    await target.goto(`${site.url}/__axe`);
    contexts.push(context);
  }
  const { violations } = await new AxeBuilder({ page: target }).include(include).withTags(AXE_TAGS).analyze();
  return violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

describe('with JavaScript', () => {
  it('"Nein" is sent inline, the confirmation gets focus, and it offers to say what was missing', async () => {
    const page = await open(SERVICE, true);
    expect(await axe(page, '[data-feedback]')).toEqual([]);
    await page.getByRole('button', { name: 'Nein, diese Seite war nicht hilfreich' }).click();
    const done = page.locator('[data-feedback-done]');
    await done.waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-feedback-done'))).toBe(true);
    expect(await done.textContent()).toContain('Vielen Dank für Ihre Rückmeldung');
    expect(page.url()).toBe(`${site.url}${SERVICE}`);
    await page.getByRole('button', { name: 'Möchten Sie uns sagen, was gefehlt hat?' }).click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('problem');
    expect(await axe(page, '[data-feedback]')).toEqual([]);
    const stored = [...site.store.documents.values()].find((doc) => doc.helpful === false && doc.page === SERVICE);
    expect(stored).toMatchObject({ document: { _ref: SERVICE_ID }, language: 'de' });
  });

  it('a report with a missing description shows the errors (focused), then is sent, scrubbed', async () => {
    const page = await open(SERVICE, true, 1280);
    await page.getByText('Fehler auf dieser Seite melden').click();
    await page.getByLabel('Was wollten Sie tun? (freiwillig)').fill('Den Ausweis verlängern');
    await page.getByRole('button', { name: 'Meldung senden' }).click();
    const summary = page.locator('[data-feedback-report] [data-feedback-errors]');
    await summary.waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-feedback-errors'))).toBe(true);
    expect(await summary.textContent()).toContain('Bitte beschreiben Sie, was schiefgelaufen ist.');
    expect(await page.getByLabel('Was ist schiefgelaufen?').getAttribute('aria-invalid')).toBe('true');
    expect(await axe(page, '[data-feedback]')).toEqual([]);

    await page.getByLabel('Was ist schiefgelaufen?').fill('Die Gebühr fehlt. Rückruf unter 0561 1234567');
    await page.getByLabel('Ihre E-Mail-Adresse oder Telefonnummer (freiwillig)').fill('anna@example.de');
    await page.getByRole('button', { name: 'Meldung senden' }).click();
    await page.locator('[data-feedback-report] [data-feedback-done]').waitFor({ timeout: 20_000 });
    expect(await axe(page, '[data-feedback]')).toEqual([]);
    const stored = [...site.store.documents.values()].find((doc) => doc.task === 'Den Ausweis verlängern');
    expect(stored).toMatchObject({ problem: `Die Gebühr fehlt. Rückruf unter ${PLACEHOLDERS.phone}`, contact: 'anna@example.de', category: 'fehler' });
  });

  it('the accessibility statement reports a barrier through the same mechanism', async () => {
    const page = await open('/barrierefreiheit/', true);
    const form = page.locator('[data-barrier-report]');
    await form.getByLabel('Was ist schiefgelaufen?').fill('Die Karte auf der Anfahrtsseite ist mit der Tastatur nicht bedienbar.');
    await form.getByRole('button', { name: 'Meldung senden' }).click();
    await form.locator('[data-feedback-done]').waitFor({ timeout: 20_000 });
    const stored = [...site.store.documents.values()].find((doc) => doc.page === '/barrierefreiheit/');
    expect(stored).toMatchObject({ category: 'barriere', language: 'de' });
  });

  it('a search that finds nothing is reported to the editors with the search already written in', async () => {
    const page = await open('/suche/?q=Zyklopenkurs', true, 390, '203.0.113.7');
    const report = page.locator('[data-search-miss]');
    await report.waitFor({ state: 'visible', timeout: 20_000 });
    await report.getByText('Der Redaktion sagen, was Sie nicht gefunden haben').click();
    const problem = report.getByLabel('Was ist schiefgelaufen?');
    expect(await problem.inputValue()).toBe('Die Suche nach „Zyklopenkurs“ hat nichts gefunden.');
    expect(await axe(page, '[data-search-miss]')).toEqual([]);
    await report.getByRole('button', { name: 'Meldung senden' }).click();
    await report.locator('[data-feedback-done]').waitFor({ timeout: 20_000 });
    const stored = [...site.store.documents.values()].find((doc) => doc.page === '/suche/');
    expect(stored).toMatchObject({ category: 'suche', language: 'de', problem: 'Die Suche nach „Zyklopenkurs“ hat nichts gefunden.' });
  });

  it('in English too', async () => {
    const page = await open('/en/opening-hours/', true);
    await page.getByRole('button', { name: 'Yes, this page was helpful' }).click();
    await page.locator('[data-feedback-done]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-feedback-done]').textContent()).toContain('Thank you for your feedback');
    expect([...site.store.documents.values()].some((doc) => doc.page === '/en/opening-hours/' && doc.helpful === true && doc.language === 'en')).toBe(true);
  });
});

describe('without JavaScript', () => {
  it('a report goes through the check step to a thank-you page with a link back', async () => {
    const page = await open(SERVICE, false);
    expect(await axe(page, '[data-feedback]')).toEqual([]);
    await page.getByText('Fehler auf dieser Seite melden').click();
    await page.getByLabel('Was ist schiefgelaufen?').fill('Der Link zur Terminbuchung führt ins Leere.');
    await page.getByRole('button', { name: 'Meldung senden' }).click();
    await page.waitForURL('**/api/feedback');
    expect(await page.locator('h1').textContent()).toBe('Bitte prüfen und absenden');
    expect(await page.getByLabel('Was ist schiefgelaufen?').inputValue()).toBe('Der Link zur Terminbuchung führt ins Leere.');
    expect(await axe(page, 'main')).toEqual([]);
    const before = site.store.documents.size;
    // A person reads the check page and answers its question; the handler refuses faster posts.
    await page.getByLabel(/^Kontrollfrage: Wie viel ist \p{L}+ plus \p{L}+\?$/u).fill(checkStepOf(await page.content()).answer);
    await page.waitForTimeout(2200);
    await page.getByRole('button', { name: 'Meldung senden' }).click();
    await page.waitForLoadState();
    expect(await page.locator('h1').textContent()).toBe('Vielen Dank für Ihre Rückmeldung');
    expect(await axe(page, 'main')).toEqual([]);
    expect(site.store.documents.size).toBe(before + 1);
    await page.getByRole('link', { name: 'Zurück zur Seite' }).click();
    expect(page.url()).toBe(`${site.url}${SERVICE}`);
  });

  it('a rating asks what was missing, then thanks', async () => {
    const page = await open('/en/opening-hours/', false, 1280);
    await page.getByRole('button', { name: 'No, this page was not helpful' }).click();
    await page.waitForURL('**/api/feedback');
    expect(await page.locator('main').textContent()).toContain('You would like to tell us: this page was not helpful.');
    await page.getByLabel('What was missing? (optional)').fill('Opening hours on public holidays');
    await page.getByLabel(/^Check question: what is \w+ plus \w+\?$/).fill(checkStepOf(await page.content()).answer);
    expect(await axe(page, 'main')).toEqual([]);
    await page.waitForTimeout(2200);
    await page.getByRole('button', { name: 'Send feedback' }).click();
    await page.waitForLoadState();
    expect(await page.locator('h1').textContent()).toBe('Thank you for your feedback');
    expect([...site.store.documents.values()].some((doc) => doc.problem === 'Opening hours on public holidays' && doc.helpful === false)).toBe(true);
  });
});

describe('privacy', () => {
  it('no cookie, no storage, no request to another origin, no console error', async () => {
    const stored: string[] = [];
    for (const context of contexts) {
      stored.push(...(await context.cookies()).map((cookie) => `cookie ${cookie.name}`));
      // Pages without JavaScript cannot store anything and cannot be asked.
      for (const page of context.pages().filter((open) => !withoutJavaScript.has(open))) {
        stored.push(...(await page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)])));
      }
    }
    expect(stored).toEqual([]);
    expect(requests.filter((url) => !url.startsWith(`${site.url}/`))).toEqual([]);
    expect(requests.some((url) => url.endsWith('/api/feedback/challenge'))).toBe(true);
    expect(problems).toEqual([]);
  });
});
