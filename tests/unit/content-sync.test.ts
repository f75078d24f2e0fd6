// Incremental content sync (src/lib/sanity/sync.ts): the second build fetches only what changed,
// from Sanity (over real HTTP, through @sanity/client, against the local Content Lake) and from the
// embedded dataset alike; deletions disappear; drafts never appear; a bad cache means a full fetch.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createContentApi } from '../../src/lib/content/index.ts';
import { loadEmbeddedDataset, type RawDocument } from '../../src/lib/sanity/embedded.ts';
import { createSource, DEFAULT_DATASET_FILE, getLastSyncStats } from '../../src/lib/sanity/source.ts';
import { mirrorFile, syncEmbedded, type SyncStats } from '../../src/lib/sanity/sync.ts';
import { startRecordingLake, type RecordingLake } from '../helpers/lake.ts';

let work: string;
let lake: RecordingLake;
let original: RawDocument[];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'ksp-sync-'));
  original = await loadEmbeddedDataset(DEFAULT_DATASET_FILE, { includeDrafts: true });
  lake = await startRecordingLake({ documents: original });
});

afterAll(async () => {
  await lake?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const sanityConfig = () => ({ kind: 'sanity' as const, sanity: { projectId: 'ksp-test', dataset: 'production', apiVersion: '2025-02-19', apiHost: lake.apiHost } });

/** One "build": a fresh source over the same cache directory, all services loaded. */
async function sanityBuild(cacheDir: string) {
  const before = lake.requests.length;
  const api = createContentApi(createSource(sanityConfig(), { cacheDir }));
  const [services, press] = await Promise.all([api.getServices(), api.getPressItems()]);
  const requests = lake.requests.slice(before);
  // Bodies = documents returned by requests other than the listing of ids and revisions.
  const bodies = requests.filter((r) => r.query !== undefined && !r.query.includes('{_id, _rev}')).reduce((sum, r) => sum + (r.resultCount ?? 0), 0);
  return { services, press, requests, bodies, stats: getLastSyncStats() as SyncStats };
}

describe('sync from Sanity through @sanity/client', () => {
  let cacheDir: string;
  beforeEach(async () => {
    cacheDir = await mkdtemp(path.join(work, 'sanity-'));
    await lake.store.replaceDocuments(original);
  });

  it('first build fetches everything, a rebuild without changes fetches 0 bodies', async () => {
    const first = await sanityBuild(cacheDir);
    expect(first.stats.mode).toBe('full');
    expect(first.bodies).toBeGreaterThan(30);
    const second = await sanityBuild(cacheDir);
    expect(second.stats.mode).toBe('incremental');
    expect(second.bodies).toBe(0);
    expect(second.stats.fetched).toBe(0);
    expect(second.requests).toHaveLength(1);
    expect(second.requests.every((r) => r.perspective === 'published')).toBe(true);
    expect(second.services).toEqual(first.services);
  });

  it('one edited document → 1 body, and the edit is visible', async () => {
    await sanityBuild(cacheDir);
    const edited = original.map((doc) =>
      doc._id === 'service-reisepass-abholen' ? { ...doc, _rev: 'edited-1', title: { _type: 'localeString', de: 'Reisepass abholen (geändert)', en: 'Collect your passport' } } : doc,
    );
    await lake.store.replaceDocuments(edited);
    const next = await sanityBuild(cacheDir);
    expect(next.bodies).toBe(1);
    expect(next.stats.fetched).toBe(1);
    expect(next.services.find((s) => s._id === 'service-reisepass-abholen')!.title.de).toBe('Reisepass abholen (geändert)');
  });

  it('a deleted document disappears', async () => {
    const first = await sanityBuild(cacheDir);
    const victim = first.press.at(-1)!._id;
    await lake.store.replaceDocuments(original.filter((doc) => doc._id !== victim));
    const next = await sanityBuild(cacheDir);
    expect(next.bodies).toBe(0);
    expect(next.stats.deleted).toBe(1);
    expect(next.press.map((p) => p._id)).not.toContain(victim);
    expect(next.press).toHaveLength(first.press.length - 1);
  });

  it('drafts never appear, also when a draft is edited between builds', async () => {
    await sanityBuild(cacheDir);
    const drafts = original.filter((doc) => doc._id.startsWith('drafts.'));
    expect(drafts.length).toBeGreaterThan(0);
    await lake.store.replaceDocuments(original.map((doc) => (doc._id.startsWith('drafts.') ? { ...doc, _rev: 'draft-edit', title: { _type: 'localeString', de: 'Nur im Entwurf XYZ' } } : doc)));
    const next = await sanityBuild(cacheDir);
    expect(next.bodies).toBe(0);
    const mirror = await readFile(mirrorFile(cacheDir, `sanity:ksp-test:production:${lake.apiHost}:2025-02-19`), 'utf8');
    expect(mirror).not.toContain('"drafts.');
    const everything = JSON.stringify([next.services, next.press]);
    expect(everything).not.toContain('Nur im Entwurf XYZ');
    for (const draft of drafts) expect(everything).not.toContain(draft._id);
  });

  it('a corrupt cache is reported and replaced by a full fetch', async () => {
    await sanityBuild(cacheDir);
    const file = mirrorFile(cacheDir, `sanity:ksp-test:production:${lake.apiHost}:2025-02-19`);
    await writeFile(file, '{"version":1,"source":"sanity:ksp-te');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const next = await sanityBuild(cacheDir);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/corrupt/));
    warn.mockRestore();
    expect(next.stats.mode).toBe('full');
    expect(next.services.length).toBeGreaterThan(10);
    expect((await sanityBuild(cacheDir)).bodies).toBe(0);
  });

  it('a mirror cut short in a document line is corrupt and replaced by a full fetch', async () => {
    await sanityBuild(cacheDir);
    const file = mirrorFile(cacheDir, `sanity:ksp-test:production:${lake.apiHost}:2025-02-19`);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, Math.floor(text.length / 2)));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const next = await sanityBuild(cacheDir);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/corrupt/));
    warn.mockRestore();
    expect(next.stats.mode).toBe('full');
    expect(next.services.map((s) => s._id).sort()).toEqual((await sanityBuild(cacheDir)).services.map((s) => s._id).sort());
  });

  it('after an edit, the mirror keeps every other document line as it was', async () => {
    await sanityBuild(cacheDir);
    const file = mirrorFile(cacheDir, `sanity:ksp-test:production:${lake.apiHost}:2025-02-19`);
    const before = (await readFile(file, 'utf8')).split('\n').slice(1);
    await lake.store.replaceDocuments(original.map((doc) => (doc._id === 'service-reisepass-abholen' ? { ...doc, _rev: 'edited-lines' } : doc)));
    await sanityBuild(cacheDir);
    const after = (await readFile(file, 'utf8')).split('\n').slice(1);
    expect(after).toHaveLength(before.length);
    const differ = after.filter((line, index) => line !== before[index]);
    expect(differ).toHaveLength(1);
    expect(JSON.parse(differ[0]!)).toMatchObject({ _id: 'service-reisepass-abholen', _rev: 'edited-lines' });
  });

  it('a cache of another format version is not used', async () => {
    await sanityBuild(cacheDir);
    const file = mirrorFile(cacheDir, `sanity:ksp-test:production:${lake.apiHost}:2025-02-19`);
    const [header, ...documents] = (await readFile(file, 'utf8')).split('\n');
    await writeFile(file, [JSON.stringify({ ...(JSON.parse(header!) as object), version: 0 }), ...documents].join('\n'));
    const next = await sanityBuild(cacheDir);
    expect(next.stats.mode).toBe('full');
    expect(next.stats.reason).toMatch(/format/);
  });

  it('without a cache (KSP_CONTENT_CACHE=off) every build queries Sanity directly', async () => {
    const before = lake.requests.length;
    const api = createContentApi(createSource(sanityConfig(), { cacheDir: false }));
    await api.getServices();
    // The services, and the small query for press items and pages whose "Sichtbar bis" decides
    // which links are gone (not every press item and page with its body).
    const queries = lake.requests.slice(before).map((r) => r.query);
    expect(queries).toHaveLength(2);
    expect(queries).toEqual(expect.arrayContaining([expect.stringContaining('_type == "service"'), expect.stringContaining('_type in ["pressItem", "page"] && defined(visibleUntil)')]));
    expect(queries.some((query) => query?.includes('_type == "pressItem"') || query?.includes('_type == "page"'))).toBe(false);
  });
});

describe('sync from the embedded dataset', () => {
  it('counts new, edited and deleted lines against the last sync; deletions and drafts are handled like Sanity', async () => {
    const cacheDir = await mkdtemp(path.join(work, 'embedded-'));
    const dir = await mkdtemp(path.join(work, 'dataset-'));
    // Images are resolved relative to the dataset file.
    await writeFile(path.join(dir, 'dataset.ndjson'), await readFile(DEFAULT_DATASET_FILE, 'utf8'));
    const { symlink } = await import('node:fs/promises');
    await symlink(path.join(path.dirname(DEFAULT_DATASET_FILE), 'images'), path.join(dir, 'images'));
    const file = path.join(dir, 'dataset.ndjson');

    const first = await syncEmbedded(file, cacheDir);
    expect(first.stats.mode).toBe('full');
    expect(first.documents.some((d) => d._id.startsWith('drafts.'))).toBe(false);
    const again = await syncEmbedded(file, cacheDir);
    expect(again.stats.fetched).toBe(0);
    expect(again.documents.map((d) => d._id).sort()).toEqual(first.documents.map((d) => d._id).sort());
    // The dataset is its own mirror: the cache holds each line's hash and id, no document.
    const cache = await readFile(mirrorFile(cacheDir, `embedded:${file}`), 'utf8');
    expect(cache).toContain('"service-reisepass-abholen"');
    expect(cache).not.toContain('Reisepass abholen');

    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    const editedLines = lines
      .map((line) => (line.includes('"_id":"service-reisepass-abholen"') ? line.replace('"de":"Reisepass abholen"', '"de":"Reisepass abholen (neu)"') : line))
      .filter((line) => !line.includes('"_id":"pressItem-ksp-eroeffnung"'));
    await writeFile(file, `${editedLines.join('\n')}\n`);
    const next = await syncEmbedded(file, cacheDir);
    expect(next.stats.fetched).toBe(1);
    expect(next.stats.deleted).toBe(1);
    expect(next.documents.find((d) => d._id === 'pressItem-ksp-eroeffnung')).toBeUndefined();
    expect(JSON.stringify(next.documents.find((d) => d._id === 'service-reisepass-abholen'))).toContain('Reisepass abholen (neu)');
    expect(next.documents.some((d) => d._id.startsWith('drafts.'))).toBe(false);
    // Image assets are materialised as before.
    expect(next.documents.filter((d) => d._type === 'sanity.imageAsset').length).toBe(first.documents.filter((d) => d._type === 'sanity.imageAsset').length);
  });

  it('gives the same query results as loading the dataset without a cache', async () => {
    const cacheDir = await mkdtemp(path.join(work, 'embedded-same-'));
    const config = { kind: 'embedded' as const, file: DEFAULT_DATASET_FILE };
    const direct = createContentApi(createSource(config));
    const synced = createContentApi(createSource(config, { cacheDir }));
    expect(await synced.getServices()).toEqual(await direct.getServices());
    const resynced = createContentApi(createSource(config, { cacheDir }));
    expect(await resynced.getPressItems()).toEqual(await direct.getPressItems());
    expect(getLastSyncStats()!.fetched).toBe(0);
  });
});
