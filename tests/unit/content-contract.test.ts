// A document that breaks the contract stops the build with its _id, the field and the fix;
// a bad environment variable names itself.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentContractError, createContentApi } from '../../src/lib/content/index.ts';
import { readSourceConfig } from '../../core/sanity/env.ts';
import { embeddedSource } from '../../src/lib/sanity/source.ts';

const fixture = path.resolve(import.meta.dirname, '..', 'fixtures', 'mini-dataset.ndjson');

/** The mini fixture dataset with some documents changed. */
async function apiWith(change: (docs: Record<string, any>[]) => void) {
  const docs = (await readFile(fixture, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
  change(docs);
  const dir = await mkdtemp(path.join(tmpdir(), 'ksp-contract-'));
  const file = path.join(dir, 'dataset.ndjson');
  await writeFile(file, docs.map((d) => JSON.stringify(d)).join('\n'));
  return createContentApi(embeddedSource(file));
}

const byId = (docs: Record<string, any>[], id: string) => docs.find((d) => d._id === id)!;

describe('content contract errors', () => {
  it('accepts the valid fixture', async () => {
    const api = await apiWith(() => {});
    expect((await api.getServices()).map((s) => s.slug).sort()).toEqual(['nur-deutsch', 'pass-abholen', 'stromvertrag']);
  });

  it('names the document, the field and the fix for a missing slug', async () => {
    const api = await apiWith((docs) => delete byId(docs, 'service-strom').slug);
    const error = await api.getServices().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentContractError);
    expect((error as ContentContractError).problems).toEqual([
      expect.objectContaining({ id: 'service-strom', field: 'slug', problem: 'is missing' }),
    ]);
    expect((error as Error).message).toMatch(/Document "service-strom" \(service\), field "slug": is missing\. Fix: open the entry in the Studio and generate its URL slug/);
  });

  it('reports a slug that is not URL-safe with the field and how to fix it', async () => {
    const api = await apiWith((docs) => (byId(docs, 'service-strom').slug.current = 'Strom Vertrag'));
    await expect(api.getServices()).rejects.toThrow(/Document "service-strom" \(service\), field "slug": .*lowercase letters.*Fix: open the entry in the Studio and generate its URL slug/);
  });

  it('reports a dangling provider reference', async () => {
    const api = await apiWith((docs) => (byId(docs, 'service-strom').provider._ref = 'partner.gibt-es-nicht'));
    await expect(api.getServices()).rejects.toThrow(/Document "service-strom" \(service\), field "provider": points to "partner\.gibt-es-nicht", which does not exist or is not published\. Fix: publish that partner or choose another provider/);
  });

  it('reports malformed opening hours with the day index and the expected format', async () => {
    const api = await apiWith((docs) => (byId(docs, 'openingHours-ksp').week[0].intervals[0].closes = '7 pm'));
    await expect(api.getOpeningHours()).rejects.toThrow(/Document "openingHours-ksp" \(openingHours\), field "week\.0\.intervals\.0\.closes": .*09:30.*Fix: write times as HH:mm/);
  });

  it('reports opening hours that close before they open', async () => {
    const api = await apiWith((docs) => (byId(docs, 'openingHours-ksp').week[1].intervals = [{ _key: 'a', opens: '14:00', closes: '12:00' }]));
    await expect(api.getOpeningHours()).rejects.toThrow(/Document "openingHours-ksp" \(openingHours\), field "week": Regular week, .*closes at or before it opens.*Fix: correct the times in the Studio/);
  });

  it('reports a missing German title and collects every problem in one message', async () => {
    const api = await apiWith((docs) => {
      delete byId(docs, 'service-strom').title.de;
      byId(docs, 'service-pass').category = 'unknown';
    });
    const message = String(await api.getServices().catch((e: Error) => e.message));
    expect(message).toMatch(/2 places/);
    expect(message).toMatch(/"service-strom" \(service\), field "title\.de": is missing\. Fix: give the entry a German title/);
    expect(message).toMatch(/"service-pass" \(service\), field "category": has a value that is not allowed/);
  });

  it('rejects duplicate slugs within a type', async () => {
    const api = await apiWith((docs) => (byId(docs, 'service-strom').slug.current = 'pass-abholen'));
    await expect(api.getServices()).rejects.toThrow(/"service-strom" \(service\), field "slug": "pass-abholen" is already the slug of "service-pass"/);
  });
});

describe('source configuration from the environment', () => {
  it('uses the embedded dataset when SANITY_PROJECT_ID is unset', () => {
    expect(readSourceConfig({}, '/x.ndjson')).toEqual({ kind: 'embedded', file: '/x.ndjson' });
    expect(readSourceConfig({ KSP_CONTENT_FILE: '/y.ndjson' }, '/x.ndjson')).toEqual({ kind: 'embedded', file: '/y.ndjson' });
  });

  it('uses Sanity with defaults when SANITY_PROJECT_ID is set', () => {
    expect(readSourceConfig({ SANITY_PROJECT_ID: 'abc123', SANITY_READ_TOKEN: 'sk-secret' }, '/x')).toEqual({
      kind: 'sanity',
      sanity: { projectId: 'abc123', dataset: 'production', apiVersion: '2025-02-19', token: 'sk-secret', apiHost: undefined },
    });
  });

  it('names the variable and the fix for bad values', () => {
    expect(() => readSourceConfig({ SANITY_PROJECT_ID: 'My Project' }, '/x')).toThrow(/SANITY_PROJECT_ID "My Project" is not a Sanity project id.*sanity\.io\/manage/);
    expect(() => readSourceConfig({ SANITY_PROJECT_ID: 'abc', SANITY_DATASET: 'Prod!' }, '/x')).toThrow(/SANITY_DATASET "Prod!"/);
    expect(() => readSourceConfig({ SANITY_PROJECT_ID: 'abc', SANITY_API_VERSION: 'latest' }, '/x')).toThrow(/SANITY_API_VERSION "latest" must be a date/);
    expect(() => readSourceConfig({ SANITY_PROJECT_ID: 'abc', SANITY_API_HOST: 'api.example' }, '/x')).toThrow(/SANITY_API_HOST "api\.example" must be an absolute URL/);
  });
});
