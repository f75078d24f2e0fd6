// A page hidden by "Sichtbar bis" must not take the build down: links to it from other documents
// (a Portable Text link, a menu entry) are dropped from the site (the words stay), the build
// succeeds, no page of the release links to the gone page, and the build manifest names where the
// dropped links sit, for the Studio's "Veröffentlichungen".
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hrefsInHtml } from '../../core/links.ts';
import { parseManifest } from '../../core/publish/build-manifest.ts';
import { parseNdjson } from '../../src/lib/sanity/embedded.ts';
import { DEFAULT_DATASET_FILE } from '../../src/lib/sanity/source.ts';
import { runBuild } from '../helpers/build.ts';

const HIDDEN_ID = 'page-anfahrt';
const LINKING_ID = 'page-ueber-den-ksp';
const LINK_TEXT = 'So finden Sie zu uns';
const FULL_LINK_TEXT = 'Wegbeschreibung';
/** The build's SITE_URL (tests/helpers/build.ts): a link with the site's full address is internal. */
const SITE = 'http://localhost:4321';

let work: string;

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.html')).map((entry) => path.join(entry.parentPath, entry.name));
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'ksp-hidden-links-'));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('links to a page past its "Sichtbar bis"', () => {
  it('are dropped from the site, the build succeeds, and the manifest names where they sit', async () => {
    const docs = parseNdjson(await readFile(DEFAULT_DATASET_FILE, 'utf8'), DEFAULT_DATASET_FILE);
    const hidden = docs.find((d) => d._id === HIDDEN_ID)!;
    hidden.visibleUntil = '2020-01-01T09:00:00.000Z';
    const linking = docs.find((d) => d._id === LINKING_ID)!;
    const body = linking.body as { de: unknown[] };
    const blockIndex = body.de.length;
    body.de.push({
      _type: 'block',
      _key: 'b-gone',
      style: 'normal',
      markDefs: [{ _key: 'gone', _type: 'link', href: '/anfahrt/' }],
      children: [{ _type: 'span', _key: 's-gone', text: LINK_TEXT, marks: ['gone'] }],
    });
    body.de.push({
      _type: 'block',
      _key: 'b-gone-full',
      style: 'normal',
      markDefs: [{ _key: 'gonefull', _type: 'link', href: `${SITE}/anfahrt/#parken` }],
      children: [{ _type: 'span', _key: 's-gone-full', text: FULL_LINK_TEXT, marks: ['gonefull'] }],
    });
    const settings = docs.find((d) => d._type === 'siteSettings' && !d._id.startsWith('drafts.'))!;
    const navigation = settings.navigation as unknown[];
    const navIndex = navigation.length;
    navigation.push({ _type: 'link', _key: 'nav-gone', label: { _type: 'localeString', de: 'Anfahrt', en: 'Directions' }, href: '/anfahrt' });
    const file = path.join(work, 'hidden.ndjson');
    const assets = `file://${path.dirname(DEFAULT_DATASET_FILE)}/images/`;
    await writeFile(file, docs.map((d) => JSON.stringify(d).replaceAll('file://./images/', assets)).join('\n'));

    const out = path.join(work, 'dist');
    const result = await runBuild(out, { KSP_CONTENT_FILE: file, SANITY_PROJECT_ID: undefined, KSP_CONTENT_CACHE: 'off', SITE_URL: SITE });
    expect(result.code, result.output).toBe(0);

    expect(existsSync(path.join(out, 'anfahrt', 'index.html'))).toBe(false);
    const about = await readFile(path.join(out, 'ueber-den-ksp', 'index.html'), 'utf8');
    expect(about).toContain(LINK_TEXT);
    expect(about).toContain(FULL_LINK_TEXT);
    for (const html of await htmlFiles(out)) {
      const hrefs = hrefsInHtml(await readFile(html, 'utf8'));
      expect(hrefs.filter((href) => /^(http:\/\/localhost:4321)?\/(en\/)?(anfahrt|directions)\/?(#.*)?$/.test(href)), html).toEqual([]);
    }

    const manifest = parseManifest(JSON.parse(await readFile(path.join(out, 'build-manifest.json'), 'utf8')));
    const entry = manifest?.hidden.find((doc) => doc._id === HIDDEN_ID);
    expect(entry?.linkedFrom).toEqual(
      expect.arrayContaining([
        { id: LINKING_ID, type: 'page', field: `body.de.${blockIndex}.markDefs.0.href` },
        { id: LINKING_ID, type: 'page', field: `body.de.${blockIndex + 1}.markDefs.0.href` },
        { id: settings._id, type: 'siteSettings', field: `navigation.${navIndex}.href` },
      ]),
    );
  }, 300_000);
});
