// The build manifest (core/publish/build-manifest.ts): compact, sorted, only documents with a
// revision; the trigger read from the publish server or Netlify; strict parsing for the Studio.
import { describe, expect, it } from 'vitest';
import { buildIdFromEnv, createManifest, finishManifest, isLive, parseManifest, parseTriggerDocuments, triggerFromEnv } from '../../core/publish/build-manifest.ts';

const started = new Date('2026-12-01T09:00:00.000Z');

describe('createManifest', () => {
  const manifest = createManifest({
    buildId: 'b1',
    startedAt: started,
    source: { kind: 'sanity', projectId: 'abc123de', dataset: 'production' },
    trigger: [{ _id: 'service.b', _type: 'service', _rev: 'r2', operation: 'update' }],
    documents: [{ _id: 'service.b', _rev: 'r2' }, { _id: 'partner.a', _rev: 'r1' }, { _id: 'page.norev' }, { _id: 'page.emptyrev', _rev: '' }],
  });

  it('maps every id with a revision to it, sorted by id, and nothing else', () => {
    expect(manifest.revisions).toEqual({ 'partner.a': 'r1', 'service.b': 'r2' });
    expect(Object.keys(manifest.revisions)).toEqual(['partner.a', 'service.b']);
    expect(manifest.finishedAt).toBeNull();
  });

  it('says whether a revision is live', () => {
    expect(isLive(manifest, 'service.b', 'r2')).toBe(true);
    expect(isLive(manifest, 'service.b', 'r1')).toBe(false);
    expect(isLive(manifest, 'service.c', 'r2')).toBe(false);
  });

  it('is stamped with the build start and end, and a derived local id follows the start', () => {
    const finished = finishManifest(manifest, new Date('2026-12-01T08:59:00.000Z'), new Date('2026-12-01T09:01:00.000Z'));
    expect(finished).toMatchObject({ buildId: 'b1', startedAt: '2026-12-01T08:59:00.000Z', finishedAt: '2026-12-01T09:01:00.000Z' });
    const local = createManifest({ buildId: buildIdFromEnv({}, started), startedAt: started, source: { kind: 'embedded' }, trigger: [], documents: [] });
    expect(finishManifest(local, new Date('2026-12-01T08:59:00.000Z'), new Date()).buildId).toBe('local-2026-12-01T08:59:00.000Z');
  });

  it('round-trips through JSON and parseManifest', () => {
    expect(parseManifest(JSON.parse(JSON.stringify(manifest)))).toEqual(manifest);
  });
});

describe('parseManifest', () => {
  const good = { version: 1, buildId: 'b', startedAt: started.toISOString(), finishedAt: null, source: { kind: 'embedded' }, trigger: [], revisions: {} };
  it.each([
    ['another version', { ...good, version: 2 }],
    ['no build id', { ...good, buildId: 3 }],
    ['a bad start', { ...good, startedAt: 'yesterday' }],
    ['revisions that are not strings', { ...good, revisions: { a: 1 } }],
    ['revisions as a list', { ...good, revisions: ['a'] }],
    ['an unknown source', { ...good, source: { kind: 'ftp' } }],
    ['null', null],
  ])('rejects %s', (_name, value) => {
    expect(parseManifest(value)).toBeUndefined();
  });

  it('drops malformed trigger entries', () => {
    expect(parseManifest({ ...good, trigger: [{ _id: 'a', _type: 'service' }, { _id: 5 }, 'x'] })?.trigger).toEqual([{ _id: 'a', _type: 'service' }]);
  });
});

describe('build id and trigger from the environment', () => {
  it('takes the publish server id, then Netlify’s deploy id, then a local id', () => {
    expect(buildIdFromEnv({ KSP_BUILD_ID: 'rel-1', DEPLOY_ID: 'dep-1' }, started)).toBe('rel-1');
    expect(buildIdFromEnv({ DEPLOY_ID: 'dep-1' }, started)).toBe('dep-1');
    expect(buildIdFromEnv({}, started)).toBe('local-2026-12-01T09:00:00.000Z');
  });

  it('reads the publish server’s list and Netlify’s hook body, and ignores what it cannot read', () => {
    const doc = { _id: 'service.a', _type: 'service', _rev: 'r1', operation: 'update' };
    expect(triggerFromEnv({ KSP_BUILD_TRIGGER: JSON.stringify([doc]) })).toEqual([doc]);
    expect(triggerFromEnv({ INCOMING_HOOK_BODY: JSON.stringify(doc) })).toEqual([doc]);
    expect(triggerFromEnv({ INCOMING_HOOK_BODY: '{}' })).toEqual([]);
    expect(triggerFromEnv({})).toEqual([]);
    expect(parseTriggerDocuments('{not json')).toEqual([]);
    expect(parseTriggerDocuments(JSON.stringify([{ _id: '', _type: 'service' }, { _id: 'x', _type: 'page', _rev: 7 }]))).toEqual([{ _id: 'x', _type: 'page' }]);
  });
});
