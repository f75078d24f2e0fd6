// The fast path of a publish (src/build/fast-publish.ts) never gives a wrong site: when its
// snapshot is not whole or its renderer is missing, the build says why and runs astro build, and
// the site equals a full build's; a fast publish never changes the files of an earlier release
// (they share files through hard links). It does not check Astro's part of the cache, which it
// does not use; an astro build that follows does. The property test (./incremental.test.ts) proves that
// fast publishes equal full builds after random edits.
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, truncate } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareDist } from '../../dev/compare-dist.ts';
import { fastPaths } from '../../src/build/fast-publish.ts';
import { runBuild } from '../helpers/build.ts';
import { appendToBody, copyDataset, editDocument } from '../helpers/dataset-copy.ts';

let work: string;
let contentFile: string;
const cacheDir = () => path.join(work, 'cache');
const env = () => ({ KSP_CONTENT_FILE: contentFile, KSP_CONTENT_CACHE: 'off', KSP_BUILD_NOW: '2026-12-02T10:00:00+01:00' });
const fast = (out: string) => runBuild(out, { ...env(), KSP_BUILD_CACHE: cacheDir(), KSP_FAST_PUBLISH: 'on' });
const full = (out: string) => runBuild(out, { ...env(), KSP_BUILD_CACHE: undefined, KSP_FAST_PUBLISH: undefined });

/** A digest of every file (name and bytes) below `dir`. */
async function treeDigest(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name)).sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(path.relative(dir, file)).update(await readFile(file));
  return hash.digest('hex');
}

/** Appends a word to the German body text of the service `id` in the dataset copy. */
const edit = (id: string, word: string) => editDocument(contentFile, id, appendToBody(word));

beforeAll(async () => {
  ({ work, contentFile } = await copyDataset('ksp-fast-publish-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('fast publishes', () => {
  it('leave earlier releases as they were, and fall back to astro build whenever the fast path cannot be trusted', async () => {
    const first = await fast(path.join(work, 'r1'));
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain('Compiled the renderer of fast publishes');
    const r1 = await treeDigest(path.join(work, 'r1'));

    // A fast publish: only what changed is rendered; the release before keeps its bytes. It neither
    // reads nor checks Astro's part of the cache (here cut short behind its back)...
    const astroCached = path.join(cacheDir(), 'dist', 'dienstleistungen', 'personalausweis-abholen', 'index.html');
    await truncate(astroCached, 10);
    await edit('service-reisepass-abholen', 'Eins');
    const second = await fast(path.join(work, 'r2'));
    expect(second.code, second.output).toBe(0);
    expect(second.output).toMatch(/Fast publish: \d+ pages rendered/);
    expect(second.output).not.toMatch(/Full build:|Incremental build:/);
    expect(await treeDigest(path.join(work, 'r1'))).toBe(r1);
    const ref2 = await full(path.join(work, 'ref2'));
    expect(ref2.code, ref2.output).toBe(0);
    expect((await compareDist(path.join(work, 'ref2'), path.join(work, 'r2'))).problems).toEqual([]);

    // A file missing from the snapshot: astro build instead, and the same site as a full build.
    const paths = fastPaths(cacheDir());
    await rm(path.join(paths.snapshot, 'dienstleistungen', 'personalausweis-abholen', 'index.html'));
    await edit('service-reisepass-abholen', 'Zwei');
    const third = await fast(path.join(work, 'r3'));
    expect(third.code, third.output).toBe(0);
    expect(third.output).toContain('Fast publish not possible (it stopped (exit 1): Error: dienstleistungen/personalausweis-abholen/index.html could not be linked');
    expect(third.output).not.toMatch(/Fast publish: \d+ pages rendered/);
    // ...but the astro build that follows checks it first and does not trust it.
    expect(third.output).toContain('Full build: the cache failed its integrity check');
    const ref3 = await full(path.join(work, 'ref3'));
    expect(ref3.code, ref3.output).toBe(0);
    expect((await compareDist(path.join(work, 'ref3'), path.join(work, 'r3'))).problems).toEqual([]);

    // A snapshot file cut short: the same.
    await truncate(path.join(paths.snapshot, 'dienstleistungen', 'personalausweis-abholen', 'index.html'), 10);
    await edit('service-reisepass-abholen', 'Drei');
    const fourth = await fast(path.join(work, 'r4'));
    expect(fourth.code, fourth.output).toBe(0);
    expect(fourth.output).toContain('in the snapshot of the last build has changed size');
    const ref4 = await full(path.join(work, 'ref4'));
    expect(ref4.code, ref4.output).toBe(0);
    expect((await compareDist(path.join(work, 'ref4'), path.join(work, 'r4'))).problems).toEqual([]);

    // No renderer for this code: astro build, which compiles it again for the next publish.
    await rm(paths.rendererStamp);
    await edit('service-reisepass-abholen', 'Vier');
    const fifth = await fast(path.join(work, 'r5'));
    expect(fifth.code, fifth.output).toBe(0);
    expect(fifth.output).toContain('Fast publish not possible (no renderer compiled for this code yet)');
    expect(fifth.output).toContain('Compiled the renderer of fast publishes');
    const ref5 = await full(path.join(work, 'ref5'));
    expect(ref5.code, ref5.output).toBe(0);
    expect((await compareDist(path.join(work, 'ref5'), path.join(work, 'r5'))).problems).toEqual([]);

    // And the next publish is fast again.
    await edit('service-reisepass-abholen', 'Fünf');
    const sixth = await fast(path.join(work, 'r6'));
    expect(sixth.code, sixth.output).toBe(0);
    expect(sixth.output).toMatch(/Fast publish: \d+ pages rendered/);
    const ref6 = await full(path.join(work, 'ref6'));
    expect(ref6.code, ref6.output).toBe(0);
    expect((await compareDist(path.join(work, 'ref6'), path.join(work, 'r6'))).problems).toEqual([]);

    // After fast publishes, Astro's cache is still the one of the last astro build, true to its own
    // keys: an astro build that follows uses it and writes the same site as a full build.
    await rm(paths.rendererStamp);
    await edit('service-reisepass-abholen', 'Sechs');
    const seventh = await fast(path.join(work, 'r7'));
    expect(seventh.code, seventh.output).toBe(0);
    expect(seventh.output).toContain('Fast publish not possible (no renderer compiled for this code yet)');
    expect(seventh.output).toContain('Incremental build: unchanged pages come from');
    const ref7 = await full(path.join(work, 'ref7'));
    expect(ref7.code, ref7.output).toBe(0);
    expect((await compareDist(path.join(work, 'ref7'), path.join(work, 'r7'))).problems).toEqual([]);
  }, 900_000);
});
