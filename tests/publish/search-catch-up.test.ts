// Pages first, search right after (server/search-catch-up.ts): the pages of a publish go live
// with the previous release's index; the caught-up index goes live as a release of its own, a
// hard-linked copy of the pages, with the same atomic switch. Releases are never changed after
// they are live, a stale index never replaces newer pages, and a failed index keeps the old one.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReleases, RELEASE_RECORD_VERSION, type ReleaseRecord, type Releases } from '../../server/releases.ts';
import { createSearchCatchUp, DEFER_SEARCH_MIN_PAGES } from '../../server/search-catch-up.ts';
import { nodeBinary, repoRoot, waitFor } from './helpers.ts';

let dir: string;
let releases: Releases;
let live: string | undefined;
let events: Record<string, unknown>[];

const write = (file: string, text: string) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};

/** Builds a release as a build would: pages (and, for the first, an index) into staging, then promote. */
async function release(version: string, withIndex: boolean): Promise<ReleaseRecord> {
  const id = releases.newId();
  const staging = releases.stagingPath(id);
  write(path.join(staging, 'index.html'), `<h1>Version ${version}</h1>`);
  write(path.join(staging, 'presse', 'neu', 'index.html'), `<p>${version}</p>`);
  if (withIndex) write(path.join(staging, 'pagefind', 'pagefind.js'), `// index ${version}\n`);
  write(`${staging}.pages.json`, JSON.stringify(['presse/neu/index.html', 'index.html']));
  return { version: RELEASE_RECORD_VERSION, id, trigger: null, startedAt: new Date().toISOString(), endedAt: new Date().toISOString() };
}

function catchUp(env: Record<string, string> = {}) {
  return createSearchCatchUp({
    releases,
    indexCommand: [nodeBinary, path.join(repoRoot, 'tests', 'publish', 'fixtures', 'stub-index.ts'), '--site', '{out}'],
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    timeoutMs: 30_000,
    secrets: [],
    log: (event) => events.push(event),
    liveId: () => live,
    onLive: (record) => (live = record.id),
  });
}

const current = async () => path.basename(await readlink(path.join(dir, 'current')));
const inode = (file: string) => statSync(file).ino;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ksp-search-catch-up-'));
  releases = createReleases(dir);
  await releases.init();
  live = undefined;
  events = [];
  const first = await release('1', true);
  await releases.promote(first);
  live = first.id;
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('search catch-up', () => {
  it('is used only when the live release has a large index: a small one is written within the build', async () => {
    const entry = (count: number) => write(path.join(dir, live!, 'pagefind', 'pagefind-entry.json'), JSON.stringify({ version: '1.6.0', languages: { de: { page_count: count - 10 }, en: { page_count: 10 } } }));
    const search = catchUp();
    expect(await search.canDefer()).toBe(false);
    entry(DEFER_SEARCH_MIN_PAGES - 1);
    expect(await search.canDefer()).toBe(false);
    entry(DEFER_SEARCH_MIN_PAGES);
    expect(await search.canDefer()).toBe(true);
    live = undefined;
    expect(await search.canDefer()).toBe(false);
  });

  it('puts the pages live with the previous index, then the new index as a release of its own', async () => {
    const search = catchUp();
    const first = live!;
    const pages = await release('2', false);
    const staging = releases.stagingPath(pages.id);
    await search.lendIndex(staging);
    expect(await releases.missingFile(staging)).toBeUndefined();
    await releases.promote(pages);
    live = pages.id;
    // The lent index is the first release's file, not a copy.
    expect(inode(path.join(dir, pages.id, 'pagefind', 'pagefind.js'))).toBe(inode(path.join(dir, first, 'pagefind', 'pagefind.js')));

    search.start(pages, staging);
    expect(search.status()).toMatchObject({ state: 'catching-up', release: pages.id });
    await waitFor('search to catch up', () => search.status().state === 'current', 20_000);
    const caughtUp = await current();
    expect(caughtUp).not.toBe(pages.id);
    expect(search.status()).toMatchObject({ state: 'current', release: caughtUp });
    expect(live).toBe(caughtUp);
    // The new index names the new pages, in the order the build wrote them down.
    expect(readFileSync(path.join(dir, caughtUp, 'pagefind', 'pagefind.js'), 'utf8')).toContain('index of index.html,presse/neu/index.html');
    expect(readFileSync(path.join(dir, caughtUp, 'pagefind', 'pagefind.js'), 'utf8')).toContain(`${staging}.pages.json`);
    // Its pages are the pages release's files; that release kept its own (lent) index unchanged.
    expect(inode(path.join(dir, caughtUp, 'index.html'))).toBe(inode(path.join(dir, pages.id, 'index.html')));
    expect(readFileSync(path.join(dir, pages.id, 'pagefind', 'pagefind.js'), 'utf8')).toBe('// index 1\n');
    expect(existsSync(`${staging}.pages.json`)).toBe(false);
    expect((await releases.list()).length).toBe(3);
  });

  it('drops a catch-up that a newer build stops, and never replaces newer pages with an older index', async () => {
    const hold = path.join(dir, 'hold');
    writeFileSync(hold, '');
    const search = catchUp({ STUB_HOLD_FILE: hold });
    const pages = await release('2', false);
    await search.lendIndex(releases.stagingPath(pages.id));
    await releases.promote(pages);
    live = pages.id;
    search.start(pages, releases.stagingPath(pages.id));
    // The catch-up's staging copy exists while the (held) index command runs.
    const stagingDirs = () => readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory() && entry.name.startsWith('.staging-'));
    await waitFor('the index to start', () => stagingDirs().length > 0, 5000);
    await search.stop();
    expect(stagingDirs()).toEqual([]);
    rmSync(hold);
    expect(await current()).toBe(pages.id);
    expect((await releases.list()).length).toBe(2);

    // A catch-up whose pages are no longer live when it finishes is not promoted either.
    const stale = catchUp();
    const newer = await release('3', false);
    await stale.lendIndex(releases.stagingPath(newer.id));
    await releases.promote(newer);
    stale.start(newer, releases.stagingPath(newer.id));
    live = 'a-newer-release';
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await current()).toBe(newer.id);
    expect((await releases.list()).length).toBe(3);
  });

  it('keeps the lent index live and says so when indexing fails', async () => {
    const search = catchUp({ STUB_INDEX_FAIL: '1' });
    const pages = await release('2', false);
    await search.lendIndex(releases.stagingPath(pages.id));
    await releases.promote(pages);
    live = pages.id;
    search.start(pages, releases.stagingPath(pages.id));
    await waitFor('the failure', () => search.status().state === 'failed', 20_000);
    expect(search.status()).toMatchObject({ state: 'failed', release: pages.id });
    expect(await current()).toBe(pages.id);
    expect(readFileSync(path.join(dir, pages.id, 'pagefind', 'pagefind.js'), 'utf8')).toBe('// index 1\n');
    expect(events.some((event) => event.event === 'search-failed')).toBe(true);
    expect((await releases.list()).length).toBe(2);
  });
});
