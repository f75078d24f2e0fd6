// The lastmod rule (src/lib/lastmod.ts) and the page list of the build manifest: the newest date of
// a page's main content, none when one of its documents has no date, the registry's mainContent
// followed for references, and a manifest's pages kept through parsing and stamping.
import { describe, expect, it } from 'vitest';
import { CONTENT_TYPES, type ContentType } from '../../core/registry.ts';
import { createManifest, finishManifest, parseManifest, withPages } from '../../core/publish/build-manifest.ts';
import { dailyTrigger } from '../../core/publish/build-trigger.ts';
import { documentLastmod, mainContentDocuments, newestDate, sectionLastmod } from '../../src/lib/lastmod.ts';

describe('newestDate', () => {
  it('is the newest instant, as UTC ISO', () => {
    expect(newestDate(['2026-11-20T08:00:00Z', '2026-12-01T10:00:00+01:00', '2026-11-30T00:00:00.000Z'])).toBe('2026-12-01T09:00:00.000Z');
  });
  it('is none when a document has no date, or there is none', () => {
    expect(newestDate(['2026-11-20T08:00:00Z', undefined])).toBeUndefined();
    expect(newestDate(['2026-11-20T08:00:00Z', null])).toBeUndefined();
    expect(newestDate(['not a date'])).toBeUndefined();
    expect(newestDate([])).toBeUndefined();
  });
});

describe('the main content of a page', () => {
  const provider = { _id: 'partner-a', _updatedAt: '2026-12-02T08:00:00Z' };
  const service = { _id: 'service-a', _updatedAt: '2026-11-20T08:00:00Z', provider, relatedServices: [{ _id: 'service-b', _updatedAt: '2026-12-24T08:00:00Z' }] };

  it('is the document and the references the registry names, not the cards it links', () => {
    expect(mainContentDocuments('service', service)).toEqual([service, provider]);
    expect(documentLastmod('service', service)).toBe('2026-12-02T08:00:00.000Z');
    expect(documentLastmod('service', { ...service, provider: { ...provider, _updatedAt: '2026-01-01T00:00:00Z' } })).toBe('2026-11-20T08:00:00.000Z');
  });

  it('follows reference lists (an event’s partners)', () => {
    const event = { _id: 'event-a', _updatedAt: '2026-11-20T08:00:00Z', partners: [provider, { _id: 'partner-b', _updatedAt: '2026-12-03T08:00:00Z' }] };
    expect(documentLastmod('event', event)).toBe('2026-12-03T08:00:00.000Z');
    expect(documentLastmod('event', { ...event, partners: [] })).toBe('2026-11-20T08:00:00.000Z');
  });

  it('names only types with pages of their own', () => {
    for (const [type, entry] of Object.entries(CONTENT_TYPES) as [string, ContentType][]) if (entry.mainContent) expect(entry.pages, type).toBeDefined();
  });

  it('dates a section without detail pages by its documents, and refuses a list of a type with detail pages', () => {
    expect(sectionLastmod('openingHours', [{ _updatedAt: '2026-11-01T00:00:00Z' }, { _updatedAt: '2026-11-02T00:00:00Z' }])).toBe('2026-11-02T00:00:00.000Z');
    expect(() => sectionLastmod('service', [])).toThrow(/service has detail pages/);
  });
});

describe('the build manifest’s pages', () => {
  const manifest = createManifest({ buildId: 'b1', startedAt: new Date('2026-12-01T09:00:00Z'), source: { kind: 'embedded' }, trigger: dailyTrigger(), documents: [] });
  const pages = new Map<string, string | null>([['/z/', null], ['/a/', '2026-11-20T08:00:00.000Z']]);

  it('are sorted by path, survive parsing and the final stamp', () => {
    const withList = withPages(manifest, 'https://ksp.example', pages);
    expect(Object.keys(withList.pages!)).toEqual(['/a/', '/z/']);
    const stamped = finishManifest(parseManifest(JSON.parse(JSON.stringify(withList)))!, new Date('2026-12-01T09:00:00Z'), new Date('2026-12-01T09:01:00Z'));
    expect(stamped).toMatchObject({ site: 'https://ksp.example', pages: { '/a/': '2026-11-20T08:00:00.000Z', '/z/': null } });
  });

  it('are dropped, not fatal, when they are not a page list (the Studio needs only the revisions)', () => {
    const bad = { ...withPages(manifest, 'https://ksp.example', pages), pages: { 'no-slash': null } };
    const parsed = parseManifest(JSON.parse(JSON.stringify(bad)));
    expect(parsed?.buildId).toBe('b1');
    expect(parsed?.pages).toBeUndefined();
    expect(parseManifest({ ...JSON.parse(JSON.stringify(withPages(manifest, 'not a url', pages))) })?.pages).toBeUndefined();
  });
});
