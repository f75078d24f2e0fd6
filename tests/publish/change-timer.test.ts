// The publish server's timer for the next timed change (server/change-timer.ts), with a clock the
// test controls: what it asks for, once, and without the unpublish token.
import { afterEach, describe, expect, it } from 'vitest';
import { createManifest, type BuildManifest } from '../../core/publish/build-manifest.ts';
import type { BuildTrigger } from '../../core/publish/build-trigger.ts';
import type { NextChange } from '../../core/publish/next-change.ts';
import { createChangeTimer } from '../../server/change-timer.ts';

const AT = '2026-12-31T17:00:00.000Z';
const change: NextChange = { at: AT, reasons: [{ kind: 'alert-ends' }, { kind: 'visible-until', document: { _id: 'pressItem-w', _type: 'pressItem', title: 'Weihnachten' } }] };
const manifestWith = (buildId: string, nextChange: NextChange | null): BuildManifest =>
  createManifest({ buildId, startedAt: new Date('2026-12-31T10:00:00Z'), source: { kind: 'embedded' }, trigger: { kind: 'other', documents: [] }, documents: [], nextChange });

let stop: (() => void) | undefined;
afterEach(() => stop?.());

function timer(manifest: () => BuildManifest | undefined) {
  let now = new Date('2026-12-31T16:00:00Z');
  const requests: BuildTrigger[] = [];
  const logged: Record<string, unknown>[] = [];
  const t = createChangeTimer({ now: () => now, liveManifest: async () => manifest(), unpublisher: undefined, request: (trigger) => requests.push(trigger), log: (event) => logged.push(event) });
  stop = t.stop;
  return { t, requests, logged, setNow: (iso: string) => (now = new Date(iso)) };
}

describe('change timer', () => {
  it('asks for nothing before the moment, and for one scheduled build at it', async () => {
    const { t, requests, setNow } = timer(() => manifestWith('r1', change));
    await t.refresh();
    expect(t.next).toEqual(change);
    expect(await t.check()).toEqual({ requested: null, next: AT });
    setNow('2026-12-31T16:59:59.999Z');
    expect((await t.check()).requested).toBeNull();
    setNow(AT);
    const { requested } = await t.check();
    expect(requested).toMatchObject({ kind: 'scheduled', at: AT, reasons: change.reasons });
    expect(requests).toHaveLength(1);
    // The same moment of the same live build is asked for once, also when the build failed.
    setNow('2026-12-31T17:30:00Z');
    expect((await t.check()).requested).toBeNull();
    expect(requests).toHaveLength(1);
  });

  it('without SANITY_UNPUBLISH_TOKEN names the documents that stay published', async () => {
    const { t, requests, setNow } = timer(() => manifestWith('r1', change));
    await t.refresh();
    setNow('2026-12-31T17:00:30Z');
    await t.check();
    const trigger = requests[0];
    if (trigger?.kind !== 'scheduled') throw new Error('no scheduled build');
    expect(trigger.unpublish).toEqual([{ _id: 'pressItem-w', _type: 'pressItem', title: 'Weihnachten', visibleUntil: AT, result: 'not-configured' }]);
    expect(trigger.documents).toEqual([]);
  });

  it('catches up a moment that passed while the server was down, and follows the next live build', async () => {
    let live = manifestWith('r1', change);
    const { t, requests, setNow } = timer(() => live);
    setNow('2027-01-02T08:00:00Z');
    await t.refresh();
    expect((await t.check()).requested?.kind).toBe('scheduled');
    live = manifestWith('r2', { at: '2027-01-05T09:00:00.000Z', reasons: [{ kind: 'alert-starts' }] });
    await t.refresh();
    expect(await t.check()).toEqual({ requested: null, next: '2027-01-05T09:00:00.000Z' });
    expect(requests).toHaveLength(1);
  });

  it('does nothing without a live manifest or without a next change', async () => {
    const none = timer(() => undefined);
    await none.t.refresh();
    expect(await none.t.check()).toEqual({ requested: null, next: null });
    const nothing = timer(() => manifestWith('r1', null));
    await nothing.t.refresh();
    expect(await nothing.t.check()).toEqual({ requested: null, next: null });
    expect([...none.requests, ...nothing.requests]).toEqual([]);
  });
});
