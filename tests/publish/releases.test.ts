import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createReleases, prunable, RELEASE_RECORD_VERSION, SKEW_PROTECTION_MS, type ReleaseRecord } from '../../server/releases.ts';

const work = mkdtempSync(path.join(tmpdir(), 'ksp-releases-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** When a build started `minutes` after 2026-03-01T10:00Z. */
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 10, minutes));

/** A release whose build started `minutes` after 2026-03-01T10:00Z, with its id. */
function release(minutes: number): Pick<ReleaseRecord, 'id' | 'startedAt'> {
  return { id: at(minutes).toISOString().replace(/[:.]/g, '-'), startedAt: at(minutes).toISOString() };
}
const id = (minutes: number) => release(minutes).id;

describe('pruning releases', () => {
  const releases = [release(0), release(10), release(20), release(30), release(40)];
  const hour = SKEW_PROTECTION_MS / 60_000;

  it('keeps the newest KEEP_RELEASES and every release replaced within the skew window', () => {
    // Just after the last switch: everything was replaced less than an hour ago.
    expect(prunable(releases, id(40), 2, at(41))).toEqual([]);
    // Once the release after it has been building for an hour, a release may go.
    expect(prunable(releases, id(40), 2, at(10 + hour))).toEqual([id(0)]);
    expect(prunable(releases, id(40), 2, at(40 + hour))).toEqual([id(0), id(10), id(20)]);
  });

  it('never deletes the current release, even after a rollback to an old one', () => {
    expect(prunable(releases, id(0), 2, at(60 + hour))).toEqual([id(10), id(20)]);
  });
});

describe('release records', () => {
  it('are written beside the release and read back after a restart, never from the release name', async () => {
    const dir = path.join(work, 'records');
    const releases = createReleases(dir);
    await releases.init();
    const record: ReleaseRecord = {
      version: RELEASE_RECORD_VERSION,
      id: releases.newId(at(0)),
      trigger: { kind: 'retry', documents: [], attempt: 3 },
      startedAt: '2026-03-01T09:59:00.000Z',
      endedAt: '2026-03-01T10:01:00.000Z',
    };
    mkdirSync(releases.stagingPath(record.id));
    await releases.promote(record);
    expect(await createReleases(dir).readRecord(record.id)).toEqual(record);
    expect(readdirSync(dir).sort()).toEqual([record.id, `${record.id}.json`, 'current']);
  });

  it('stand in the directory time for a release written before records were', async () => {
    const dir = path.join(work, 'legacy');
    const old = path.join(dir, '2026-03-01T10-00-00-000Z');
    mkdirSync(old, { recursive: true });
    const time = new Date('2026-05-01T12:00:00.000Z');
    utimesSync(old, time, time);
    writeFileSync(path.join(dir, '2026-04-01T10-00-00-000Z.json'), '{}'); // a record without its release
    const releases = createReleases(dir);
    await releases.init();
    expect(await releases.readRecord('2026-03-01T10-00-00-000Z')).toEqual({
      version: RELEASE_RECORD_VERSION,
      id: '2026-03-01T10-00-00-000Z',
      trigger: null,
      startedAt: time.toISOString(),
      endedAt: null,
    });
    expect(await releases.list()).toEqual(['2026-03-01T10-00-00-000Z']);
    expect(readdirSync(dir).filter((name) => name.endsWith('.json'))).toEqual([]);
  });
});
