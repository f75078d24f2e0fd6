// The build manifest (core/publish/build-manifest.ts): compact, sorted, only documents with a
// revision; the trigger read from the publish server or Netlify; strict parsing for the Studio.
import { describe, expect, it } from 'vitest';
import { buildIdFromEnv, createManifest, finishManifest, isLive, parseManifest, parseTriggerJson, triggerFromEnv } from '../../core/publish/build-manifest.ts';
import { dailyTrigger, publishTrigger, retryTrigger } from '../../core/publish/build-trigger.ts';

const started = new Date('2026-12-01T09:00:00.000Z');

describe('createManifest', () => {
  const manifest = createManifest({
    buildId: 'b1',
    startedAt: started,
    source: { kind: 'sanity', projectId: 'abc123de', dataset: 'production' },
    trigger: publishTrigger([{ _id: 'service.b', _type: 'service', _rev: 'r2', operation: 'update' }]),
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

  it('is stamped with the build start and end, and keeps its id (scripts/build.ts chose it at the start)', () => {
    const finished = finishManifest(manifest, new Date('2026-12-01T08:59:00.000Z'), new Date('2026-12-01T09:01:00.000Z'));
    expect(finished).toMatchObject({ buildId: 'b1', startedAt: '2026-12-01T08:59:00.000Z', finishedAt: '2026-12-01T09:01:00.000Z' });
    const local = createManifest({ buildId: buildIdFromEnv({}, started), startedAt: started, source: { kind: 'embedded' }, trigger: dailyTrigger(), documents: [] });
    expect(finishManifest(local, new Date('2026-12-01T08:59:00.000Z'), new Date()).buildId).toBe('local-2026-12-01T09:00:00.000Z');
  });

  it('round-trips through JSON and parseManifest', () => {
    expect(parseManifest(JSON.parse(JSON.stringify(manifest)))).toEqual(manifest);
  });
});

describe('parseManifest', () => {
  const good = { version: 1, buildId: 'b', startedAt: started.toISOString(), finishedAt: null, source: { kind: 'embedded' }, trigger: { kind: 'other', documents: [] }, revisions: {} };
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

  it('drops malformed trigger entries, and reads a trigger it does not know as `other`', () => {
    expect(parseManifest({ ...good, trigger: { kind: 'publish', documents: [{ _id: 'a', _type: 'service' }, { _id: 5 }, 'x'] } })?.trigger).toEqual({ kind: 'publish', documents: [{ _id: 'a', _type: 'service' }] });
    // A manifest written before triggers were objects (a list of documents).
    expect(parseManifest({ ...good, trigger: [{ _id: 'a', _type: 'service' }] })?.trigger).toEqual({ kind: 'other', documents: [] });
    expect(parseManifest({ ...good, trigger: { kind: 'retry', documents: [] } })?.trigger).toEqual({ kind: 'other', documents: [] });
  });
});

describe('build id and trigger from the environment', () => {
  it('takes the publish server id, then Netlify’s deploy id, then a local id', () => {
    expect(buildIdFromEnv({ KSP_BUILD_ID: 'rel-1', DEPLOY_ID: 'dep-1' }, started)).toBe('rel-1');
    expect(buildIdFromEnv({ DEPLOY_ID: 'dep-1' }, started)).toBe('dep-1');
    expect(buildIdFromEnv({}, started)).toBe('local-2026-12-01T09:00:00.000Z');
  });

  it('reads the publish server’s trigger and Netlify’s hook body, and ignores what it cannot read', () => {
    const doc = { _id: 'service.a', _type: 'service', _rev: 'r1', operation: 'update' };
    const files: Record<string, string> = { '/releases/.staging-1.trigger.json': JSON.stringify(retryTrigger(2)) };
    const readText = (file: string) => files[file];
    expect(triggerFromEnv({ KSP_BUILD_TRIGGER_FILE: '/releases/.staging-1.trigger.json' }, readText)).toEqual({ kind: 'retry', documents: [], attempt: 2 });
    expect(triggerFromEnv({ KSP_BUILD_TRIGGER_FILE: '/releases/gone.json' }, readText)).toEqual({ kind: 'other', documents: [] });
    expect(triggerFromEnv({ INCOMING_HOOK_BODY: JSON.stringify(publishTrigger([doc])) }, readText)).toEqual({ kind: 'publish', documents: [doc] });
    expect(triggerFromEnv({ INCOMING_HOOK_BODY: '{}' }, readText)).toEqual({ kind: 'other', documents: [] });
    expect(triggerFromEnv({}, readText)).toEqual({ kind: 'other', documents: [] });
    expect(parseTriggerJson('{not json')).toEqual({ kind: 'other', documents: [] });
    expect(parseTriggerJson(JSON.stringify({ kind: 'publish', documents: [{ _id: '', _type: 'service' }, { _id: 'x', _type: 'page', _rev: 7 }] }))).toEqual({ kind: 'publish', documents: [{ _id: 'x', _type: 'page' }] });
  });
});
