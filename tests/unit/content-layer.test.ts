// The content layer against the embedded dataset, and the production @sanity/client path
// against the local Content Lake (dev/lake): same queries, same results.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContentApi, type ContentApi } from '../../src/lib/content/index.ts';
import { loadEmbeddedDataset } from '../../src/lib/sanity/embedded.ts';
import { createSource, DEFAULT_DATASET_FILE, embeddedSource } from '../../src/lib/sanity/source.ts';
import { startRecordingLake, type RecordingLake } from '../helpers/lake.ts';

const embedded = createContentApi(embeddedSource(DEFAULT_DATASET_FILE));

describe('queries on the embedded dataset', () => {
  it('returns at least 12 services from several providers, each with what a service page needs', async () => {
    const services = await embedded.getServices();
    expect(services.length).toBeGreaterThanOrEqual(12);
    expect(new Set(services.map((s) => s.provider._id)).size).toBeGreaterThanOrEqual(3);
    for (const service of services) {
      expect(service.title.de, service._id).toBeTruthy();
      expect(service.slug, service._id).toMatch(/^[a-z0-9-]+$/);
      expect(service.summary.de, service._id).toBeTruthy();
      expect(service.body.de.length, service._id).toBeGreaterThan(0);
      expect(service.provider.name, service._id).toBeTruthy();
    }
    expect(services.filter((s) => s.featured).length).toBeGreaterThanOrEqual(3);
    // Joins: related services resolve to full cards with their own provider.
    const withRelated = services.filter((s) => s.relatedServices.length > 0);
    expect(withRelated.length).toBeGreaterThan(0);
    for (const related of withRelated.flatMap((s) => s.relatedServices)) {
      expect(related.provider.name).toBeTruthy();
      expect(services.some((s) => s._id === related._id)).toBe(true);
    }
  });

  it('returns partners, press items newest first, events by start, pages and settings', async () => {
    const [partners, press, events, pages, hours, settings] = await Promise.all([
      embedded.getPartners(),
      embedded.getPressItems(),
      embedded.getEvents(),
      embedded.getPages(),
      embedded.getOpeningHours(),
      embedded.getSiteSettings(),
    ]);
    expect(partners.length).toBeGreaterThanOrEqual(6);
    expect(press.length).toBeGreaterThanOrEqual(6);
    expect(press.map((p) => p.publishedAt)).toEqual([...press.map((p) => p.publishedAt)].sort().reverse());
    const award = press.find((p) => /Ab in die Mitte/.test(p.title.de));
    expect(award, 'the "Ab in die Mitte" award press item').toBeDefined();
    expect(award!.relatedPartners.length).toBeGreaterThan(0);
    expect(press.some((p) => p.images.length > 0 && p.images[0]!.width > 0 && p.images[0]!.alt.de)).toBe(true);
    expect(events.length).toBeGreaterThanOrEqual(5);
    expect(events.map((e) => Date.parse(e.start))).toEqual([...events.map((e) => Date.parse(e.start))].sort((a, b) => a - b));
    expect(events.some((e) => Date.parse(e.end) < Date.parse('2026-11-23'))).toBe(true);
    expect(events.some((e) => Date.parse(e.start) > Date.parse('2026-11-23'))).toBe(true);
    expect(events.filter((e) => /Themenwoche/.test(e.title.de)).length).toBeGreaterThanOrEqual(3);
    expect(new Set(pages.map((p) => p.pageType))).toEqual(new Set(['about', 'directions', 'imprint', 'privacy', 'accessibility', 'easyLanguage']));
    expect(hours[0]!.timeZone).toBe('Europe/Berlin');
    expect(hours[0]!.week.map((d) => d.day)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expect(settings.address.building).toMatch(/GALERIA/);
  });

  it('never returns drafts: published twins keep their published text, draft-only documents are absent', async () => {
    const raw = await loadEmbeddedDataset(DEFAULT_DATASET_FILE, { includeDrafts: true });
    const drafts = raw.filter((doc) => doc._id.startsWith('drafts.'));
    expect(drafts.length).toBeGreaterThanOrEqual(2);
    const publishedIds = new Set(raw.filter((d) => !d._id.startsWith('drafts.')).map((d) => d._id));
    expect(drafts.some((d) => publishedIds.has(d._id.slice('drafts.'.length)))).toBe(true);
    expect(drafts.some((d) => !publishedIds.has(d._id.slice('drafts.'.length)))).toBe(true);
    const everything = JSON.stringify(
      await Promise.all([embedded.getServices(), embedded.getPressItems(), embedded.getEvents(), embedded.getPartners(), embedded.getPages()]),
    );
    for (const draft of drafts) {
      expect(everything).not.toContain(draft._id);
      const title = (draft as { title?: { de?: string } }).title?.de;
      if (title) expect(everything).not.toContain(title);
    }
  });
});

describe('@sanity/client over HTTP against the local Content Lake', () => {
  let lake: RecordingLake;
  let viaClient: ContentApi;

  beforeAll(async () => {
    lake = await startRecordingLake({ documents: await loadEmbeddedDataset(DEFAULT_DATASET_FILE, { includeDrafts: true }) });
    viaClient = createContentApi(
      createSource({ kind: 'sanity', sanity: { projectId: 'ksp-test', dataset: 'production', apiVersion: '2025-02-19', apiHost: lake.apiHost } }),
    );
  });
  afterAll(() => lake.close());

  it('returns exactly what the embedded source returns, for every getter', async () => {
    for (const getter of ['getServices', 'getPartners', 'getPressItems', 'getEvents', 'getPages', 'getOpeningHours', 'getSiteSettings', 'getNotAtKsp'] as const) {
      expect(await viaClient[getter](), getter).toEqual(await embedded[getter]());
    }
    expect(lake.requests.length).toBeGreaterThanOrEqual(7);
    expect(lake.requests.every((r) => r.perspective === 'published')).toBe(true);
  });

  it('sends long queries as POST with a JSON body, as the client does, and gets the same result', async () => {
    const source = createSource({ kind: 'sanity', sanity: { projectId: 'ksp-test', dataset: 'production', apiVersion: '2025-02-19', apiHost: lake.apiHost } });
    const padding = `// ${'x'.repeat(12_000)}\n`;
    const before = lake.requests.length;
    const result = await source.fetch<string[]>(`${padding}*[_type == $type] | order(_id asc)._id`, { type: 'partner' });
    expect(lake.requests.slice(before).map((r) => r.method)).toEqual(['POST']);
    expect(result).toEqual(await embeddedSource(DEFAULT_DATASET_FILE).fetch(`*[_type == $type] | order(_id asc)._id`, { type: 'partner' }));
  });

  it('names the project and gives a fix when the dataset does not exist', async () => {
    const wrong = createSource({ kind: 'sanity', sanity: { projectId: 'ksp-test', dataset: 'staging', apiVersion: '2025-02-19', apiHost: lake.apiHost } });
    await expect(wrong.fetch('*[0]')).rejects.toThrow(/ksp-test, dataset staging.*Check SANITY_PROJECT_ID and SANITY_DATASET/s);
  });
});
