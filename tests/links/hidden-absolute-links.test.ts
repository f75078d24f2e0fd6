// A link written as a full address of the site itself ("https://<SITE_URL>/anfahrt/") to a page
// past its "Sichtbar bis" is dropped like a path is (the content layer), and named where it sits;
// a link with the same path on another site stays. The whole build: hidden-page-links.test.ts.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContentApi } from '../../src/lib/content/index.ts';
import { buildConfig } from '../../src/lib/build-config.ts';
import { parseNdjson } from '../../src/lib/sanity/embedded.ts';
import { DEFAULT_DATASET_FILE, embeddedSource } from '../../src/lib/sanity/source.ts';

const HIDDEN_ID = 'page-anfahrt';
const LINKING_ID = 'page-ueber-den-ksp';
let work: string;
let file: string;
let blockIndex: number;
const origin = new URL(buildConfig().siteUrl).origin;

const block = (key: string, href: string) => ({
  _type: 'block',
  _key: `b-${key}`,
  style: 'normal',
  markDefs: [{ _key: key, _type: 'link', href }],
  children: [{ _type: 'span', _key: `s-${key}`, text: `Text ${key}`, marks: [key] }],
});

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'ksp-hidden-absolute-'));
  const docs = parseNdjson(await readFile(DEFAULT_DATASET_FILE, 'utf8'), DEFAULT_DATASET_FILE);
  docs.find((d) => d._id === HIDDEN_ID)!.visibleUntil = '2020-01-01T09:00:00.000Z';
  const body = docs.find((d) => d._id === LINKING_ID)!.body as { de: unknown[] };
  blockIndex = body.de.length;
  body.de.push(block('self', `${origin}/anfahrt/`), block('other', 'https://www.kassel.de/anfahrt/'));
  file = path.join(work, 'dataset.ndjson');
  const assets = `file://${path.dirname(DEFAULT_DATASET_FILE)}/images/`;
  await writeFile(file, docs.map((d) => JSON.stringify(d).replaceAll('file://./images/', assets)).join('\n'));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a full address of the site to a hidden page', () => {
  it('is dropped from the site (the words stay), names its field, and a link elsewhere stays', async () => {
    const api = createContentApi(embeddedSource(file));
    const page = (await api.getPages()).find((p) => p._id === LINKING_ID)!;
    const text = JSON.stringify(page);
    expect(text).not.toContain(`${origin}/anfahrt/`);
    expect(text).toContain('Text self');
    expect(text).toContain('https://www.kassel.de/anfahrt/');
    const hidden = (await api.getHiddenDocuments()).find((doc) => doc._id === HIDDEN_ID);
    expect(hidden?.linkedFrom).toContainEqual({ id: LINKING_ID, type: 'page', field: `body.de.${blockIndex}.markDefs.0.href` });
    expect(hidden?.linkedFrom).not.toContainEqual({ id: LINKING_ID, type: 'page', field: `body.de.${blockIndex + 1}.markDefs.0.href` });
  });
});
