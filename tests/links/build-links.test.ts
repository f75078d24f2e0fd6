// The link check of every build: a content page with a link to a page the site does not have stops
// the build, naming document and field (in English in the log, in German for the Studio through the
// problem report); a dead external link does not stop it and is listed, with its document and
// field, for the publish server's check (LINK_LIST_FILE, hidden inside the release).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { germanProblem, type Problem } from '../../core/content/problem.ts';
import { LINK_LIST_FILE, type LinkList } from '../../core/links.ts';
import { parseNdjson } from '../../src/lib/sanity/embedded.ts';
import { DEFAULT_DATASET_FILE } from '../../src/lib/sanity/source.ts';
import { schemaLabels } from '../../studio/publishing/labels.ts';
import { runBuild } from '../helpers/build.ts';
import { loadStudioSchema } from '../studio/studio-validation.ts';

/** Never asked: the build only lists external links. */
const DEAD_EXTERNAL = 'http://127.0.0.1:9/formular-gibt-es-nicht';
const DEAD_INTERNAL = '/gibt-es-nicht/';

let work: string;

function linkBlock(key: string, href: string) {
  return { _type: 'block', _key: `b-${key}`, style: 'normal', markDefs: [{ _key: key, _type: 'link', href }], children: [{ _type: 'span', _key: `s-${key}`, text: 'Zum Formular', marks: [key] }] };
}

/** The embedded dataset with links added to the German body of the first published content page. */
async function datasetWith(name: string, hrefs: string[]): Promise<{ file: string; pageId: string; blockIndex: number }> {
  const docs = parseNdjson(await readFile(DEFAULT_DATASET_FILE, 'utf8'), DEFAULT_DATASET_FILE);
  const page = docs.find((d) => d._type === 'page' && !d._id.startsWith('drafts.'))!;
  const body = page.body as { de: unknown[] };
  const blockIndex = body.de.length;
  body.de.push(...hrefs.map((href, i) => linkBlock(`k${i}`, href)));
  const file = path.join(work, `${name}.ndjson`);
  const assets = `file://${path.dirname(DEFAULT_DATASET_FILE)}/images/`;
  await writeFile(file, docs.map((d) => JSON.stringify(d).replaceAll('file://./images/', assets)).join('\n'));
  return { file, pageId: page._id, blockIndex };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'ksp-build-links-'));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the link check of a build', () => {
  it('fails on a dead internal link with document and field, in English in the log and in German for the Studio', async () => {
    const { file, pageId, blockIndex } = await datasetWith('dead-internal', [DEAD_EXTERNAL, DEAD_INTERNAL]);
    const report = path.join(work, 'dead-internal.problems.ndjson');
    const result = await runBuild(path.join(work, 'dead-internal'), { KSP_CONTENT_FILE: file, SANITY_PROJECT_ID: undefined, KSP_CONTENT_CACHE: 'off', KSP_BUILD_REPORT: report });
    expect(result.code, result.output).not.toBe(0);
    const field = `body.de.${blockIndex + 1}.markDefs.0.href`;
    expect(result.output).toContain(`Document "${pageId}" (page), field "${field}": links to "${DEAD_INTERNAL}", which is no page of this site`);
    // Only the internal link fails the build; the external one is not even asked.
    expect(result.output).not.toContain(DEAD_EXTERNAL);
    const problems = (await readFile(report, 'utf8')).trim().split('\n').flatMap((line) => (JSON.parse(line) as { problems: Problem[] }).problems);
    expect(problems).toEqual([expect.objectContaining({ id: pageId, type: 'page', field, code: { kind: 'broken-link', href: DEAD_INTERNAL } })]);
    const labels = schemaLabels((await loadStudioSchema()) as never, new Map([[pageId, 'Anfahrt']]));
    const german = germanProblem(problems[0]!, labels);
    expect(german).toEqual({
      document: 'Seite „Anfahrt“',
      field: `Inhalt › Deutsch › Nr. ${blockIndex + 2} › Link`,
      problem: `Das Feld „Inhalt › Deutsch › Nr. ${blockIndex + 2} › Link“ enthält einen Link auf „${DEAD_INTERNAL}“; diese Seite gibt es auf der Website nicht.`,
      fix: `Korrigieren Sie den Link in „Inhalt › Deutsch › Nr. ${blockIndex + 2} › Link“ (z. B. /oeffnungszeiten/) oder entfernen Sie ihn, dann veröffentlichen Sie erneut.`,
    });
  }, 300_000);

  it('builds with a dead external link and lists it with its document and field for the publish server', async () => {
    const { file, pageId, blockIndex } = await datasetWith('dead-external', [DEAD_EXTERNAL, '/oeffnungszeiten/']);
    const out = path.join(work, 'dead-external');
    const result = await runBuild(out, { KSP_CONTENT_FILE: file, SANITY_PROJECT_ID: undefined, KSP_CONTENT_CACHE: 'off' });
    expect(result.code, result.output).toBe(0);
    const list = JSON.parse(await readFile(path.join(out, LINK_LIST_FILE), 'utf8')) as LinkList;
    const dead = list.external.find((link) => link.url === DEAD_EXTERNAL);
    expect(dead?.sources).toEqual([{ id: pageId, type: 'page', field: `body.de.${blockIndex}.markDefs.0.href` }]);
    expect(dead?.pages.length).toBeGreaterThan(0);
    // The site's own external links are listed too, without a document when no document holds them.
    expect(list.external.length).toBeGreaterThan(1);
  }, 300_000);

  it('runs in a fast publish too (src/build/fast-publish.ts): the same failure and report, without an astro build', async () => {
    // One dataset file, first clean (a full build warms the cache), then with the dead links.
    const clean = await datasetWith('fast-clean', ['/oeffnungszeiten/']);
    const dead = await datasetWith('fast-dead', [DEAD_EXTERNAL, DEAD_INTERNAL]);
    const file = path.join(work, 'fast.ndjson');
    await writeFile(file, await readFile(clean.file, 'utf8'));
    const report = path.join(work, 'fast.problems.ndjson');
    const env = { KSP_CONTENT_FILE: file, SANITY_PROJECT_ID: undefined, KSP_CONTENT_CACHE: 'off', KSP_BUILD_REPORT: report, KSP_BUILD_CACHE: path.join(work, 'fast-cache'), KSP_FAST_PUBLISH: 'on' };
    const first = await runBuild(path.join(work, 'fast-1'), env);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain('Compiled the renderer of fast publishes');

    await writeFile(file, await readFile(dead.file, 'utf8'));
    const second = await runBuild(path.join(work, 'fast-2'), env);
    expect(second.code, second.output).not.toBe(0);
    expect(second.output).toMatch(/Fast publish: \d+ pages rendered/);
    expect(second.output).not.toContain('astro build follows');
    const field = `body.de.${dead.blockIndex + 1}.markDefs.0.href`;
    expect(second.output).toContain(`Document "${dead.pageId}" (page), field "${field}": links to "${DEAD_INTERNAL}", which is no page of this site`);
    const problems = (await readFile(report, 'utf8')).trim().split('\n').flatMap((line) => (JSON.parse(line) as { problems: Problem[] }).problems);
    expect(problems).toEqual([expect.objectContaining({ id: dead.pageId, type: 'page', field, code: { kind: 'broken-link', href: DEAD_INTERNAL } })]);
  }, 300_000);
});
