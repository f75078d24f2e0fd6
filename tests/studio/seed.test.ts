import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRecordingLake, type RecordingLake } from '../helpers/lake.ts';
import { DATASET_FILE, ROOT, readNdjson } from './studio-validation.ts';

const TOKEN = 'sk-test-write-token';
const DATASET = 'production';

function runSeed(env: Record<string, string | undefined>, args: string[] = []) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const clean = { ...process.env };
    for (const name of ['SANITY_PROJECT_ID', 'SANITY_DATASET', 'SANITY_WRITE_TOKEN', 'SANITY_API_HOST'])
      delete clean[name];
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/seed.ts'), ...args], {
      cwd: ROOT,
      env: { ...clean, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** One entry per mutate request: the mutations it carried. */
const mutateRequests = (lake: RecordingLake) => lake.requests.flatMap((request) => (request.mutations ? [request.mutations] : []));
const uploads = (lake: RecordingLake) => lake.requests.filter((request) => request.upload);
const sentIds = (lake: RecordingLake, from: number) =>
  mutateRequests(lake).slice(from).flatMap((mutations) => mutations.map((m) => ('createOrReplace' in m ? m.createOrReplace._id : undefined)));
/** Every document by id; `_rev` and `_updatedAt` are left out: the lake, like Sanity, renews them with every write. */
const endState = (lake: RecordingLake) =>
  JSON.stringify([...lake.store.documents.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, { _rev, _updatedAt, ...doc }]) => [id, doc]));

function assetSources(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => assetSources(v, into));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '_sanityAsset' && typeof v === 'string') into.add(v);
      else assetSources(v, into);
    }
  }
  return into;
}

describe.skipIf(!existsSync(DATASET_FILE))('npm run seed against the local Content Lake', () => {
  let lake: RecordingLake;
  let lakeDir: string;
  const documents = existsSync(DATASET_FILE) ? readNdjson(DATASET_FILE) : [];
  const env = () => ({
    SANITY_PROJECT_ID: 'ksptest1',
    SANITY_DATASET: DATASET,
    SANITY_WRITE_TOKEN: TOKEN,
    SANITY_API_HOST: lake.apiHost,
  });

  beforeAll(async () => {
    // A state directory, for the uploaded images.
    lakeDir = mkdtempSync(path.join(tmpdir(), 'ksp-seed-lake-'));
    lake = await startRecordingLake({ dir: lakeDir, token: TOKEN, dataset: DATASET });
  });
  afterAll(async () => {
    await lake?.close();
    if (lakeDir) rmSync(lakeDir, { recursive: true, force: true });
  });

  let afterFirstRun: string;
  let requestsAfterFirstRun = 0;
  let uploadsAfterFirstRun = 0;

  test('first run sends every document exactly once and uploads every image once', async () => {
    const result = await runSeed(env());
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const ids = sentIds(lake, 0);
    expect(ids.length).toBe(documents.length);
    expect(new Set(ids).size).toBe(documents.length);
    expect([...ids].sort()).toEqual(documents.map((d) => d._id).sort());

    const images = assetSources(documents);
    expect(uploads(lake).length).toBe(images.size);
    for (const doc of documents) {
      const stored = lake.store.get(doc._id)!;
      expect(stored, doc._id).toBeTruthy();
      expect(JSON.stringify(stored)).not.toContain('_sanityAsset');
    }
    // Every image reference points at an uploaded asset.
    const refs = [...lake.store.all()].flatMap(
      (d) => JSON.stringify(d).match(/"_ref":"image-[^"]+"/g) ?? [],
    );
    expect(refs.length).toBeGreaterThanOrEqual(images.size);
    for (const ref of refs) expect(lake.store.documents.has(ref.slice(8, -1)), ref).toBe(true);

    afterFirstRun = endState(lake);
    requestsAfterFirstRun = mutateRequests(lake).length;
    uploadsAfterFirstRun = uploads(lake).length;
  }, 60_000);

  test('second run is safe: each document once more, no new uploads, same end state', async () => {
    const result = await runSeed(env());
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const ids = sentIds(lake, requestsAfterFirstRun);
    expect(ids.length).toBe(documents.length);
    expect(new Set(ids).size).toBe(documents.length);
    expect(uploads(lake).length).toBe(uploadsAfterFirstRun);
    expect(endState(lake)).toBe(afterFirstRun);
    expect(result.stdout).toMatch(/0 hochgeladen/);
  }, 60_000);

  test('a missing variable is named, nothing is sent', async () => {
    const before = mutateRequests(lake).length;
    const result = await runSeed({ ...env(), SANITY_WRITE_TOKEN: '' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SANITY_WRITE_TOKEN');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(mutateRequests(lake).length).toBe(before);
  }, 30_000);

  test.each(['image@file:///etc/hostname', 'image@file://../outside.jpg', 'image@file://./images/../../outside.jpg'])(
    'an asset path outside the dataset\'s folder (%s) stops the seed before anything is read or sent',
    async (source) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'ksp-seed-'));
      try {
        mkdirSync(path.join(dir, 'data', 'images'), { recursive: true });
        writeFileSync(path.join(dir, 'outside.jpg'), 'not an image of the dataset');
        writeFileSync(path.join(dir, 'data', 'images', 'ok.jpg'), 'fine');
        const docs = [
          { _id: 'partner.ok', _type: 'partner', logo: { _type: 'image', _sanityAsset: 'image@file://./images/ok.jpg' } },
          { _id: 'partner.evil', _type: 'partner', logo: { _type: 'image', _sanityAsset: source } },
        ];
        writeFileSync(path.join(dir, 'data', 'dataset.ndjson'), docs.map((doc) => JSON.stringify(doc)).join('\n'));
        const uploadCount = uploads(lake).length;
        const mutations = mutateRequests(lake).length;
        const result = await runSeed(env(), [path.join(dir, 'data', 'dataset.ndjson')]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`Asset-Quelle „${source}“ zeigt aus dem Ordner des Datensatzes`);
        expect(result.stderr).toContain('image@file://./images/<datei>');
        expect(uploads(lake).length).toBe(uploadCount);
        expect(mutateRequests(lake).length).toBe(mutations);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    30_000,
  );

  test('a wrong token fails with a hint about the token', async () => {
    const result = await runSeed({ ...env(), SANITY_WRITE_TOKEN: 'sk-wrong' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/HTTP 401/);
    expect(result.stderr).toContain('SANITY_WRITE_TOKEN');
  }, 30_000);
});
