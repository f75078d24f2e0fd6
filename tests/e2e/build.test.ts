// Whole builds: the embedded source and the @sanity/client source (against the local Content
// Lake over HTTP) produce the same pages; drafts never reach the output; a broken
// document stops the build with a message that names it.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../core/publish/build-manifest.ts';
import { loadEmbeddedDataset, parseNdjson } from '../../src/lib/sanity/embedded.ts';
import { DEFAULT_DATASET_FILE } from '../../src/lib/sanity/source.ts';
import { runBuild, type BuildResult } from '../helpers/build.ts';
import { listFiles, readSiteText } from '../helpers/dist-files.ts';
import { startRecordingLake, type RecordingLake } from '../helpers/lake.ts';

let work: string;
let lake: RecordingLake;
let embeddedBuild: BuildResult;
let clientBuild: BuildResult;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'ksp-build-'));
  lake = await startRecordingLake({ documents: await loadEmbeddedDataset(DEFAULT_DATASET_FILE, { includeDrafts: true }) });
  // Sequential: two parallel builds on two cores only make both slower.
  embeddedBuild = await runBuild(path.join(work, 'embedded'), { SANITY_PROJECT_ID: undefined });
  clientBuild = await runBuild(path.join(work, 'client'), {
    SANITY_PROJECT_ID: 'ksp-test',
    SANITY_DATASET: 'production',
    SANITY_API_HOST: lake.apiHost,
    SANITY_READ_TOKEN: 'sk-test-read-token-must-not-leak',
  });
}, 600_000);

afterAll(async () => {
  await lake?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const relativeHtml = async (dir: string) => (await listFiles(dir)).filter((f) => f.endsWith('.html')).map((f) => path.relative(dir, f));

describe('build from the embedded dataset and from @sanity/client', () => {
  it('both builds succeed', () => {
    expect(embeddedBuild.code, embeddedBuild.output).toBe(0);
    expect(clientBuild.code, clientBuild.output).toBe(0);
  });

  it('writes a build manifest with the revision of every published content document, and no draft', async () => {
    const { CONTENT_DOCUMENT_TYPES } = await import('../../core/registry.ts');
    const manifest = parseManifest(JSON.parse(await readFile(path.join(work, 'client', 'build-manifest.json'), 'utf8')));
    expect(manifest?.source).toEqual({ kind: 'sanity', projectId: 'ksp-test', dataset: 'production' });
    expect(manifest?.finishedAt).not.toBeNull();
    expect(Date.parse(manifest!.finishedAt!)).toBeGreaterThan(Date.parse(manifest!.startedAt));
    const published = (await loadEmbeddedDataset(DEFAULT_DATASET_FILE)).filter((doc) => (CONTENT_DOCUMENT_TYPES as readonly string[]).includes(doc._type));
    expect(Object.keys(manifest!.revisions).sort()).toEqual(published.map((doc) => doc._id).sort());
    expect(Object.keys(manifest!.revisions).some((id) => id.startsWith('drafts.'))).toBe(false);
    // The embedded dataset has no revisions: its manifest lists none.
    expect(parseManifest(JSON.parse(await readFile(path.join(work, 'embedded', 'build-manifest.json'), 'utf8')))?.revisions).toEqual({});
  });

  it('the client build really queried the lake with the published perspective', () => {
    expect(lake.requests.length).toBeGreaterThan(0);
    expect(lake.requests.every((r) => r.perspective === 'published')).toBe(true);
  });

  it('produces the same pages with the same HTML', async () => {
    const embeddedPages = await relativeHtml(path.join(work, 'embedded'));
    const clientPages = await relativeHtml(path.join(work, 'client'));
    expect(embeddedPages.length).toBeGreaterThan(20);
    expect(clientPages).toEqual(embeddedPages);
    for (const page of embeddedPages) {
      const a = await readFile(path.join(work, 'embedded', page), 'utf8');
      const b = await readFile(path.join(work, 'client', page), 'utf8');
      expect(b, page).toBe(a);
    }
  });

  it('never writes the read token into the output', async () => {
    for (const file of await listFiles(path.join(work, 'client'))) {
      expect(await readSiteText(file), file).not.toContain('sk-test-read-token-must-not-leak');
    }
  });
});

describe('drafts', () => {
  it('no text that exists only in a draft appears anywhere in the built site', async () => {
    const all = parseNdjson(await readFile(DEFAULT_DATASET_FILE, 'utf8'), DEFAULT_DATASET_FILE);
    const strings = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : value && typeof value === 'object' ? Object.entries(value).filter(([k]) => !k.startsWith('_')).flatMap(([, v]) => strings(v)) : [];
    const publishedText = new Set(all.filter((d) => !d._id.startsWith('drafts.')).flatMap(strings));
    const draftOnly = [...new Set(all.filter((d) => d._id.startsWith('drafts.')).flatMap(strings))].filter((s) => s.length >= 12 && !publishedText.has(s));
    expect(draftOnly.length).toBeGreaterThan(0);
    const dir = path.join(work, 'embedded');
    const texts = await Promise.all((await listFiles(dir)).map(async (file) => [file, await readSiteText(file)] as const));
    expect(texts.some(([file]) => file.includes(`${path.sep}pagefind${path.sep}`))).toBe(true);
    for (const [file, text] of texts) {
      for (const draft of draftOnly) expect(text.includes(draft), `${path.relative(dir, file)} contains draft text "${draft.slice(0, 60)}"`).toBe(false);
    }
  });
});

describe('a document without English text', () => {
  it('gets no English page, and the English start page does not link to one', async () => {
    const docs = parseNdjson(await readFile(DEFAULT_DATASET_FILE, 'utf8'), DEFAULT_DATASET_FILE);
    const now = Date.now();
    const upcoming = docs
      .filter((d) => d._type === 'event' && !d._id.startsWith('drafts.') && Date.parse(d.start as string) > now)
      .sort((a, b) => Date.parse(a.start as string) - Date.parse(b.start as string))[0]!;
    // English title but no English summary: not enough for an English page.
    delete (upcoming.summary as { en?: string }).en;
    const slug = (upcoming.slug as { current: string }).current;
    const file = path.join(work, 'german-only-event.ndjson');
    const assets = `file://${path.dirname(DEFAULT_DATASET_FILE)}/images/`;
    await writeFile(file, docs.map((d) => JSON.stringify(d).replaceAll('file://./images/', assets)).join('\n'));
    const out = path.join(work, 'german-only-event');
    const result = await runBuild(out, { KSP_CONTENT_FILE: file, SANITY_PROJECT_ID: undefined, KSP_CONTENT_CACHE: 'off' });
    expect(result.code, result.output).toBe(0);
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).toContain(`/veranstaltungen/${slug}/`);
    expect(await readFile(path.join(out, 'en', 'index.html'), 'utf8')).not.toContain(`/en/events/${slug}/`);
    await expect(readFile(path.join(out, 'en', 'events', slug, 'index.html'))).rejects.toThrow();
  });
});

describe('a broken document', () => {
  it('stops the build with the document _id, the field and the fix, and writes nothing usable', async () => {
    const docs = parseNdjson(await readFile(DEFAULT_DATASET_FILE, 'utf8'), DEFAULT_DATASET_FILE);
    const service = docs.find((d) => d._type === 'service' && !d._id.startsWith('drafts.'))!;
    (service.provider as { _ref: string })._ref = 'partner.does-not-exist';
    const brokenDir = path.join(work, 'broken-content');
    await rm(brokenDir, { recursive: true, force: true });
    const file = path.join(work, 'broken.ndjson');
    // Absolute asset paths, because the copy lives outside content/.
    const assets = `file://${path.dirname(DEFAULT_DATASET_FILE)}/images/`;
    await writeFile(file, docs.map((d) => JSON.stringify(d).replaceAll('file://./images/', assets)).join('\n'));
    const result = await runBuild(brokenDir, { KSP_CONTENT_FILE: file, SANITY_PROJECT_ID: undefined });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(
      `Document "${service._id}" (service), field "provider": points to "partner.does-not-exist", which does not exist or is not published. Fix: publish that partner or choose another provider`,
    );
  });
});
