// The guard of the incremental build cache (src/build/incremental.ts): a cache is used only with
// the code and settings that wrote it and only when whole; otherwise it is emptied (a full build).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildInputs, CACHE_STAMP, openCache, sealCache } from '../../src/build/incremental.ts';
import { root } from '../helpers/build.ts';

let dir: string;

/** A cache as a build leaves it: Astro's manifest, the page records and cached pages. */
function fill(): void {
  mkdirSync(path.join(dir, 'dist', 'presse', 'neu'), { recursive: true });
  writeFileSync(path.join(dir, 'incremental-build.json'), '{"version":1,"routes":{}}');
  writeFileSync(path.join(dir, 'page-records.json'), '{}');
  writeFileSync(path.join(dir, 'dist', 'presse', 'neu', 'index.html'), '<h1>Neu</h1>');
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ksp-build-cache-'));
  fill();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the incremental build cache', () => {
  it('is kept for the same inputs, and the stamp is gone while a build runs', async () => {
    await sealCache(dir, 'inputs-1');
    expect(await openCache(dir, 'inputs-1')).toEqual({ warm: true });
    expect(readdirSync(dir)).not.toContain(CACHE_STAMP);
    expect(readdirSync(path.join(dir, 'dist'))).toEqual(['presse']);
    // A build that never sealed (failed, stopped) leaves a cache the next one does not trust.
    expect(await openCache(dir, 'inputs-1')).toEqual({ warm: false, reason: 'no complete earlier build in the cache' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is emptied when the code or the settings changed', async () => {
    await sealCache(dir, 'inputs-1');
    expect(await openCache(dir, 'inputs-2')).toEqual({ warm: false, reason: 'the code or the build settings changed' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    ['a cached page cut short', () => truncateSync(path.join(dir, 'dist', 'presse', 'neu', 'index.html'), 3)],
    ['a cached page missing', () => rmSync(path.join(dir, 'dist', 'presse', 'neu', 'index.html'))],
    ['a file that was not there', () => writeFileSync(path.join(dir, 'dist', 'stray.html'), 'x')],
    ["Astro's manifest changed at the same size", () => writeFileSync(path.join(dir, 'incremental-build.json'), '{"version":2,"routes":{}}')],
  ])('is emptied when it fails its integrity check: %s', async (_what, damage) => {
    await sealCache(dir, 'inputs-1');
    damage();
    expect(await openCache(dir, 'inputs-1')).toEqual({ warm: false, reason: 'the cache failed its integrity check' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps its search archive out of the check: the index writes it after the seal (src/build/search-archive-cache.ts)", async () => {
    await sealCache(dir, 'inputs-1');
    mkdirSync(path.join(dir, 'search', 'de-1', 'fragment'), { recursive: true });
    writeFileSync(path.join(dir, 'search', 'state.json'), '{}');
    writeFileSync(path.join(dir, 'search', 'de-1', 'fragment', 'de_1.pf_fragment'), 'x');
    expect(await openCache(dir, 'inputs-1')).toEqual({ warm: true });
    expect(readdirSync(path.join(dir, 'search')).sort()).toEqual(['de-1', 'state.json']);
  });

  it('belongs to the code and the settings that reach the pages', async () => {
    const env = { SITE_URL: 'http://localhost:4321' };
    const same = await buildInputs(root, env);
    expect(await buildInputs(root, { ...env })).toBe(same);
    expect(await buildInputs(root, { SITE_URL: 'https://ksp.example' })).not.toBe(same);
    expect(await buildInputs(root, { ...env, KSP_IMAGE_HOSTS: 'https://images.example' })).not.toBe(same);
  });
});
