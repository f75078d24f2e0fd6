// The preview server (astro.preview.config.mjs) against the local Content Lake holding
// drafts: access only through the Studio's handshake, drafts shown and never built, headers,
// parity with the static pages, and requests that never see each other's content.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'node-html-parser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetlifyStaticHandler } from '../../server/static-server.ts';
import { headersForPath, loadNetlifyRules } from '../../core/publish/netlify-config.ts';
import { isDraftOrVersionId } from '../../core/sanity/ids.ts';
import { safeImagePath } from '../../core/images.ts';
import { loadEmbeddedDataset, type RawDocument } from '../../src/lib/sanity/embedded.ts';
import { DEFAULT_DATASET_FILE } from '../../src/lib/sanity/source.ts';
import { siteImageSettings } from '../helpers/browser.ts';
import { root, runBuild } from '../helpers/build.ts';
import { ensurePreviewBuilt, handshake, PINNED_NOW, previewSecret, startPreview, STUDIO_URL, type RunningPreview } from '../helpers/preview.ts';
import { startRecordingLake, type RecordingLake } from '../helpers/lake.ts';
import { lakeClient } from '../../dev/lake/index.ts';

// Text that exists only in drafts. The embedded dataset itself has a draft of the passport service.
const EXISTING_DRAFT = 'ENTWURF-NICHT-VEROEFFENTLICHT';
const CHANGED_TITLE = 'Wohnsitz anmelden ENTWURFSTITEL-QX7';
const NEW_SERVICE_TITLE = 'Neuer Dienst NUR-ENTWURF-QX7';
const NEW_SERVICE_SLUG = 'neuer-dienst-nur-entwurf';
const NEW_ENGLISH_TITLE = 'Lost property DRAFT-TRANSLATION-QX7';
const DRAFT_MARKERS = [EXISTING_DRAFT, 'ENTWURFSTITEL-QX7', 'NUR-ENTWURF-QX7', 'DRAFT-TRANSLATION-QX7'];

const SECRET = randomBytes(16).toString('hex');
const EXPIRED_SECRET = randomBytes(16).toString('hex');

function withoutEnglish(doc: RawDocument): RawDocument {
  const strip = (value: unknown) => (value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'en')) : value);
  return { ...doc, title: strip(doc.title), summary: strip(doc.summary), body: strip(doc.body) };
}

/** The embedded dataset plus drafts: a changed title, a service that exists only as a draft, and an English translation not yet published. */
async function fixtureDocuments(): Promise<RawDocument[]> {
  const docs = await loadEmbeddedDataset(DEFAULT_DATASET_FILE, { includeDrafts: true });
  const byId = new Map(docs.map((doc) => [doc._id, doc]));
  const residence = byId.get('service-wohnsitz-anmelden-beratung')!;
  const lostProperty = byId.get('service-fundsachen-info')!;
  const title = (doc: RawDocument) => doc.title as Record<string, string>;
  return [
    ...docs.map((doc) => (doc._id === lostProperty._id ? withoutEnglish(doc) : doc)),
    { ...residence, _id: `drafts.${residence._id}`, title: { ...title(residence), de: CHANGED_TITLE } },
    { ...residence, _id: 'drafts.service.neuer-dienst', featured: false, slug: { _type: 'slug', current: NEW_SERVICE_SLUG }, title: { _type: 'localeString', de: NEW_SERVICE_TITLE, en: 'New service DRAFT-ONLY-QX7' } },
    { ...lostProperty, _id: `drafts.${lostProperty._id}`, title: { ...title(lostProperty), en: NEW_ENGLISH_TITLE } },
    previewSecret(SECRET),
    previewSecret(EXPIRED_SECRET, 2 * 3600),
  ];
}

let work: string;
let lake: RecordingLake;
let preview: RunningPreview;
let staticDir: string;
let allDocs: RawDocument[];
let cookie: string;
/** The public site (the static build, as the publish server serves it): where the preview's images come from. */
let publicSite: Server;
/** Every path the preview asked the public site for. */
const publicPaths: string[] = [];

beforeAll(async () => {
  ensurePreviewBuilt();
  work = await mkdtemp(path.join(tmpdir(), 'ksp-preview-'));
  allDocs = await fixtureDocuments();
  lake = await startRecordingLake({ documents: allDocs });
  staticDir = path.join(work, 'static');
  const servePublic = createNetlifyStaticHandler(() => staticDir, loadNetlifyRules(path.join(root, 'netlify.toml')), undefined, { ...siteImageSettings(), cacheDir: path.join(work, 'images') });
  publicSite = createServer((req, res) => {
    publicPaths.push(req.url ?? '');
    void servePublic(req, res);
  });
  await new Promise<void>((resolve) => publicSite.listen(0, '127.0.0.1', resolve));
  const [build, started] = await Promise.all([
    runBuild(staticDir, { SANITY_PROJECT_ID: 'ksp-test', SANITY_DATASET: 'production', SANITY_API_HOST: lake.apiHost, KSP_CONTENT_CACHE: 'off', KSP_BUILD_NOW: PINNED_NOW }),
    startPreview(lake.apiHost, { SANITY_PREVIEW_TOKEN: lake.token, SITE_URL: `http://127.0.0.1:${(publicSite.address() as AddressInfo).port}` }),
  ]);
  preview = started;
  expect(build.code, build.output).toBe(0);
  cookie = (await handshake(preview.url, SECRET)).cookie;
});

afterAll(async () => {
  await preview?.close();
  await lake?.close();
  await new Promise((resolve) => publicSite?.close(resolve));
  if (work) await rm(work, { recursive: true, force: true });
});

async function get(pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await fetch(new URL(pathname, preview.url), { headers, redirect: 'manual' });
  return { status: response.status, html: await response.text(), headers: response.headers };
}
const asEditor = (pathname: string) => get(pathname, { cookie });

const PAGES = ['/', '/en/', '/dienstleistungen/', '/dienstleistungen/wohnsitz-anmelden-beratung/', `/dienstleistungen/${NEW_SERVICE_SLUG}/`, '/en/services/fundsachen-info/', '/partner/stadt-kassel/'];

describe('access only through the Studio handshake', () => {
  it('answers 401 without the handshake, explains in German and English, and shows no content', async () => {
    for (const pathname of PAGES) {
      const { status, html } = await get(pathname);
      expect(status, pathname).toBe(401);
      expect(html).toContain('Vorschau nur über das Studio');
      expect(html).toContain('This preview shows unpublished drafts');
      for (const marker of [...DRAFT_MARKERS, 'Reisepass', 'Kassel Service Point']) expect(html, `${pathname}: ${marker}`).not.toContain(marker);
    }
  });

  it('enables the preview with a valid secret: httpOnly SameSite=None cookie for the secret\'s lifetime, and on to the page', async () => {
    const result = await handshake(preview.url, SECRET, '/dienstleistungen/wohnsitz-anmelden-beratung/');
    expect(result.status).toBe(307);
    expect(result.location).toBe('/dienstleistungen/wohnsitz-anmelden-beratung/');
    const session = result.setCookies.find((line) => line.startsWith('ksp-preview='))!;
    expect(session).toMatch(/; HttpOnly/);
    // 127.0.0.1 is a secure context for browsers, so SameSite=None comes with Secure.
    expect(session).toMatch(/; SameSite=None; Secure/);
    expect(session).toMatch(/; Max-Age=3600/);
  });

  it('refuses a forged or an expired secret, at the enable route and as a cookie', async () => {
    for (const secret of [EXPIRED_SECRET, randomBytes(16).toString('hex'), '']) {
      const result = await handshake(preview.url, secret, '/');
      expect(result.status, secret).toBe(401);
      expect(result.setCookies).toEqual([]);
      const { status, html } = await get('/dienstleistungen/wohnsitz-anmelden-beratung/', { cookie: `ksp-preview=${secret}` });
      expect(status).toBe(401);
      expect(html).not.toContain('ENTWURFSTITEL');
    }
  });

  it('opens the live channel only with the handshake: an event stream that names no content', async () => {
    expect((await get('/preview/live')).status).toBe(401);
    const controller = new AbortController();
    const response = await fetch(new URL('/preview/live', preview.url), { headers: { cookie }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const first = await response.body!.getReader().read();
    expect(new TextDecoder().decode(first.value)).toBe('retry: 2000\n\n');
    controller.abort();
  });

  it('ends the preview at the disable route', async () => {
    const ended = await get('/preview/disable', { cookie });
    expect(ended.status).toBe(200);
    expect(ended.headers.getSetCookie().some((line) => line.startsWith('ksp-preview=;') && line.includes('Max-Age=0'))).toBe(true);
  });
});

describe('drafts in the preview, never in the build', () => {
  it('shows a changed draft on its page, in the list and under every language it has', async () => {
    expect((await asEditor('/dienstleistungen/wohnsitz-anmelden-beratung/')).html).toContain(CHANGED_TITLE);
    expect((await asEditor('/dienstleistungen/')).html).toContain(CHANGED_TITLE);
    // The passport service is featured: its draft shows on the start page.
    expect((await asEditor('/')).html).toContain(EXISTING_DRAFT);
  });

  it('previews what is not built at the address it will have: a draft-only service and an unpublished English translation', async () => {
    const created = await asEditor(`/dienstleistungen/${NEW_SERVICE_SLUG}/`);
    expect(created.status).toBe(200);
    expect(created.html).toContain(NEW_SERVICE_TITLE);
    const translated = await asEditor('/en/services/fundsachen-info/');
    expect(translated.status).toBe(200);
    expect(translated.html).toContain(NEW_ENGLISH_TITLE);
    const missing = await asEditor('/dienstleistungen/gibt-es-nicht/');
    expect(missing.status).toBe(404);
    expect(missing.html).toContain('Vorschau – nicht veröffentlicht');
  });

  it('carries the banner "Vorschau – nicht veröffentlicht" on every page', async () => {
    for (const pathname of PAGES) expect((await asEditor(pathname)).html, pathname).toContain('Vorschau – nicht veröffentlicht');
  });

  it('never writes a draft into the static build', async () => {
    const files = (await readdir(staticDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile() && /\.(html|xml|json|ics|txt|js)$/.test(entry.name));
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const text = await readFile(path.join(file.parentPath, file.name), 'utf8');
      for (const marker of DRAFT_MARKERS) expect(text.includes(marker), `${file.name} contains ${marker}`).toBe(false);
    }
    await expect(readdir(path.join(staticDir, 'dienstleistungen', NEW_SERVICE_SLUG))).rejects.toThrow();
    await expect(readdir(path.join(staticDir, 'en', 'services', 'fundsachen-info'))).rejects.toThrow();
  });
});

describe('a draft that breaks the site\'s rules', () => {
  const AWARD = 'pressItem-ab-in-die-mitte-preis';
  const BROKEN_TITLE = 'Preis-Entwurf MIT-FEHLER-QX7';
  const awardPath = async () => `/presse/${(allDocs.find((doc) => doc._id === AWARD)!.slug as { current: string }).current}/`;
  const withDraft = (draft: RawDocument) => lake.store.replaceDocuments([...allDocs, draft]);
  afterAll(async () => {
    await lake.store.replaceDocuments(allDocs);
  });

  it('is left out of the preview and named in the banner with a link into the Studio; the other pages render', async () => {
    const award = allDocs.find((doc) => doc._id === AWARD)!;
    await withDraft({ ...award, _id: `drafts.${AWARD}`, title: { ...(award.title as object), de: BROKEN_TITLE }, publishedAt: 'gestern' });
    const list = await asEditor('/presse/');
    expect(list.status).toBe(200);
    const banner = parse(list.html).querySelector('[data-ksp-preview-problems]');
    expect(banner?.text).toContain(`Pressemitteilung „${BROKEN_TITLE}“ (fehlt in dieser Vorschau)`);
    expect(banner?.text).toContain('Das Feld „Veröffentlichungsdatum“ ist kein Datum in der Form JJJJ-MM-TT');
    expect(banner?.querySelector('a')?.getAttribute('href')).toBe(`${STUDIO_URL}/intent/edit/id=${AWARD};type=pressItem/`);
    expect(banner?.querySelector('a')?.getAttribute('target')).toBe('_top');
    // Left out of the list, while the other press items are there.
    expect(parse(list.html).querySelector('main')!.text).not.toContain(BROKEN_TITLE);
    expect(list.html).toContain('Sperrmüll jetzt auch im KSP anmelden');
    // Its own page is missing; every other page names it too.
    const own = await asEditor(await awardPath());
    expect(own.status).toBe(404);
    expect(own.html).toContain('fehlt in dieser Vorschau');
    expect((await asEditor('/dienstleistungen/')).html).toContain(BROKEN_TITLE);
  });

  it('in the entries every page needs stops each page with what to correct, and no content', async () => {
    const settings = allDocs.find((doc) => doc._id === 'siteSettings')!;
    await withDraft({ ...settings, _id: 'drafts.siteSettings', title: undefined });
    const { status, html } = await asEditor('/dienstleistungen/');
    expect(status).toBe(500);
    expect(html).toContain('Vorschau nicht möglich');
    expect(html).toContain('Website-Einstellungen „siteSettings“</strong>: Das Feld „Name der Website“ ist leer');
    expect(html).toContain(`href="${STUDIO_URL}/intent/edit/id=siteSettings;type=siteSettings/"`);
    expect(html).not.toContain('Reisepass');
  });

  it('shows nothing of the kind when the drafts are fine', async () => {
    await lake.store.replaceDocuments(allDocs);
    expect((await asEditor('/presse/')).html).not.toContain('data-ksp-preview-problems');
  });
});

describe('headers', () => {
  const rules = loadNetlifyRules(path.join(root, 'netlify.toml'));
  it('sends every header of the public site, never cached, never indexed, framed only by the Studio', async () => {
    for (const pathname of ['/dienstleistungen/', '/en/', '/gibt-es-nicht/']) {
      const { headers } = await asEditor(pathname);
      for (const [name, value] of Object.entries(headersForPath(rules, pathname))) {
        const key = name.toLowerCase();
        if (key === 'x-frame-options') expect(headers.get(name)).toBeNull();
        else if (key === 'cache-control') expect(headers.get(name)).toBe('private, no-store');
        else if (key === 'content-security-policy') {
          expect(headers.get(name)).toContain(`frame-ancestors ${new URL(STUDIO_URL).origin}`);
          expect(headers.get(name)).not.toContain("frame-ancestors 'none'");
          for (const directive of value.split(';').map((d) => d.trim()).filter((d) => !d.startsWith('frame-ancestors') && !d.startsWith('style-src'))) expect(headers.get(name)).toContain(directive);
        } else expect(headers.get(name), `${pathname} ${name}`).toBe(value);
      }
      expect(headers.get('x-robots-tag')).toBe('noindex');
    }
    // The refusal carries the same headers: the Studio can frame the explanation.
    const refused = await get('/');
    expect(refused.headers.get('cache-control')).toBe('private, no-store');
    expect(refused.headers.get('x-robots-tag')).toBe('noindex');
  });
});

describe('concurrency', () => {
  it('keeps each request to its own perspective when drafts and published are asked at once', async () => {
    const published = (await handshake(preview.url, SECRET, '/', 'published')).cookie;
    const drafts = (await handshake(preview.url, SECRET, '/', 'drafts')).cookie;
    const results = await Promise.all(
      Array.from({ length: 16 }, async (_, index) => {
        const asDrafts = index % 2 === 0;
        const response = await fetch(new URL('/dienstleistungen/wohnsitz-anmelden-beratung/', preview.url), { headers: { cookie: asDrafts ? drafts : published } });
        return { asDrafts, html: await response.text() };
      }),
    );
    for (const { asDrafts, html } of results) {
      expect(html.includes(CHANGED_TITLE)).toBe(asDrafts);
      // The list of related services comes from the same request's data: no draft on the published side.
      if (!asDrafts) for (const marker of DRAFT_MARKERS) expect(html).not.toContain(marker);
    }
  });

  it('shows the drafts of the moment: nothing one request loaded is kept for the next', async () => {
    const residence = allDocs.find((doc) => doc._id === 'drafts.service-wohnsitz-anmelden-beratung')!;
    const edited = allDocs.map((doc) => (doc === residence ? { ...doc, title: { ...(doc.title as object), de: 'Wohnsitz anmelden ZWEITE-FASSUNG-QX7' } } : doc));
    await lake.store.replaceDocuments(edited);
    try {
      const { html } = await asEditor('/dienstleistungen/wohnsitz-anmelden-beratung/');
      expect(html).toContain('ZWEITE-FASSUNG-QX7');
      expect(html).not.toContain(CHANGED_TITLE);
    } finally {
      await lake.store.replaceDocuments(allDocs);
    }
  });
});

describe('parity with the static site', () => {
  beforeAll(async () => {
    await lake.store.replaceDocuments(allDocs.filter((doc) => !isDraftOrVersionId(doc._id) || doc._type === 'sanity.previewUrlSecret'));
  });
  afterAll(async () => {
    await lake.store.replaceDocuments(allDocs);
  });

  /** The preview's additions removed: banner, module scripts, edit targets and the stylesheet's hashed name. */
  const normalise = (html: string) =>
    html
      .replace(/<div class="ksp-preview-banner"[\s\S]*?<\/div>/, '')
      .replace(/<script type="module"[^>]*><\/script>/g, '')
      .replace(/ data-sanity="[^"]*"/g, '')
      .replace(/\/_astro\/[\w.-]+\.css/g, '/_astro/site.css');

  const firstDetail = async (section: string) => (await readdir(path.join(staticDir, section), { withFileTypes: true })).find((entry) => entry.isDirectory() && entry.name !== 'seite' && entry.name !== 'page')!.name;

  it('renders published content exactly as the static build, for every page type', async () => {
    const pages = ['', 'en', 'dienstleistungen', 'en/services', 'partner', 'presse', 'presse/seite/2', 'veranstaltungen', 'en/events', 'oeffnungszeiten', 'suche', 'impressum', 'en/opening-hours'];
    for (const section of ['dienstleistungen', 'en/services', 'partner', 'en/partners', 'presse', 'veranstaltungen']) pages.push(`${section}/${await firstDetail(section)}`);
    for (const page of pages) {
      const expected = await readFile(path.join(staticDir, page, 'index.html'), 'utf8');
      const { status, html } = await asEditor(`/${page ? `${page}/` : ''}`);
      expect(status, page).toBe(200);
      expect(html).toContain('data-ksp-preview-banner');
      expect(normalise(html), page).toBe(normalise(expected));
    }
  });
});

describe('images', () => {
  it('shows the variants a page names, from the public site, and nothing else under /_img/', async () => {
    const section = 'presse';
    const pressItem = (await readdir(path.join(staticDir, section), { withFileTypes: true })).find((entry) => entry.isDirectory() && entry.name !== 'seite')!.name;
    const { html } = await asEditor(`/${section}/${pressItem}/`);
    const picture = parse(html).querySelector('main picture');
    expect(picture, 'a press item with a photo').not.toBeNull();
    const candidates = [...picture!.querySelectorAll('source'), picture!.querySelector('img')!].map((element) => element.getAttribute('srcset')!.split(', ')[0]!.split(' ')[0]!);
    for (const src of candidates) {
      const response = await fetch(new URL(src, preview.url), { headers: { cookie } });
      expect(response.status, src).toBe(200);
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect(meta.width, src).toBe(Number(src.split('/')[3]));
      expect(response.headers.get('content-type'), src).toMatch(/^image\/(avif|webp|jpeg)$/);
    }
    expect((await asEditor('/_img/jpg/400/o/ffffffffffffffffffff.jpg')).status).toBe(404);
    expect((await get(candidates[0]!)).status, 'only with the handshake').toBe(401);
  });

  it('passes no path with a dot-segment on to the public site, however it is encoded', async () => {
    // Sent as written: fetch() would resolve the dot-segments before the preview saw them.
    const rawStatus = (pathname: string) =>
      new Promise<number>((resolve, reject) => {
        const { hostname, port } = new URL(preview.url);
        const req = request({ hostname, port, path: pathname, headers: { cookie }, timeout: 10_000 }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('timeout', () => req.destroy(new Error(`${pathname}: no answer`)));
        req.on('error', reject);
        req.end();
      });
    const tails = [
      '%2e%2e/favicon.svg',
      '%2E%2E/%2e%2e/impressum/',
      '.%2e/favicon.svg',
      '%2e%2e%2ffavicon.svg',
      '%252e%252e/favicon.svg',
      'x/%252e%252e/%252e%252e/impressum/',
      'x/y/%252e%252e/%252e%252e/%252e%252e/impressum/',
      'x/%25%32%65%25%32%65/favicon.svg',
      'x/%25%32%65%25%32%65/%25%32%65%25%32%65/impressum/',
      'webp/400/https/%252e%252e/%252e%252e/%252e%252e/impressum/',
      'o/..%5c..%5cfavicon.svg',
    ];
    publicPaths.length = 0;
    for (const tail of tails) {
      // The preview's own files and pages may answer (its server resolves dot-segments itself first).
      expect(await rawStatus(`/_img/${tail}`), tail).not.toBe(500);
    }
    // What reaches the public site is an image path as it stands: below /_img/, every segment plain.
    expect(publicPaths.filter((asked) => safeImagePath(asked) !== asked)).toEqual([]);
  });
});

describe('click-to-edit targets', () => {
  const pages: [string, string, string][] = [
    ['/dienstleistungen/wohnsitz-anmelden-beratung/', 'service', 'service-wohnsitz-anmelden-beratung'],
    ['/en/services/wohnsitz-anmelden-beratung/', 'service', 'service-wohnsitz-anmelden-beratung'],
    ['/partner/stadt-kassel/', 'partner', 'partner-stadt-kassel'],
  ];

  it('sit on visible text of the page only: never in the head, a link, JSON-LD or the search metadata', async () => {
    for (const [pathname, type, id] of pages) {
      const { html } = await asEditor(pathname);
      const root = parse(html);
      const targets = root.querySelectorAll('[data-sanity]');
      expect(targets.length, pathname).toBeGreaterThan(0);
      for (const element of targets) {
        expect(['H1', 'P', 'DIV'], pathname).toContain(element.tagName);
        expect(element.closest('main'), pathname).not.toBeNull();
        expect(element.closest('a, [data-pagefind-meta], script'), pathname).toBeNull();
        expect(element.getAttribute('data-sanity')).toContain(`id=${id};type=${type};path=`);
      }
      expect(root.querySelector('h1')?.getAttribute('data-sanity')).toMatch(pathname.startsWith('/en/') ? /path=title\.en;/ : /path=(title\.de|name);/);
      // No stega anywhere: no zero-width or other invisible characters in the page.
      expect(html).not.toMatch(/[\u200B-\u200D\u2060-\u2064\uFEFF]|\uDB40[\uDC00-\uDC7F]/);
      for (const meta of root.querySelectorAll('head *, script[type="application/ld+json"], [data-pagefind-meta]')) expect(meta.toString()).not.toContain('data-sanity');
    }
  });
});

// A Content Release in the preview: the Presentation tool's perspective puts the release on top
// of the drafts; the page shows the release's versions and the banner names the release.
describe('a release in the preview', () => {
  const RELEASE_TITLE = 'Themenwoche Familie';
  const VERSION_TITLE = 'Wohnsitz anmelden – THEMENWOCHE-R8';
  const SERVICE_ID = 'service-wohnsitz-anmelden-beratung';

  beforeAll(async () => {
    const client = lakeClient(lake, lake.apiHost);
    await client.releases.create({ releaseId: 'rFamilie', metadata: { title: RELEASE_TITLE, releaseType: 'scheduled', intendedPublishAt: '2036-11-11T09:00:00.000Z' } });
    const published = await client.getDocument(SERVICE_ID);
    await client.action({
      actionType: 'sanity.action.document.version.create',
      publishedId: SERVICE_ID,
      document: { ...published!, _id: `versions.rFamilie.${SERVICE_ID}`, _rev: undefined, title: { ...(published!.title as object), de: VERSION_TITLE } },
    } as never);
    // Years ahead: the lake publishes a release whose time has come.
    await client.releases.schedule({ releaseId: 'rFamilie', publishAt: '2036-11-11T09:00:00.000Z' });
  });
  afterAll(async () => {
    const client = lakeClient(lake, lake.apiHost);
    await client.releases.unschedule({ releaseId: 'rFamilie' });
    await client.releases.archive({ releaseId: 'rFamilie' });
    await client.releases.delete({ releaseId: 'rFamilie' });
  });

  it('shows the release\'s version and names the release and its planned time in the banner', async () => {
    const asRelease = (await handshake(preview.url, SECRET, '/', 'rFamilie,drafts')).cookie;
    const page = await get('/dienstleistungen/wohnsitz-anmelden-beratung/', { cookie: asRelease });
    expect(page.status).toBe(200);
    expect(page.html).toContain(VERSION_TITLE);
    const banner = parse(page.html).querySelector('[data-ksp-preview-banner]');
    expect(banner?.querySelector('strong')?.text).toBe(`Vorschau der Veröffentlichung „${RELEASE_TITLE}“`);
    expect(banner?.text).toContain('So sieht die Website aus, wenn diese Veröffentlichung online geht (geplant für Di., 11.11.2036, 10:00 Uhr).');
    expect(banner?.text).not.toContain('Vorschau – nicht veröffentlicht');
  });

  it('the drafts and the published site do not show it', async () => {
    for (const perspective of ['drafts', 'published']) {
      const other = (await handshake(preview.url, SECRET, '/', perspective)).cookie;
      const page = await get('/dienstleistungen/wohnsitz-anmelden-beratung/', { cookie: other });
      expect(page.html, perspective).not.toContain(VERSION_TITLE);
      expect(page.html, perspective).toContain('Vorschau – nicht veröffentlicht');
    }
  });
});
