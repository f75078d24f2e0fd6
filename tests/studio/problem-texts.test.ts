// German texts for editors of the content contract's problems (core/content/problem.ts),
// with field and type names from the Studio's own schema (studio/publishing/labels.ts): real
// problems from the real loaders over broken documents, then every kind of problem and failure.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEvents } from '../../src/content-types/event/content.ts';
import { loadServices } from '../../src/content-types/service/content.ts';
import { ContentContractError } from '../../core/content/errors.ts';
import { germanFailure, germanProblem, type FailureKind, type Labels, type Problem, type ProblemCode } from '../../core/content/problem.ts';
import { embeddedSource } from '../../src/lib/sanity/source.ts';
import { schemaLabels } from '../../studio/publishing/labels.ts';
import { loadStudioSchema, ROOT } from './studio-validation.ts';

/** Words of the English build log that must not reach an editor. */
const ENGLISH = /\b(points to|does not exist|is missing|Fix:|correct the|publish the|wrong type|expected a|the field)\b/i;

let labels: Labels;
let problems: Problem[] = [];
const work = mkdtempSync(path.join(tmpdir(), 'ksp-problems-'));

async function problemsOf(load: () => Promise<unknown>): Promise<Problem[]> {
  try {
    await load();
  } catch (error) {
    if (error instanceof ContentContractError) return error.problems;
    throw error;
  }
  throw new Error('the loader accepted broken content');
}

beforeAll(async () => {
  labels = schemaLabels((await loadStudioSchema()) as never, new Map([['partner.neu', 'Neuer Partner']]));
  // The embedded dataset with a service whose provider is an unpublished partner, another with a
  // malformed slug, and an event that ends before it starts.
  const docs = readFileSync(path.join(ROOT, 'content', 'dataset.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const service = docs.find((doc) => doc._id === 'service-reisepass-abholen')!;
  service.provider = { _type: 'reference', _ref: 'partner.neu' };
  const other = docs.find((doc) => doc._type === 'service' && doc !== service)!;
  other.slug = { _type: 'slug', current: 'Reisepass Abholen' };
  const event = docs.find((doc) => doc._type === 'event')!;
  event.end = '2020-01-01T08:00:00Z';
  event.start = '2020-01-02T08:00:00Z';
  const file = path.join(work, 'dataset.ndjson');
  symlinkSync(path.join(ROOT, 'content', 'images'), path.join(work, 'images'));
  writeFileSync(file, docs.map((doc) => JSON.stringify(doc)).join('\n'));
  const source = embeddedSource(file);
  problems = [...(await problemsOf(() => loadServices(source))), ...(await problemsOf(() => loadEvents(source)))];
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('German texts of real contract problems', () => {
  it('names the document, the field "Anbieter" and the unpublished partner, and says how to fix it', () => {
    const provider = problems.find((p) => p.id === 'service-reisepass-abholen' && p.field === 'provider');
    expect(provider?.code).toEqual({ kind: 'reference', ref: 'partner.neu' });
    const text = germanProblem(provider!, labels);
    expect(text.document).toBe('Dienstleistung „service-reisepass-abholen“');
    expect(text.field).toBe('Anbieter');
    expect(text.problem).toBe('Das Feld „Anbieter“ verweist auf „Neuer Partner“ (partner.neu), das nicht veröffentlicht ist oder nicht mehr existiert.');
    expect(text.fix).toMatch(/^Veröffentlichen Sie zuerst das verknüpfte Dokument, oder entfernen Sie den Verweis aus „Anbieter“/);
  });

  it('explains a malformed slug and an end before the start', () => {
    const slug = germanProblem(problems.find((p) => p.field === 'slug')!, labels);
    expect(slug.field).toBe('URL-Kennung');
    expect(slug.problem).toContain('keine gültige Web-Adresse');
    const end = germanProblem(problems.find((p) => p.code.kind === 'end-before-start')!, labels);
    expect(end.document).toMatch(/^Veranstaltung „/);
    expect(end.field).toBe('Ende');
    expect(end.problem).toBe('Das Ende liegt vor dem Beginn.');
  });

  it('has no English in any text', () => {
    expect(problems.length).toBeGreaterThanOrEqual(3);
    for (const problem of problems) {
      const text = germanProblem(problem, labels);
      for (const part of Object.values(text)) expect(part, JSON.stringify(problem)).not.toMatch(ENGLISH);
    }
  });
});

describe('every kind of problem and failure', () => {
  const codes: ProblemCode[] = [
    { kind: 'missing' },
    { kind: 'invalid' },
    { kind: 'format' },
    { kind: 'format', format: 'slug' },
    { kind: 'format', format: 'date' },
    { kind: 'format', format: 'time' },
    { kind: 'format', format: 'link' },
    { kind: 'reference', ref: 'partner.x' },
    { kind: 'duplicate-slug', slug: 'reisepass', owner: 'service.other' },
    { kind: 'end-before-start' },
    { kind: 'hours' },
    { kind: 'not-published' },
    { kind: 'broken-link', href: '/gibt-es-nicht/' },
  ];

  it.each(codes.map((code) => [JSON.stringify(code), code] as const))('%s has a German problem and fix', (_name, code) => {
    const text = germanProblem({ id: 'service.x', type: 'service', field: 'title.de', code }, labels);
    expect(text.document).toBe('Dienstleistung „service.x“');
    expect(text.field).toBe('Titel › Deutsch');
    expect(text.problem.length).toBeGreaterThan(15);
    expect(text.fix).toMatch(/^[A-ZÄÖÜ]/);
    expect(`${text.problem} ${text.fix}`).not.toMatch(ENGLISH);
  });

  it('names nested fields by their titles and counts list entries from 1', () => {
    const text = germanProblem({ id: 'openingHours-ksp', type: 'openingHours', field: 'week.2.intervals.0.close', code: { kind: 'format', format: 'time' } }, labels);
    expect(text.document).toBe('Öffnungszeiten „openingHours-ksp“');
    expect(text.field).toMatch(/^Reguläre Wochenzeiten › Nr\. 3 › Zeiträume/);
    expect(germanProblem({ id: 'siteSettings', type: 'siteSettings', field: '(whole entry)', code: { kind: 'not-published' } }, labels)).toMatchObject({
      field: 'das ganze Dokument',
      problem: '„Website-Einstellungen“ ist nicht veröffentlicht; jede Seite der Website braucht diese Angaben.',
    });
    // A name the query made up (not in the schema) falls back to the Studio's field.
    expect(germanProblem({ id: 's', type: 'service', field: 'providerRef', code: { kind: 'missing' } }, labels).field).toBe('Anbieter');
    expect(germanProblem({ id: 's', type: 'service', field: 'image.url', code: { kind: 'missing' } }, labels).field).toBe('image');
  });

  it.each(['content', 'timeout', 'stopped', 'incomplete', 'error'] as FailureKind[])('failure "%s" says the site keeps the last good version', (kind) => {
    const text = germanFailure(kind);
    expect(text).toContain('Die Website zeigt weiter den letzten erfolgreichen Stand.');
    expect(text).not.toMatch(ENGLISH);
  });
});
