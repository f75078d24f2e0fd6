// Content that ends by itself, end to end on the local platform (the lake and the publish server
// of `npm start`, the real build) with a clock the test controls: the alert banner disappears
// from the live site at its "Anzeigen bis" minute, a press item with "Sichtbar bis" is unpublished
// then through @sanity/client against the lake, and the build history names the reason. No
// sleeping and no timing: the test moves its clock and runs the server's change timer itself.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SanityClient } from '@sanity/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lakeClient, ROOT } from '../../dev/lake/index.ts';
import { startLocalPlatform, type LocalPlatform } from '../../dev/platform.ts';
import { BUILD_MANIFEST_PATH, parseManifest } from '../../core/publish/build-manifest.ts';
import { BUILD_STATUS_PATH, parseBuildStatus } from '../../core/publish/build-status.ts';
import type { Labels } from '../../core/content/problem.ts';
import { triggerText, unpublishText, nextChangeText } from '../../studio/publishing/texts.ts';

const BUILD_TIMEOUT_MS = 240_000;
const PRESS_SLUG = 'oeffnungszeiten-weihnachten-2026';
let clock = new Date('2026-12-31T16:30:00.000Z'); // 17:30 in Kassel
let dir = '';
let platform: LocalPlatform;
let client: SanityClient;
let pressId = '';
const lines: string[] = [];

const TYPE_NAMES: Record<string, string> = { pressItem: 'Pressemitteilung' };
const labels: Labels = { type: (type) => TYPE_NAMES[type], field: () => [] };

async function settle() {
  await platform.lake.settled();
  await platform.app.queue.idle();
}

const get = (urlPath: string) => fetch(new URL(urlPath, platform.siteUrl));
const manifest = async () => parseManifest(await (await get(BUILD_MANIFEST_PATH)).json());
const homeHasAlert = async () => (await (await get('/')).text()).includes('data-alert');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ksp-timed-'));
  platform = await startLocalPlatform({
    repoRoot: ROOT,
    lakeDir: path.join(dir, 'lake'),
    studioDir: '',
    env: { RELEASES_DIR: path.join(dir, 'releases'), DAILY_REBUILD: 'off', KSP_CONTENT_CACHE: path.join(dir, 'content-cache') },
    publishLog: (line) => lines.push(line),
    now: () => clock,
  });
  client = lakeClient(platform.lake);
  await settle();
  pressId = await client.fetch<string>('*[_type == "pressItem" && slug.current == $slug][0]._id', { slug: PRESS_SLUG }, { perspective: 'published' });
  // The editor's end times: the banner until 18:00 on New Year's Eve, the press item as well.
  await client
    .transaction()
    .patch('siteSettings', (patch) => patch.set({ 'alert.enabled': true, 'alert.validUntil': '2026-12-31', 'alert.validUntilTime': '18:00' }))
    .patch(pressId, (patch) => patch.set({ visibleUntil: '2026-12-31T17:00:00.000Z' }))
    .commit();
  await settle();
}, BUILD_TIMEOUT_MS * 2);

afterAll(async () => {
  await platform?.close();
  if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

describe('content that ends by itself', () => {
  it('before the minute: the banner and the press item are live, and the manifest names the moment', async () => {
    expect(pressId).toMatch(/oeffnungszeiten-weihnachten-2026$/);
    expect(await homeHasAlert()).toBe(true);
    expect((await get(`/presse/${PRESS_SLUG}/`)).status).toBe(200);
    const live = await manifest();
    expect(live?.nextChange?.at).toBe('2026-12-31T17:00:00.000Z');
    expect(live?.nextChange?.reasons).toEqual([{ kind: 'alert-ends' }, { kind: 'visible-until', document: expect.objectContaining({ _id: pressId, _type: 'pressItem' }) }]);
    expect(nextChangeText(live!.nextChange!, labels)).toMatch(/^Do 31\.12\., 18:00 – Hinweisbanner endet; Pressemitteilung „Öffnungszeiten in der Advents- und Weihnachtszeit 2026“ wird ausgeblendet/);
  });

  it('one minute before, the timer does nothing', async () => {
    clock = new Date('2026-12-31T16:59:00.000Z');
    expect(await platform.app.checkSchedule()).toEqual({ requested: null, next: '2026-12-31T17:00:00.000Z' });
  });

  it('at 18:00 in Kassel: the press item is unpublished in the lake, the banner and the page are gone', async () => {
    clock = new Date('2026-12-31T17:00:00.000Z');
    const result = await platform.app.checkSchedule();
    expect(result.requested?.kind).toBe('scheduled');
    await settle();

    expect(await client.getDocument(pressId)).toBeUndefined();
    // Unpublished, not deleted: the text stays as a draft.
    expect((await client.getDocument(`drafts.${pressId}`))?.visibleUntil).toBe('2026-12-31T17:00:00.000Z');
    expect(await homeHasAlert()).toBe(false);
    expect((await get(`/presse/${PRESS_SLUG}/`)).status).toBe(404);
    expect((await manifest())?.nextChange?.at ?? null).not.toBe('2026-12-31T17:00:00.000Z');
  });

  it('the build history names the reason, in the words of the tool "Veröffentlichungen"', async () => {
    const status = parseBuildStatus(await (await get(BUILD_STATUS_PATH)).json());
    const scheduled = status?.builds.find((build) => build.trigger.kind === 'scheduled');
    expect(scheduled?.result).toBe('success');
    const trigger = scheduled!.trigger;
    if (trigger.kind !== 'scheduled') throw new Error('not a scheduled build');
    expect(trigger.reasons.map((reason) => reason.kind)).toEqual(['alert-ends', 'visible-until']);
    expect(trigger.unpublish).toEqual([expect.objectContaining({ _id: pressId, result: 'unpublished', visibleUntil: '2026-12-31T17:00:00.000Z' })]);
    expect(triggerText(scheduled!, labels)).toMatch(/^Geplante Aktualisierung 31\.12\.2026, 18:00: Hinweisbanner endet/);
    expect(unpublishText(trigger.unpublish[0]!, labels)).toContain('Automatisch zurückgezogen am 31.12.2026, 18:00 – Sichtbar bis erreicht');
  });

  it('asks only once for the same moment', async () => {
    clock = new Date('2026-12-31T17:05:00.000Z');
    const again = await platform.app.checkSchedule();
    expect(again.requested).toBeNull();
  });
});
