// The publish badge's logic (core/publish/document-state.ts): live when the manifest has the
// revision; otherwise queued, building, deploying or waiting; failed when the newest build that
// saw the revision failed, with this document's problems apart from the others'.
import { describe, expect, it } from 'vitest';
import { createManifest } from '../../core/publish/build-manifest.ts';
import type { TriggerDocument } from '../../core/publish/build-trigger.ts';
import type { BuildStatus, StatusBuild } from '../../core/publish/build-status.ts';
import { documentPublishState, type PublishedRevision } from '../../core/publish/document-state.ts';

const doc: PublishedRevision = { id: 'service.a', rev: 'r2', publishedAt: '2026-12-01T10:00:00.000Z' };
const trigger: TriggerDocument = { _id: 'service.a', _type: 'service', _rev: 'r2' };
const manifest = (rev: string) => createManifest({ buildId: 'live', startedAt: new Date('2026-12-01T09:00:00Z'), source: { kind: 'embedded' }, trigger: { kind: 'other', documents: [] }, documents: [{ _id: 'service.a', _rev: rev }] });

function build(id: string, startedAt: string, result: StatusBuild['result'], documents: TriggerDocument[] = [], problems: StatusBuild['failure'] = null): StatusBuild {
  return {
    id,
    trigger: { kind: documents.length ? 'publish' : 'daily', documents },
    startedAt,
    finishedAt: result === 'running' ? null : startedAt,
    durationMs: result === 'running' ? null : 1000,
    result,
    failure: result === 'failed' ? (problems ?? { kind: 'error', problems: [] }) : null,
  };
}
const status = (parts: Partial<BuildStatus>): BuildStatus => ({ version: 1, source: 'publish-server', live: null, running: null, queue: [], builds: [], ...parts });

describe('documentPublishState', () => {
  it('is live when the live manifest has this revision', () => {
    expect(documentPublishState(doc, manifest('r2'), undefined)).toEqual({ state: 'live', buildId: 'live', finishedAt: null });
  });

  it('waits since the publish when only an older revision is live and no status is available', () => {
    expect(documentPublishState(doc, manifest('r1'), undefined)).toEqual({ state: 'waiting', since: doc.publishedAt });
  });

  it('knows its place in the queue and the build that takes it', () => {
    expect(documentPublishState(doc, manifest('r1'), status({ running: build('b1', '2026-12-01T09:59:00Z', 'running'), queue: [{ documents: [trigger], since: '2026-12-01T10:00:01Z' }] }))).toEqual({
      state: 'queued',
      position: 1,
      since: '2026-12-01T10:00:01Z',
    });
    expect(documentPublishState(doc, manifest('r1'), status({ running: build('b2', '2026-12-01T10:00:02Z', 'running', [trigger]) }))).toEqual({ state: 'building', since: '2026-12-01T10:00:02Z' });
  });

  it('fails with its own problems and the others’ apart', () => {
    const mine = { id: 'service.a', type: 'service', field: 'provider', code: { kind: 'reference' as const, ref: 'partner.x' } };
    const theirs = { id: 'event.b', type: 'event', field: 'end', code: { kind: 'end-before-start' as const } };
    const failedBuild = build('b2', '2026-12-01T10:00:02Z', 'failed', [trigger], { kind: 'content', problems: [mine, theirs] });
    const state = documentPublishState(doc, manifest('r1'), status({ builds: [failedBuild] }));
    expect(state).toEqual({ state: 'failed', build: failedBuild, problems: [mine], otherProblems: [theirs] });
  });

  it('takes the newest build after its own: a later success means it is on its way out, a cancelled one says nothing', () => {
    const failed = build('b2', '2026-12-01T10:00:02Z', 'failed', [trigger]);
    const later = build('b3', '2026-12-01T10:05:00Z', 'success', [{ _id: 'page.x', _type: 'page', _rev: 'p1' }]);
    expect(documentPublishState(doc, manifest('r1'), status({ builds: [later, failed] }))).toEqual({ state: 'deploying', since: later.finishedAt });
    const cancelled = build('b4', '2026-12-01T10:06:00Z', 'cancelled');
    expect(documentPublishState(doc, manifest('r1'), status({ builds: [cancelled, failed] })).state).toBe('failed');
  });

  it('matches by time when no trigger names the revision (a build that started after the publish saw it)', () => {
    const before = build('b1', '2026-12-01T09:00:00Z', 'failed');
    expect(documentPublishState(doc, manifest('r1'), status({ builds: [before] }))).toEqual({ state: 'waiting', since: doc.publishedAt });
    const after = build('b2', '2026-12-01T10:01:00Z', 'failed');
    expect(documentPublishState(doc, manifest('r1'), status({ builds: [after, before] })).state).toBe('failed');
    expect(documentPublishState(doc, manifest('r1'), status({ running: build('b3', '2026-12-01T10:02:00Z', 'running'), builds: [after] })).state).toBe('building');
  });
});
