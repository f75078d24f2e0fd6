// Lists and feeds in a fast publish (src/build/fast-publish.ts): a page without getStaticPaths that
// exports `pageKey` (src/lib/page-keys.ts staticPageKey) is rendered again only when what it shows
// changed, else it stays a hard link to the last build's file. The event lists and calendars and
// the press feeds are the slowest pages of a large site; a key that left something out would leave
// them stale, so each step is compared with a full build: an unrelated edit, the clock moving an
// event from "upcoming" to "running" (same day: the page frame keeps its date), and an event edit.
// The keys come from the build that rendered the pages: the astro build notes them too
// (src/lib/render-records.ts notePageKey), so even the first fast publish after it takes them over.
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compareDist } from '../../dev/compare-dist.ts';
import { runBuild } from '../helpers/build.ts';
import { appendToBody, copyDataset, editDocument, type Doc } from '../helpers/dataset-copy.ts';

// The event "Sprechstunde digitale Verwaltung" runs on 3 December 2026 from 14:00 to 17:00.
const MORNING = '2026-12-03T10:00:00+01:00';
const AFTERNOON = '2026-12-03T15:00:00+01:00';
const LISTS = ['veranstaltungen/index.html', 'en/events/index.html'];
const CALENDARS = ['veranstaltungen/kalender.ics', 'en/events/calendar.ics'];
const FEEDS = ['presse/rss.xml', 'en/press/rss.xml'];

let work: string;
let contentFile: string;
const env = (now: string) => ({ KSP_CONTENT_FILE: contentFile, KSP_CONTENT_CACHE: 'off', KSP_BUILD_NOW: now });
const fast = (out: string, now: string) => runBuild(path.join(work, out), { ...env(now), KSP_BUILD_CACHE: path.join(work, 'cache'), KSP_FAST_PUBLISH: 'on' });
const full = (out: string, now: string) => runBuild(path.join(work, out), { ...env(now), KSP_BUILD_CACHE: undefined, KSP_FAST_PUBLISH: undefined });
const inode = async (release: string, file: string) => (await stat(path.join(work, release, file))).ino;

const edit = (id: string, change: (doc: Doc) => void) => editDocument(contentFile, id, change);

/** The release equals a full build of the same content at the same time. */
async function equalsFullBuild(release: string, now: string): Promise<void> {
  const ref = await full(`${release}-full`, now);
  expect(ref.code, ref.output).toBe(0);
  expect((await compareDist(path.join(work, `${release}-full`), path.join(work, release))).problems).toEqual([]);
  await rm(path.join(work, `${release}-full`), { recursive: true, force: true });
}

beforeAll(async () => {
  ({ work, contentFile } = await copyDataset('ksp-fast-keys-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

it('renders an event list, calendar or press feed again exactly when what it shows changed', async () => {
  // An astro build: the lists and feeds note their keys while they render.
  await edit('service-reisepass-abholen', appendToBody('Eins'));
  const first = await fast('r1', MORNING);
  expect(first.code, first.output).toBe(0);
  expect(first.output).not.toMatch(/Fast publish: \d+ pages rendered/);
  // So the first fast publish after it already takes them over.
  await edit('service-reisepass-abholen', appendToBody('Zwei'));
  const second = await fast('r2', MORNING);
  expect(second.code, second.output).toBe(0);
  expect(second.output).toMatch(/Fast publish: \d+ pages rendered/);
  for (const file of [...LISTS, ...CALENDARS, ...FEEDS]) expect(await inode('r2', file), file).toBe(await inode('r1', file));

  // A service changed: the lists, calendars and feeds stay the files they were.
  await edit('service-reisepass-abholen', appendToBody('Drei'));
  const third = await fast('r3', MORNING);
  expect(third.code, third.output).toBe(0);
  expect(third.output).toMatch(/Fast publish: \d+ pages rendered/);
  for (const file of [...LISTS, ...CALENDARS, ...FEEDS]) expect(await inode('r3', file), file).toBe(await inode('r2', file));
  expect(await inode('r3', 'dienstleistungen/reisepass-abholen/index.html')).not.toBe(await inode('r2', 'dienstleistungen/reisepass-abholen/index.html'));
  await equalsFullBuild('r3', MORNING);

  // The afternoon: the event is running, which the lists show; the calendars and feeds are the same.
  const fourth = await fast('r4', AFTERNOON);
  expect(fourth.code, fourth.output).toBe(0);
  expect(fourth.output).toMatch(/Fast publish: \d+ pages rendered/);
  for (const file of LISTS) expect(await inode('r4', file), file).not.toBe(await inode('r3', file));
  for (const file of [...CALENDARS, ...FEEDS]) expect(await inode('r4', file), file).toBe(await inode('r3', file));
  await equalsFullBuild('r4', AFTERNOON);

  // An event's summary changed: the lists and calendars show it.
  await edit('event-energiespar-beratung-2027-01', (doc) => {
    const summary = doc.summary as { de: string };
    summary.de = `${summary.de} Mit Anmeldung.`;
  });
  const fifth = await fast('r5', AFTERNOON);
  expect(fifth.code, fifth.output).toBe(0);
  expect(fifth.output).toMatch(/Fast publish: \d+ pages rendered/);
  for (const file of [...LISTS, ...CALENDARS]) expect(await inode('r5', file), file).not.toBe(await inode('r4', file));
  await equalsFullBuild('r5', AFTERNOON);
}, 900_000);
