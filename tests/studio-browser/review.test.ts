// Review dates as an editor meets them (issue 27), on the platform of `npm start` with a local
// SMTP server (smtp-server on 127.0.0.1): the seeded overdue service appears under "Zu prüfen" for
// its owner; "Erinnerungen jetzt senden" makes the publish server mail that owner a digest whose
// link opens the document in the Studio, with the badge "Prüfung fällig"; "Geprüft – weiter in 12
// Monaten" moves its next review a year ahead and takes it off the list; publishing a document
// without a review date gives it one a year ahead.
//
// KSP_SCREENSHOTS=<dir> keeps screenshots of the tool, the badge, the fields and the mail.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SanityClient } from '@sanity/client';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPlatform } from '../../dev/platform.ts';
import { addMonths, berlinDate } from '../../core/review/dates.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { editorPage, startPlatformWithStudio, until } from '../helpers/local-platform.ts';

const SHOTS = process.env.KSP_SCREENSHOTS;
const OWNER = 'stadtreiniger@example.org';

interface Mail {
  to: string;
  subject: string;
  text: string;
}

let work: string;
let platform: LocalPlatform;
let client: SanityClient;
let browser: Browser;
let page: Page;
let errors: string[];
let smtp: SMTPServer;
const mails: Mail[] = [];
let serviceId: string;

async function shot(name: string): Promise<void> {
  if (!SHOTS) return;
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'ksp-review-journey-'));
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => (auth.password === 'journey-pass' ? callback(null, { user: auth.username }) : callback(new Error('Invalid login'))),
    onData: (stream, _session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
          mails.push({ to: to?.value[0]?.address ?? '', subject: mail.subject ?? '', text: mail.text ?? '' });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  // The Studio is built with the publish server's address (the tool reads the mail state there).
  ({ platform, client } = await startPlatformWithStudio(work, {
    KSP_STATE_DIR: path.join(work, 'state'),
    SMTP_URL: `smtp://journey:journey-pass@127.0.0.1:${smtpPort}`,
    REVIEW_MAIL_FROM: 'KSP-Redaktion <redaktion@example.org>',
  }));
  serviceId = (await client.fetch<string>('*[_type == "service" && slug.current == "sperrmuell-anmelden" && !(_id in path("drafts.**"))][0]._id'))!;
  browser = await launchBrowser();
  ({ page, errors } = await editorPage(browser, { timezoneId: 'Europe/Berlin' }));
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await platform?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  if (work) await rm(work, { recursive: true, force: true });
});

describe('review dates in the Studio', () => {
  const today = berlinDate(new Date());

  it('lists the seeded overdue service under "Zu prüfen" for its owner, with the mail state', async () => {
    expect((await client.getDocument(serviceId))?.nextReview < today).toBe(true);
    await page.goto(`${platform.studioUrl}/zu-pruefen`);
    const group = page.locator(`[data-testid="review-group"][data-owner="${OWNER}"]`);
    await expect.poll(() => group.count(), { timeout: 60_000 }).toBe(1);
    expect(await group.getByRole('heading').innerText()).toMatch(/^Team Stadtreiniger \(stadtreiniger@example\.org\) · \d+ Inhalte?$/);
    const item = group.locator(`[data-testid="review-item"][data-id="${serviceId}"]`);
    expect(await item.innerText()).toMatch(/Sperrmüll anmelden[\s\S]*Dienstleistung · Prüfung am \d\d\.\d\d\.\d{4} – seit \d+ Tag(en)? überfällig/);
    const mailState = page.getByTestId('review-mail');
    await expect.poll(() => mailState.getAttribute('data-state'), { timeout: 30_000 }).toBe('on');
    expect(await mailState.innerText()).toContain('Jeden Montag ab 7 Uhr');
    await shot('zu-pruefen');
  }, 120_000);

  it('mails the owner a digest on request, whose link opens the document with the badge "Prüfung fällig"', async () => {
    const before = mails.length;
    await page.getByRole('button', { name: 'Erinnerungen jetzt senden' }).click();
    await until('the digest to the owner', async () => mails.slice(before).some((mail) => mail.to === OWNER), 60_000);
    const mail = mails.slice(before).find((candidate) => candidate.to === OWNER)!;
    expect(mail.subject).toMatch(/^KSP-Website: \d+ Inhalte? zu prüfen \(\d+ überfällig\)$/);
    expect(mail.text).toContain('Guten Tag Team Stadtreiniger,');
    expect(mail.text).toContain('Dienstleistung „Sperrmüll anmelden“');
    // Only this owner's items: nothing of the Bürgerbüro's.
    expect(mail.text).not.toMatch(/Bewohnerparkausweis|Reisepass/);
    const link = new RegExp(`${platform.studioUrl.replace(/[.:/]/g, '\\$&')}/intent/edit/id=${serviceId.replace('.', '\\.')};type=service/`).exec(mail.text)?.[0];
    expect(link, mail.text).toBeDefined();
    await expect.poll(() => page.getByTestId('review-mail').innerText(), { timeout: 30_000 }).toMatch(/Zuletzt verschickt \(auf Anforderung\): \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr, \d+ E-Mails?\./);
    await shot('zu-pruefen-verschickt');
    if (SHOTS) {
      await writeFile(path.join(SHOTS, 'mail.txt'), `Betreff: ${mail.subject}\nAn: ${mail.to}\n\n${mail.text}`);
      const mailPage = await browser.newPage({ viewport: { width: 900, height: 700 } });
      await mailPage.setContent(`<pre style="font: 14px/1.45 sans-serif; white-space: pre-wrap; padding: 16px"></pre>`);
      await mailPage.locator('pre').evaluate((pre, text) => (pre.textContent = text), `Betreff: ${mail.subject}\nAn: ${mail.to}\n\n${mail.text}`);
      await mailPage.screenshot({ path: path.join(SHOTS, 'mail.png'), fullPage: true });
      await mailPage.close();
    }

    await page.goto(link!);
    const title = page.locator('[data-testid="field-title"] input').first();
    await expect.poll(() => title.inputValue().catch(() => ''), { timeout: 60_000 }).toBe('Sperrmüll anmelden');
    const badge = page.locator('[data-ui="Badge"]', { hasText: /^Prüfung fällig$/ });
    await expect.poll(() => badge.count(), { timeout: 30_000 }).toBe(1);
    await shot('badge');
    await page.getByRole('tab', { name: 'Prüfung' }).click();
    await expect.poll(() => page.locator('[data-testid="field-reviewOwner.email"] input').inputValue(), { timeout: 30_000 }).toBe(OWNER);
    await page.locator('[data-testid="field-nextReview"]').scrollIntoViewIfNeeded();
    await shot('felder');
    // The same action in the document's menu, next to "Veröffentlichen".
    await page.getByTestId('action-menu-button').click();
    await expect.poll(() => page.getByRole('menuitem', { name: /Geprüft – weiter in 12 Monaten/ }).count(), { timeout: 10_000 }).toBe(1);
    await shot('aktion');
    await page.keyboard.press('Escape');
  }, 180_000);

  it('"Geprüft – weiter in 12 Monaten" moves the next review a year ahead and takes the service off the list', async () => {
    await page.goto(`${platform.studioUrl}/zu-pruefen`);
    const item = page.locator(`[data-testid="review-item"][data-id="${serviceId}"]`);
    await expect.poll(() => item.count(), { timeout: 60_000 }).toBe(1);
    await item.getByRole('button', { name: 'Geprüft – weiter in 12 Monaten' }).click();
    await expect.poll(() => item.count(), { timeout: 30_000 }).toBe(0);
    // The action commits with visibility "async": the list drops the item at once, the stored
    // document may follow a moment later (CI under load read the old date).
    await expect.poll(async () => (await client.getDocument(serviceId))?.nextReview, { timeout: 30_000 }).toBe(addMonths(today, 12));
    const published = await client.getDocument(serviceId);
    // The service's public "Zuletzt geprüft am" says the same.
    expect(published?.lastReviewed).toBe(today);
    await shot('zu-pruefen-nach-pruefung');
    await page.goto(`${platform.studioUrl}/intent/edit/id=${serviceId};type=service/`);
    await expect.poll(() => page.locator('[data-testid="field-title"] input').first().inputValue().catch(() => ''), { timeout: 60_000 }).toBe('Sperrmüll anmelden');
    expect(await page.locator('[data-ui="Badge"]', { hasText: /^Prüfung fällig$/ }).count()).toBe(0);
  }, 120_000);

  it('gives a document published without a review date one a year ahead', async () => {
    const pageId = await client.fetch<string>('*[_type == "page" && slug.current == "ueber-den-ksp" && !(_id in path("drafts.**"))][0]._id');
    const current = await client.getDocument(pageId);
    const { _rev: _ignored, _createdAt: _c, _updatedAt: _u, nextReview: _n, ...rest } = current!;
    await client.createOrReplace({ ...rest, _id: `drafts.${pageId}`, summary: { ...(current!.summary as object), de: `${(current!.summary as { de: string }).de} ` } } as never);
    await page.goto(`${platform.studioUrl}/intent/edit/id=${pageId};type=page/`);
    const publish = page.getByRole('button', { name: 'Veröffentlichen', exact: true });
    await expect.poll(() => publish.isEnabled().catch(() => false), { timeout: 60_000 }).toBe(true);
    await publish.click();
    await until('the published page with a review date', async () => (await client.getDocument(pageId))?.nextReview === addMonths(today, 12), 60_000);
    expect(await client.getDocument(`drafts.${pageId}`)).toBeUndefined();
    expect(errors.filter((error) => !/Failed to load resource/.test(error))).toEqual([]);
  }, 120_000);
});
