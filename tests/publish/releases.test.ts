import { describe, expect, it } from 'vitest';
import { prunable, releaseTime, SKEW_PROTECTION_MS } from '../../server/releases.ts';

/** A release id for a build that started `minutes` after 2026-03-01T10:00Z. */
function id(minutes: number): string {
  return new Date(Date.UTC(2026, 2, 1, 10, minutes)).toISOString().replace(/[:.]/g, '-');
}

describe('pruning releases', () => {
  const ids = [id(0), id(10), id(20), id(30), id(40)];
  const hour = SKEW_PROTECTION_MS / 60_000;

  it('reads the build start from a release id', () => {
    expect(releaseTime(id(30)).toISOString()).toBe('2026-03-01T10:30:00.000Z');
  });

  it('keeps the newest KEEP_RELEASES and every release replaced within the skew window', () => {
    // Just after the last switch: everything was replaced less than an hour ago.
    expect(prunable(ids, id(40), 2, releaseTime(id(41)))).toEqual([]);
    // Once the release after it has been building for an hour, a release may go.
    expect(prunable(ids, id(40), 2, releaseTime(id(10 + hour)))).toEqual([id(0)]);
    expect(prunable(ids, id(40), 2, releaseTime(id(40 + hour)))).toEqual([id(0), id(10), id(20)]);
  });

  it('never deletes the current release, even after a rollback to an old one', () => {
    expect(prunable(ids, id(0), 2, releaseTime(id(60 + hour)))).toEqual([id(10), id(20)]);
  });
});
