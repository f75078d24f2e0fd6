// Property: an incremental build (KSP_BUILD_CACHE, src/build/incremental.ts) and a fast publish
// (KSP_FAST_PUBLISH, src/build/fast-publish.ts: no astro build, only changed pages rendered) each
// write exactly the site a full build writes for the same content. Random edits go through the local Content Lake
// as an editor's publishes would (titles, bodies, a partner renamed, a reference moved, a document
// unpublished, one deleted, a press item added, the opening hours, the alert); after each, the
// incremental build and the fast publish, each carrying its own cache from edit to edit, are
// compared with a full build
// (dev/compare-dist.ts: every file, byte for byte, the build manifest's own id and times aside).
//
// Slow on purpose (three builds per edit). The RNG is seeded: KSP_PROPERTY_SEED reproduces a
// failure; KSP_PROPERTY_EDITS / KSP_PROPERTY_EDITS_1000 change the number of edits (defaults 30
// on the embedded dataset and 6 on the 1,000-document one, whose builds take about a minute).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SanityClient } from '@sanity/client';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../bench/lib/dataset.ts';
import { mulberry32 } from '../../bench/lib/random.ts';
import { compareDist } from '../../dev/compare-dist.ts';
import { lakeClient } from '../../dev/lake/index.ts';
import { loadEmbeddedDataset } from '../../src/lib/sanity/embedded.ts';
import { DEFAULT_DATASET_FILE } from '../../src/lib/sanity/source.ts';
import { root, runBuild } from '../helpers/build.ts';
import { startRecordingLake, type RecordingLake } from '../helpers/lake.ts';

const SEED = Number(process.env.KSP_PROPERTY_SEED ?? 26);
const EDITS = { embedded: Number(process.env.KSP_PROPERTY_EDITS ?? 30), large: Number(process.env.KSP_PROPERTY_EDITS_1000 ?? 6) };

type Doc = Record<string, unknown> & { _id: string; _type: string };
type Random = () => number;

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function published(client: SanityClient, type: string): Promise<Doc[]> {
  return client.fetch<Doc[]>('*[_type == $type && !(_id in path("drafts.**"))] | order(_id asc)', { type }, { perspective: 'raw' });
}

const pick = <T,>(random: Random, list: readonly T[]): T => {
  if (list.length === 0) throw new Error('nothing to pick from');
  return list[Math.floor(random() * list.length)]!;
};

/** Appends `word` to the first text span of a portable-text field's German blocks. */
function editBody(doc: Doc, field: string, word: string): void {
  const blocks = (doc[field] as { de?: { children?: { text?: string }[] }[] } | undefined)?.de;
  const span = blocks?.find((block) => block.children?.[0]?.text !== undefined)?.children?.[0];
  if (!span) throw new Error(`${doc._id} has no text in ${field}.de`);
  span.text = `${span.text} ${word}`;
}

interface Edit {
  name: string;
  apply: (client: SanityClient, random: Random, n: number) => Promise<string>;
}

/** The kinds of edit; each is made at least once, the rest are drawn at random. */
const EDIT_KINDS: Edit[] = [
  {
    name: 'title',
    apply: async (client, random, n) => {
      const doc = pick(random, [...(await published(client, 'service')), ...(await published(client, 'pressItem')), ...(await published(client, 'event'))]);
      const title = doc.title as { de: string };
      title.de = `${title.de} Änderung${n}`;
      await client.createOrReplace(doc);
      return `title of ${doc._id}`;
    },
  },
  {
    name: 'body',
    apply: async (client, random, n) => {
      const doc = pick(random, [...(await published(client, 'service')), ...(await published(client, 'pressItem'))]);
      editBody(doc, 'body', `Nachtrag${n}`);
      await client.createOrReplace(doc);
      return `body of ${doc._id}`;
    },
  },
  {
    name: 'partner renamed',
    apply: async (client, random, n) => {
      const doc = pick(random, await published(client, 'partner'));
      doc.name = `${doc.name as string} Neu${n}`;
      await client.createOrReplace(doc);
      return `name of ${doc._id}`;
    },
  },
  {
    name: 'reference moved',
    apply: async (client, random) => {
      const [services, partners] = await Promise.all([published(client, 'service'), published(client, 'partner')]);
      const doc = pick(random, services);
      const current = (doc.provider as { _ref: string })._ref;
      const other = pick(random, partners.filter((partner) => partner._id !== current));
      doc.provider = { _type: 'reference', _ref: other._id };
      await client.createOrReplace(doc);
      return `provider of ${doc._id} → ${other._id}`;
    },
  },
  {
    name: 'unpublished',
    apply: async (client, random) => {
      // Press items and events: nothing references them, so no other document breaks.
      const doc = pick(random, [...(await published(client, 'pressItem')), ...(await published(client, 'event'))]);
      await client.transaction().createOrReplace({ ...doc, _id: `drafts.${doc._id}` }).delete(doc._id).commit();
      return `unpublished ${doc._id}`;
    },
  },
  {
    name: 'deleted',
    apply: async (client, random) => {
      const doc = pick(random, [...(await published(client, 'pressItem')), ...(await published(client, 'event'))]);
      await client.transaction().delete(doc._id).delete(`drafts.${doc._id}`).commit();
      return `deleted ${doc._id}`;
    },
  },
  {
    name: 'press item added',
    apply: async (client, random, n) => {
      const template = pick(random, await published(client, 'pressItem'));
      const slug = `neue-meldung-${n}`;
      const fields = Object.fromEntries(Object.entries(template).filter(([key]) => !['_rev', '_createdAt', '_updatedAt'].includes(key))) as Doc;
      await client.create({ ...fields, _id: `pressItem-${slug}`, slug: { _type: 'slug', current: slug }, title: { _type: 'localeString', de: `Neue Meldung ${n}` }, publishedAt: '2026-12-01' });
      return `added pressItem-${slug}`;
    },
  },
  {
    name: 'opening hours',
    apply: async (client, _random, n) => {
      const [doc] = await published(client, 'openingHours');
      const note = doc!.note as { de: string };
      note.de = `${note.de} (Stand ${n})`;
      await client.createOrReplace(doc!);
      return `note of ${doc!._id}`;
    },
  },
  {
    name: 'alert',
    apply: async (client, _random, n) => {
      const [doc] = await published(client, 'siteSettings');
      const alert = doc!.alert as { message: { de: string } };
      alert.message.de = `Hinweis ${n}`;
      await client.createOrReplace(doc!);
      return `alert of ${doc!._id}`;
    },
  },
];

async function runProperty(label: string, documents: Doc[], edits: number, seed: number): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'ksp-incremental-'));
  cleanups.push(() => rm(work, { recursive: true, force: true }));
  const lake: RecordingLake = await startRecordingLake({ documents });
  cleanups.push(() => lake.close());
  const client = lakeClient(lake, lake.apiHost);
  const random = mulberry32(seed);
  const env = {
    SANITY_PROJECT_ID: lake.projectId,
    SANITY_DATASET: lake.dataset,
    SANITY_API_HOST: lake.apiHost,
    SANITY_READ_TOKEN: lake.token,
    // One "now" for both builds of an edit: what depends on the clock is compared, not raced.
    KSP_BUILD_NOW: '2026-12-02T10:00:00+01:00',
  };
  const incremental = (out: string) => runBuild(out, { ...env, KSP_BUILD_CACHE: path.join(work, 'cache'), KSP_CONTENT_CACHE: path.join(work, 'mirror'), KSP_FAST_PUBLISH: 'off' });
  const fast = (out: string) => runBuild(out, { ...env, KSP_BUILD_CACHE: path.join(work, 'fast-cache'), KSP_CONTENT_CACHE: path.join(work, 'fast-mirror'), KSP_FAST_PUBLISH: 'on' });
  const full = (out: string) => runBuild(out, { ...env, KSP_BUILD_CACHE: undefined, KSP_CONTENT_CACHE: 'off', KSP_FAST_PUBLISH: undefined });

  const first = await incremental(path.join(work, 'first'));
  expect(first.code, first.output).toBe(0);
  // The fast path's first build is an astro build: it leaves the snapshot, keys and renderer.
  const firstFast = await fast(path.join(work, 'first-fast'));
  expect(firstFast.code, firstFast.output).toBe(0);
  expect(firstFast.output, `${label}: the renderer of fast publishes was not compiled`).toContain('Compiled the renderer of fast publishes');
  const order = [...EDIT_KINDS.map((_, i) => i).sort(() => random() - 0.5)];
  for (let n = 1; n <= edits; n += 1) {
    const kind = EDIT_KINDS[order[n - 1] ?? Math.floor(random() * EDIT_KINDS.length)]!;
    const what = await kind.apply(client, random, n);
    const inc = path.join(work, `inc-${n}`);
    const quick = path.join(work, `fast-${n}`);
    const ref = path.join(work, `full-${n}`);
    const a = await incremental(inc);
    expect(a.code, `${label} edit ${n} (${what}), incremental build:\n${a.output}`).toBe(0);
    expect(a.output, `${label} edit ${n}: the cache was not used`).toContain('Incremental build: unchanged pages come from');
    expect(a.output, `${label} edit ${n}: KSP_FAST_PUBLISH=off still took the fast path`).not.toContain('Fast publish:');
    const f = await fast(quick);
    expect(f.code, `${label} edit ${n} (${what}), fast publish:\n${f.output}`).toBe(0);
    expect(f.output, `${label} edit ${n} (${what}): the fast path did not run`).toContain('Fast publish: ');
    const b = await full(ref);
    expect(b.code, `${label} edit ${n} (${what}), full build:\n${b.output}`).toBe(0);
    const { problems } = await compareDist(ref, inc);
    expect(problems, `${label} edit ${n} (${what}), seed ${seed}`).toEqual([]);
    const fastComparison = await compareDist(ref, quick);
    expect(fastComparison.problems, `${label} edit ${n} (${what}), fast publish, seed ${seed}`).toEqual([]);
    await rm(ref, { recursive: true, force: true });
    if (n > 1) await rm(path.join(work, `inc-${n - 1}`), { recursive: true, force: true });
    // The previous fast site shares files with the snapshot: removing it must not harm the next.
    if (n > 1) await rm(path.join(work, `fast-${n - 1}`), { recursive: true, force: true });
  }
}

describe('incremental builds equal full builds', () => {
  it(`embedded dataset, ${EDITS.embedded} random edits (seed ${SEED})`, async () => {
    const documents = (await loadEmbeddedDataset(DEFAULT_DATASET_FILE, { includeDrafts: true })) as Doc[];
    await runProperty('embedded', documents, EDITS.embedded, SEED);
  }, 7_200_000);

  it(`1,000 documents, ${EDITS.large} random edits (seed ${SEED})`, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ksp-incremental-data-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const { file } = await generateDataset(1000, dir, root, { photos: 'none' });
    const documents = (await loadEmbeddedDataset(file, { includeDrafts: true })) as Doc[];
    await runProperty('1,000 documents', documents, EDITS.large, SEED + 1000);
  }, 7_200_000);
});
