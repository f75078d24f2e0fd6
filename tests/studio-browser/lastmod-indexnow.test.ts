// Sitemap lastmod and IndexNow on the platform of `npm start`, end to end: the local Content Lake
// (seeded from content/) sends its webhook to the publish server, which builds the real site with
// INDEXNOW_KEY set and a stub IndexNow endpoint on 127.0.0.1. Changing one service through the
// lake moves exactly that service's lastmod in the sitemap, in German and English, and nothing
// else's; the notice after the release names exactly those two addresses; the key file is served
// at /<key>.txt; and the Studio's tool "Veröffentlichungen" says how many addresses were announced.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SanityClient } from '@sanity/client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPlatform } from '../../dev/platform.ts';
import { BUILD_MANIFEST_PATH, parseManifest, type BuildManifest } from '../../core/publish/build-manifest.ts';
import { parseBuildStatus, BUILD_STATUS_PATH } from '../../core/publish/build-status.ts';
import type { IndexNowBody } from '../../core/publish/indexnow.ts';
import { sectionPath } from '../../core/i18n/index.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { editorPage, startPlatformWithStudio, until } from '../helpers/local-platform.ts';

const KEY = '5b0e7c1d9a2f4e63-ksp-test';
// Where the site says it lives (its sitemap and the notices), not where this test reaches it.
const SITE = 'https://servicepoint.kassel.example';
let work: string;
let platform: LocalPlatform;
let client: SanityClient;
let stub: Server;
let received: IndexNowBody[] = [];
let browser: Browser | undefined;

const manifest = async (): Promise<BuildManifest | undefined> => parseManifest(await (await fetch(`${platform.siteUrl}${BUILD_MANIFEST_PATH}`)).json());
const apiStatus = async () => parseBuildStatus(await (await fetch(`${platform.siteUrl}${BUILD_STATUS_PATH}`)).json());

/** The sitemap of the live release: URL → lastmod (undefined when the entry has none). */
async function sitemap(): Promise<Map<string, string | undefined>> {
  const live = (await apiStatus())?.live?.id;
  const xml = await readFile(path.join(work, 'releases', live!, 'sitemap-0.xml'), 'utf8');
  return new Map([...xml.matchAll(/<url><loc>([^<]+)<\/loc>(?:<lastmod>([^<]+)<\/lastmod>)?/g)].map((match) => [match[1]!, match[2]]));
}

/** Waits until a release other than `before` is live and its notice has settled. */
async function nextRelease(before: string | undefined): Promise<void> {
  await until(
    'the next release and its IndexNow notice',
    async () => {
      const live = (await apiStatus())?.live;
      return Boolean(live && live.id !== before && live.indexNow && live.indexNow.state !== 'sending');
    },
    300_000,
  );
}

beforeAll(async () => {
  stub = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      received.push(JSON.parse(text) as IndexNowBody);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  work = await mkdtemp(path.join(tmpdir(), 'ksp-lastmod-'));
  ({ platform, client } = await startPlatformWithStudio(work, {
    SITE_URL: SITE,
    INDEXNOW_KEY: KEY,
    INDEXNOW_ENDPOINT: `http://127.0.0.1:${(stub.address() as AddressInfo).port}/indexnow`,
  }));
  await nextRelease(undefined);
  // Whatever the start queued (the seed's publishes) is built before the test takes its snapshot.
  await platform.app.queue.idle();
  await until('the live notice', async () => ['unchanged', 'not-comparable', 'sent', 'failed'].includes((await apiStatus())?.live?.indexNow?.state ?? ''), 60_000);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await platform?.close();
  await new Promise((resolve) => stub?.close(resolve));
  if (work) await rm(work, { recursive: true, force: true });
});

describe('lastmod and IndexNow after one changed service', () => {
  it('dates content pages by their documents and leaves lists, home and search undated', async () => {
    const entries = await sitemap();
    const live = await manifest();
    // The sitemap and the manifest tell the same pages and dates.
    expect(Object.fromEntries([...entries].map(([url, lastmod]) => [new URL(url).pathname, lastmod ?? null]))).toEqual(live?.pages);
    const services = await client.fetch<{ slug: string; updated: string; provider: string; en: boolean }[]>(
      '*[_type == "service"]{ "slug": slug.current, "updated": _updatedAt, "provider": provider->_updatedAt, "en": defined(title.en) }',
    );
    expect(services.length).toBeGreaterThan(5);
    for (const service of services) {
      const expected = new Date(Math.max(Date.parse(service.updated), Date.parse(service.provider))).toISOString();
      expect(entries.get(`${SITE}${sectionPath('services', 'de', service.slug)}`), service.slug).toBe(expected);
      if (service.en) expect(entries.get(`${SITE}${sectionPath('services', 'en', service.slug)}`), service.slug).toBe(expected);
    }
    for (const undated of ['/', '/en/', sectionPath('services', 'de'), sectionPath('services', 'en'), sectionPath('press', 'de'), sectionPath('events', 'en'), '/suche/', '/en/search/']) {
      expect(entries.has(`${SITE}${undated}`), undated).toBe(true);
      expect(entries.get(`${SITE}${undated}`), undated).toBeUndefined();
    }
    expect(entries.get(`${SITE}${sectionPath('hours', 'de')}`)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('serves the key file on the site itself', async () => {
    const response = await fetch(`${platform.siteUrl}/${KEY}.txt`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe(KEY);
  });

  it('moves exactly the changed service’s lastmod, in both languages, and announces exactly those two addresses', async () => {
    const before = await sitemap();
    const liveBefore = (await apiStatus())?.live?.id;
    const service = await client.fetch<{ _id: string; slug: string }>('*[_type == "service" && defined(title.en)] | order(_id asc)[0]{ _id, "slug": slug.current }');
    received = [];
    await client.patch(service._id).set({ 'summary.de': 'Neu: Reisepässe liegen nach etwa drei Wochen bereit.', 'summary.en': 'New: passports are ready after about three weeks.' }).commit();
    await nextRelease(liveBefore);

    const after = await sitemap();
    const changed = [`${SITE}${sectionPath('services', 'de', service.slug)}`, `${SITE}${sectionPath('services', 'en', service.slug)}`];
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const moved = [...after].filter(([url, lastmod]) => before.get(url) !== lastmod).map(([url]) => url);
    expect(moved.sort()).toEqual(changed.sort());
    for (const url of changed) expect(Date.parse(after.get(url)!)).toBeGreaterThan(Date.parse(before.get(url)!));
    const updated = await client.fetch<string>('*[_id == $id][0]._updatedAt', { id: service._id });
    expect(after.get(changed[0]!)).toBe(new Date(updated).toISOString());

    expect(received).toEqual([{ host: new URL(SITE).host, key: KEY, keyLocation: `${SITE}/${KEY}.txt`, urlList: changed.sort() }]);
    expect((await apiStatus())?.live?.indexNow).toMatchObject({ state: 'sent', urls: 2 });
  }, 400_000);

  it('says in "Veröffentlichungen" how many addresses search engines were told of', async () => {
    browser = await launchBrowser();
    const { page, errors } = await editorPage(browser);
    await page.goto(`${platform.studioUrl}/veroeffentlichungen`);
    const notice = page.getByTestId('indexnow-notice');
    await expect.poll(() => notice.innerText().catch(() => ''), { timeout: 60_000 }).toBe('Suchmaschinen wurden über 2 geänderte Adressen benachrichtigt.');
    expect(errors).toEqual([]);
  }, 120_000);
});
