// Content that stays true (issue 27, parts 3 and 4) as an editor meets it, on the platform of
// `npm start`:
//   - unpublishing a partner that two services use first lists both services (and what else
//     points to it) and says what the site would do, before anything is done; "Abbrechen" changes
//     nothing, "Trotzdem weiter …" leads to Sanity's own confirmation; deleting it does the same;
//   - a page with one dead internal and one dead external link: the build fails naming the internal
//     one in German; without it the page goes live, and after the publish server's check the tool
//     lists the external one under "Defekte Links" with its field, and the page carries the badge.
// External links are answered by a local server (127.0.0.1); the checker asks no other host.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SanityClient } from '@sanity/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPlatform } from '../../dev/platform.ts';
import { BUILD_STATUS_PATH, parseBuildStatus } from '../../core/publish/build-status.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { editorPage, startPlatformWithStudio, until } from '../helpers/local-platform.ts';

const SHOTS = process.env.KSP_SCREENSHOTS_DIR;
let work: string;
let platform: LocalPlatform;
let client: SanityClient;
let browser: Browser;
let page: Page;
let errors: string[];
let stub: Server;
let stubOrigin: string;
const stubRequests: string[] = [];

const status = async () => parseBuildStatus(await (await fetch(`${platform.siteUrl}${BUILD_STATUS_PATH}`)).json());
const shot = async (name: string) => {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
};

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'ksp-safe-removal-'));
  stub = createServer((req, res) => {
    stubRequests.push(`${req.method} ${req.url}`);
    res.writeHead(req.url === '/antrag' ? 200 : 404);
    res.end();
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  stubOrigin = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  ({ platform, client } = await startPlatformWithStudio(
    work,
    { KSP_STATE_DIR: path.join(work, 'state'), LINK_CHECK: 'on' },
    { linkCheck: { allowPrivateAddresses: true, onlyHosts: [new URL(stubOrigin).host], timeoutMs: 2000, spacingMs: 0 } },
  ));
  await until('the first release', async () => (await status())?.live != null, 300_000);
  if (SHOTS) await mkdir(SHOTS, { recursive: true });
  browser = await launchBrowser();
  ({ page, errors } = await editorPage(browser));
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await platform?.close();
  stub?.closeAllConnections();
  await new Promise((resolve) => (stub ? stub.close(resolve) : resolve(undefined)));
  if (work) await rm(work, { recursive: true, force: true });
});

describe('safe unpublish and delete', () => {
  it('lists both services that use a partner before anything is done, and leaves the partner published on "Abbrechen"', async () => {
    const partner = await client.fetch<{ _id: string; name: string }>('*[_type == "partner" && slug.current == "stadtreiniger-kassel" && !(_id in path("drafts.**"))][0]{_id, name}');
    const services = await client.fetch<{ title: string }[]>('*[_type == "service" && provider._ref == $id && !(_id in path("drafts.**"))]{"title": title.de}', { id: partner._id });
    expect(services).toHaveLength(2);
    // Sanity offers "Unveröffentlichen" on the published version (perspective "Veröffentlicht").
    await page.goto(`${platform.studioUrl}/structure/partners;${partner._id}?perspective=published`);
    // There it is the main action of the footer. The first visit loads the whole Studio.
    const unpublish = () => page.getByRole('button', { name: 'Unveröffentlichen', exact: true }).click({ timeout: 120_000 });
    await unpublish();
    const dialog = page.getByTestId('safe-removal-dialog');
    await expect.poll(() => dialog.isVisible(), { timeout: 60_000 }).toBe(true);
    const text = await dialog.innerText();
    expect(text).toContain('2 Dienstleistungen und 1 Pressemitteilung verweisen auf diesen Partner:');
    for (const service of services) expect(text).toContain(service.title);
    expect(text).toContain('Feld „Anbieter“');
    expect(text).toContain('Jede weitere Veröffentlichung schlägt dann fehl');
    // Each one can be opened from the list.
    await expect.poll(() => dialog.getByRole('link', { name: services[0]!.title }).count()).toBe(1);
    await shot('safe-unpublish-dialog');
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await client.getDocument(partner._id)).toBeTruthy();

    // Going on reaches Sanity's own confirmation; cancelling there too still changes nothing.
    await unpublish();
    await page.getByTestId('safe-removal-continue').click();
    await expect.poll(() => page.getByText(/zurückziehen möchten/).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await shot('safe-unpublish-sanity-confirm');
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    expect(await client.getDocument(partner._id)).toBeTruthy();
  }, 300_000);

  it('lists the same documents before deleting the partner, and deletes nothing on "Abbrechen"', async () => {
    const partner = await client.fetch<{ _id: string }>('*[_type == "partner" && slug.current == "stadtreiniger-kassel" && !(_id in path("drafts.**"))][0]{_id}');
    // "Löschen" sits in the menu beside the footer's main action.
    await page.goto(`${platform.studioUrl}/structure/partners;${partner._id}`);
    // Right after the page loads, a click on the menu can open nothing, and while the document
    // still loads Sanity shows „Löschen“ disabled: the menu is opened until the item can be clicked.
    const remove = async () => {
      const item = page.getByRole('menuitem', { name: /^Löschen/ });
      const ready = async () => (await item.isVisible()) && (await item.isEnabled({ timeout: 1_000 }).catch(() => false));
      for (let attempt = 1; !(await ready()); attempt += 1) {
        if (attempt > 8) throw new Error('The document menu did not offer „Löschen“ after 8 tries.');
        if (await item.isVisible()) await page.keyboard.press('Escape');
        await page.getByTestId('action-menu-button').click({ timeout: attempt === 1 ? 120_000 : 5_000 }).catch(() => undefined);
        await expect.poll(ready, { timeout: 10_000 }).toBe(true).catch(() => undefined);
      }
      await item.click({ timeout: 5_000 });
    };
    await remove();
    const dialog = page.getByTestId('safe-removal-dialog');
    await expect.poll(() => dialog.isVisible(), { timeout: 60_000 }).toBe(true);
    const text = await dialog.innerText();
    expect(text).toContain('2 Dienstleistungen und 1 Pressemitteilung verweisen auf diesen Partner:');
    expect(text).toContain('Wird dieser Partner gelöscht, passen die genannten Dokumente nicht mehr zu den Regeln der Website');
    expect(text).not.toContain('zurückgezogen');
    await shot('safe-delete-dialog');
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await client.getDocument(partner._id)).toBeTruthy();

    // Going on reaches Sanity's own delete confirmation; cancelling there deletes nothing either.
    await remove();
    await page.getByTestId('safe-removal-continue').click();
    // Sanity's dialog lists the referring documents itself ("Es könnte sein, dass Sie … nicht löschen können").
    const confirm = page.getByRole('dialog').filter({ hasText: 'Dokument löschen?' });
    await expect.poll(() => confirm.innerText().catch(() => ''), { timeout: 30_000 }).toContain('3 Dokumente verweisen auf „Die Stadtreiniger Kassel“');
    await shot('safe-delete-sanity-confirm');
    await confirm.getByRole('button', { name: 'Abbrechen' }).click();
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await client.getDocument(partner._id)).toBeTruthy();
  }, 300_000);
});

describe('links of a page', () => {
  it('fails the build on a dead internal link in German, then lists the dead external one under "Defekte Links" with its field', async () => {
    const target = await client.fetch<{ _id: string; title: string; blocks: number }>('*[_type == "page" && !(_id in path("drafts.**"))] | order(_id asc)[0]{_id, "title": title.de, "blocks": count(body.de)}');
    const block = (key: string, href: string) => ({ _type: 'block', _key: `b${key}`, style: 'normal', markDefs: [{ _key: key, _type: 'link', href }], children: [{ _type: 'span', _key: `s${key}`, text: `Link ${key}`, marks: [key] }] });
    const failedBefore = ((await status())?.builds ?? []).filter((b) => b.result === 'failed').length;
    await client.patch(target._id).append('body.de', [block('ext', `${stubOrigin}/formular-weg`), block('int', '/gibt-es-nicht/')]).commit();
    await until('the failed build', async () => ((await status())?.builds ?? []).filter((b) => b.result === 'failed').length > failedBefore, 300_000);
    const field = `Inhalt › Deutsch › Nr. ${target.blocks + 2} › Link`;

    await page.goto(`${platform.studioUrl}/veroeffentlichungen`);
    const failed = page.locator('[data-testid="build-row"][data-result="failed"]').first();
    await expect.poll(() => failed.innerText(), { timeout: 60_000 }).toContain(`Feld „${field}“: Das Feld „${field}“ enthält einen Link auf „/gibt-es-nicht/“; diese Seite gibt es auf der Website nicht.`);
    expect(await failed.innerText()).not.toContain('formular-weg');
    await shot('broken-internal-link-build');

    // Without the internal link the page goes live and its external links are checked.
    await client.patch(target._id).unset([`body.de[_key=="bint"]`]).commit();
    await until('the dead external link in the report', async () => {
      const links = (await status())?.links;
      return links?.state === 'done' && links.broken.some((link) => link.url === `${stubOrigin}/formular-weg`);
    }, 300_000);
    expect(stubRequests).toContain('HEAD /formular-weg');
    const list = page.getByTestId('broken-links');
    const row = list.getByTestId('broken-link-row').filter({ hasText: 'formular-weg' });
    await expect.poll(() => row.innerText(), { timeout: 60_000 }).toContain(`Feld „Inhalt › Deutsch › Nr. ${target.blocks + 1} › Link“`);
    expect(await row.innerText()).toContain('Seite nicht gefunden (404)');
    // Titles come a moment later than the report (the list names the id until then).
    await expect.poll(() => row.innerText(), { timeout: 30_000 }).toContain(`Seite „${target.title}“`);
    expect(await list.innerText()).toMatch(/Zuletzt geprüft: heute, \d\d:\d\d\. \d+ externe Links, 1 ist defekt\./);
    await shot('broken-links-list');

    // The page itself carries the badge.
    await page.goto(`${platform.studioUrl}/structure/pages;${target._id}`);
    const badge = page.locator('[data-ui="Badge"]', { hasText: /^Defekte Links/ });
    await expect.poll(() => badge.innerText(), { timeout: 60_000 }).toBe('Defekte Links (1)');
    await shot('broken-links-badge');
    expect(errors).toEqual([]);
  }, 600_000);
});
