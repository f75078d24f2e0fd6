// Content Releases in the local lake, as the Studio's Releases tool drives them: release documents
// and their actions, versions, release perspectives, listener events, and the scheduler that
// publishes a scheduled release at its time, all or nothing, with one webhook per document. The
// lake runs on a clock this test moves: nothing here sleeps.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { manualClock, startTestLake, type LakeUnderTest, type ManualClock } from './helpers.ts';

const SECRET = 'a-local-webhook-secret-of-some-length';
const START = '2026-12-08T08:00:00.000Z';
const received: Array<{ id: string; operation: string }> = [];
let receiver: Server;
let clock: ManualClock;
let t: LakeUnderTest;

const PROVIDER = { _id: 'provider-buergerbuero', _type: 'provider', name: { de: 'Bürgerbüro' } };
const SERVICE = { _id: 'service-reisepass', _type: 'service', title: { de: 'Reisepass beantragen' }, provider: { _type: 'reference', _ref: PROVIDER._id } };

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { _id: string; operation: string };
      received.push({ id: body._id, operation: body.operation });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  clock = manualClock(START);
  t = await startTestLake({
    clock,
    documents: [PROVIDER, SERVICE],
    webhook: { url: `http://127.0.0.1:${port}/webhooks/sanity`, secret: SECRET },
  });
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const action = (body: Record<string, unknown> | Record<string, unknown>[]) => t.client.action(body as never);
const release = (name: string) => t.client.getDocument(`_.releases.${name}`) as Promise<Record<string, unknown> | undefined>;

/** A release with a new press item and a changed service, as the journey has it. */
async function releaseWithTwoDocuments(name: string, title: string): Promise<void> {
  await t.client.releases.create({ releaseId: name, metadata: { title, releaseType: 'scheduled', intendedPublishAt: '2026-12-08T09:00:00.000Z' } });
  const service = await t.client.getDocument(SERVICE._id);
  await action([
    {
      actionType: 'sanity.action.document.version.create',
      publishedId: SERVICE._id,
      baseId: SERVICE._id,
      ifBaseRevisionId: service!._rev,
      versionId: `versions.${name}.${SERVICE._id}`,
    },
    {
      actionType: 'sanity.action.document.version.create',
      publishedId: `pressItem-${name}`,
      document: { _id: `versions.${name}.pressItem-${name}`, _type: 'pressItem', title: { de: `Presse ${title}` }, provider: { _type: 'reference', _ref: PROVIDER._id } },
    },
  ]);
  await action({
    actionType: 'sanity.action.document.edit',
    draftId: `versions.${name}.${SERVICE._id}`,
    publishedId: SERVICE._id,
    patch: { set: { 'title.de': `Reisepass – ${title}` } },
  });
}

describe('release documents and actions', () => {
  test('create and edit: a system.release under _.releases with its metadata; only metadata can be edited', async () => {
    const created = await t.client.releases.create({ releaseId: 'rEdit', metadata: { title: 'Themenwoche' } });
    expect(created.releaseId).toBe('rEdit');
    expect(await release('rEdit')).toMatchObject({
      _id: '_.releases.rEdit',
      _type: 'system.release',
      name: 'rEdit',
      state: 'active',
      metadata: { title: 'Themenwoche', releaseType: 'undecided' },
      _createdAt: START,
    });
    await t.client.releases.edit({ releaseId: 'rEdit', patch: { set: { metadata: { title: 'Themenwoche Familie', releaseType: 'asap' } } } });
    expect((await release('rEdit'))?.metadata).toEqual({ title: 'Themenwoche Familie', releaseType: 'asap' });
    await expect(t.client.releases.edit({ releaseId: 'rEdit', patch: { set: { state: 'published' } } })).rejects.toMatchObject({ statusCode: 400 });
    await expect(t.client.releases.edit({ releaseId: 'rEdit', patch: { set: { 'metadata.releaseType': 'soon' } } })).rejects.toMatchObject({ statusCode: 400 });
    await expect(t.client.releases.create({ releaseId: 'rEdit', metadata: {} })).rejects.toMatchObject({ statusCode: 409 });
    await expect(t.client.releases.create({ releaseId: '../x', metadata: {} })).rejects.toMatchObject({ statusCode: 400 });
  });

  test('versions: added from the published document or new, edited; the release perspective shows them over published', async () => {
    await releaseWithTwoDocuments('rWeek', 'Themenwoche');
    const titles = (perspective: 'published' | 'raw' | 'drafts' | string[]) =>
      t.client.fetch<string[]>('*[_type in ["service", "pressItem"]] | order(_id) .title.de', {}, { perspective: perspective as never });
    expect(await titles('published')).toEqual(['Reisepass beantragen']);
    expect(await titles('drafts')).toEqual(['Reisepass beantragen']);
    expect(await titles(['rWeek'])).toEqual(['Presse Themenwoche', 'Reisepass – Themenwoche']);
    expect(await titles(['rWeek', 'drafts'])).toEqual(['Presse Themenwoche', 'Reisepass – Themenwoche']);
    expect(await t.client.fetch('*[_id == $id][0]._originalId', { id: SERVICE._id }, { perspective: ['rWeek'] })).toBe(`versions.rWeek.${SERVICE._id}`);
    expect(await titles('raw')).toHaveLength(3);
    // What the Studio's release overview asks: the documents of each release.
    expect(await t.client.fetch('count(*[sanity::partOfRelease("rWeek")])', {}, { perspective: 'raw' })).toBe(2);
    // A version of a release that does not exist is refused.
    await expect(
      action({ actionType: 'sanity.action.document.version.create', publishedId: 'service-x', document: { _id: 'versions.rNone.service-x', _type: 'service' } }),
    ).rejects.toMatchObject({ statusCode: 404, message: expect.stringContaining('rNone') });
  });

  test('discard removes a version; a published document cannot be "discarded"', async () => {
    await action({ actionType: 'sanity.action.document.version.create', publishedId: PROVIDER._id, baseId: PROVIDER._id, versionId: `versions.rEdit.${PROVIDER._id}` });
    await t.client.discardVersion({ releaseId: 'rEdit', publishedId: PROVIDER._id });
    expect(await t.client.getDocument(`versions.rEdit.${PROVIDER._id}`)).toBeUndefined();
    await expect(action({ actionType: 'sanity.action.document.version.discard', versionId: PROVIDER._id })).rejects.toMatchObject({ statusCode: 400 });
    expect(await t.client.getDocument(PROVIDER._id)).toBeDefined();
  });

  test('a dry run (the Studio\'s permission check) answers like the action and changes nothing', async () => {
    await t.client.releases.create({ releaseId: 'rDry', metadata: { title: 'Probe' } }, { dryRun: true });
    expect(await release('rDry')).toBeUndefined();
    await expect(t.client.releases.publish({ releaseId: 'rDry' }, { dryRun: true })).rejects.toMatchObject({ statusCode: 404 });
  });

  test('the Studio may create releases: the lake has no plan limit', async () => {
    const response = await t.client.withConfig({ apiVersion: 'vX' }).request<{ data: { datasetReleaseLimit: number; orgActiveReleaseLimit: null } }>({
      url: `projects/${t.lake.projectId}/new-content-release-allowed`,
    });
    expect(response.data.orgActiveReleaseLimit).toBeNull();
    expect(response.data.datasetReleaseLimit).toBeGreaterThan(0);
    // The features it has: releases and scheduled drafts, nothing it does not implement.
    expect(await t.client.request({ url: '/features' })).toEqual(['contentReleases', 'singleDocRelease']);
    // The Studio's latency probe of the dataset.
    expect(await t.client.request({ url: `/data/ping/${t.lake.dataset}` })).toEqual({ ping: 'pong' });
  });

  test('listeners: the releases store sees release documents change, the overview sees versions change', async () => {
    const events: string[] = [];
    let welcomed = 0;
    const releases = t.client
      .listen('*[_type == "system.release" && _id in path("_.releases.*")]', {}, { includeResult: true, events: ['welcome', 'mutation'] })
      .subscribe((event) => {
        if (event.type === 'welcome') welcomed += 1;
        if (event.type === 'mutation') events.push(`release ${event.documentId} ${String((event.result as { metadata?: { title?: string } })?.metadata?.title)}`);
      });
    const versions = t.client
      .listen('*[sanity::partOfRelease("rWeek")]', {}, { includeResult: true, includeAllVersions: true, events: ['welcome', 'mutation'] })
      .subscribe((event) => {
        if (event.type === 'welcome') welcomed += 1;
        if (event.type === 'mutation') events.push(`version ${event.documentId}`);
      });
    try {
      await expect.poll(() => welcomed, { timeout: 5000 }).toBe(2);
      await t.client.releases.edit({ releaseId: 'rEdit', patch: { set: { 'metadata.title': 'Umbenannt' } } });
      await action({
        actionType: 'sanity.action.document.edit',
        draftId: `versions.rWeek.${SERVICE._id}`,
        publishedId: SERVICE._id,
        patch: { set: { 'title.de': 'Reisepass – Themenwoche' } },
      });
      await expect.poll(() => events, { timeout: 5000 }).toEqual(['release _.releases.rEdit Umbenannt', `version versions.rWeek.${SERVICE._id}`]);
    } finally {
      releases.unsubscribe();
      versions.unsubscribe();
    }
  });
});

describe('scheduling', () => {
  test('a scheduled release is locked; unscheduling unlocks it', async () => {
    await t.client.releases.schedule({ releaseId: 'rWeek', publishAt: '2026-12-08T09:00:00.000Z' });
    expect(await release('rWeek')).toMatchObject({ state: 'scheduled', publishAt: '2026-12-08T09:00:00.000Z' });
    const edit = action({ actionType: 'sanity.action.document.edit', draftId: `versions.rWeek.${SERVICE._id}`, publishedId: SERVICE._id, patch: { set: { 'title.de': 'X' } } });
    await expect(edit).rejects.toMatchObject({ statusCode: 409, message: expect.stringContaining('ist geplant und deshalb gesperrt') });
    await expect(t.client.patch(`versions.rWeek.${SERVICE._id}`).set({ 'title.de': 'X' }).commit()).rejects.toMatchObject({ statusCode: 409 });
    await expect(t.client.releases.archive({ releaseId: 'rWeek' })).rejects.toMatchObject({ statusCode: 409, message: expect.stringContaining('heben Sie zuerst die Planung auf') });
    await t.client.releases.unschedule({ releaseId: 'rWeek' });
    expect(await release('rWeek')).toMatchObject({ state: 'active' });
    expect(await release('rWeek')).not.toHaveProperty('publishAt');
  });

  test('at its time the scheduler publishes every document of the release at once, with one webhook each', async () => {
    await t.lake.settled();
    received.length = 0;
    await t.client.releases.schedule({ releaseId: 'rWeek', publishAt: '2026-12-08T09:00:00.000Z' });
    clock.advanceTo('2026-12-08T08:59:59.000Z');
    await t.lake.settled();
    expect(await t.client.getDocument('pressItem-rWeek')).toBeUndefined();
    expect((await release('rWeek'))?.state).toBe('scheduled');

    clock.advanceTo('2026-12-08T09:00:00.000Z');
    await t.lake.settled();
    expect(await release('rWeek')).toMatchObject({
      state: 'published',
      publishedAt: '2026-12-08T09:00:00.000Z',
      finalDocumentStates: expect.arrayContaining([{ id: `versions.rWeek.${SERVICE._id}` }, { id: 'versions.rWeek.pressItem-rWeek' }]),
    });
    const service = await t.client.getDocument(SERVICE._id);
    const press = await t.client.getDocument('pressItem-rWeek');
    expect(service?.title).toEqual({ de: 'Reisepass – Themenwoche' });
    expect(press?.title).toEqual({ de: 'Presse Themenwoche' });
    // One transaction: both documents have the same revision and time.
    expect(press?._rev).toBe(service?._rev);
    expect(service?._updatedAt).toBe('2026-12-08T09:00:00.000Z');
    expect(await t.client.fetch('count(*[sanity::partOfRelease("rWeek")])', {}, { perspective: 'raw' })).toBe(0);
    expect(received.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'pressItem-rWeek', operation: 'create' },
      { id: SERVICE._id, operation: 'update' },
    ]);
    // A published release can be deleted, not published again.
    await expect(t.client.releases.publish({ releaseId: 'rWeek' })).rejects.toMatchObject({ statusCode: 409 });
    await t.client.releases.delete({ releaseId: 'rWeek' });
    expect(await release('rWeek')).toBeUndefined();
  });

  test('a release whose document refers to a deleted one publishes nothing and tells the editor why, in German', async () => {
    await t.client.create({ _id: 'provider-standesamt', _type: 'provider', name: { de: 'Standesamt' } });
    await t.client.releases.create({ releaseId: 'rBroken', metadata: { title: 'Weihnachten', releaseType: 'scheduled' } });
    const service = await t.client.getDocument(SERVICE._id);
    await action([
      { actionType: 'sanity.action.document.version.create', publishedId: SERVICE._id, baseId: SERVICE._id, versionId: `versions.rBroken.${SERVICE._id}` },
      {
        actionType: 'sanity.action.document.version.create',
        publishedId: 'pressItem-weihnachten',
        document: { _id: 'versions.rBroken.pressItem-weihnachten', _type: 'pressItem', title: { de: 'Öffnungszeiten an Weihnachten' }, provider: { _type: 'reference', _ref: 'provider-standesamt' } },
      },
    ]);
    await t.client.releases.schedule({ releaseId: 'rBroken', publishAt: '2026-12-20T07:00:00.000Z' });
    // The referenced document goes away after the release was scheduled.
    await t.client.delete('provider-standesamt');
    await t.lake.settled();
    received.length = 0;

    clock.advanceTo('2026-12-20T07:00:00.000Z');
    await t.lake.settled();
    const failed = await release('rBroken');
    expect(failed).toMatchObject({ state: 'active', error: { message: expect.stringContaining('Die Veröffentlichung „Weihnachten“ wurde nicht veröffentlicht, nichts ist online gegangen') } });
    expect((failed?.error as { message: string }).message).toContain('„Öffnungszeiten an Weihnachten“ verweist auf ein Dokument, das es dann nicht gibt (provider-standesamt)');
    expect(failed).not.toHaveProperty('publishAt');
    // Nothing published: neither the new press item nor the service's version.
    expect(await t.client.getDocument('pressItem-weihnachten')).toBeUndefined();
    expect((await t.client.getDocument(SERVICE._id))?._rev).toBe(service?._rev);
    expect(await t.client.fetch('count(*[sanity::partOfRelease("rBroken")])', {}, { perspective: 'raw' })).toBe(2);
    expect(received).toEqual([]);
    // The Studio counts releases with an error (releaseStoreErrorCount): active, with a message.
    expect(await t.client.fetch('count(*[_type == "system.release" && state == "active" && length(error.message) > 0])')).toBe(1);

    // Published at once, the same release fails the same way and the action says why.
    await expect(t.client.releases.publish({ releaseId: 'rBroken' })).rejects.toMatchObject({
      statusCode: 409,
      message: expect.stringContaining('verweist auf ein Dokument, das es dann nicht gibt'),
    });
    expect(await t.client.getDocument('pressItem-weihnachten')).toBeUndefined();

    // Fixed (the reference removed), rescheduling clears the error and the release goes out.
    await t.client.discardVersion({ releaseId: 'rBroken', publishedId: 'pressItem-weihnachten' });
    await t.client.releases.schedule({ releaseId: 'rBroken', publishAt: '2026-12-20T08:00:00.000Z' });
    expect(await release('rBroken')).not.toHaveProperty('error');
    clock.advanceTo('2026-12-20T08:00:00.000Z');
    await t.lake.settled();
    expect((await release('rBroken'))?.state).toBe('published');
  });

  test('a time already past publishes at once; unpublish-with-release removes the published document', async () => {
    await t.client.create({ _id: 'pressItem-alt', _type: 'pressItem', title: { de: 'Alte Meldung' } });
    await t.client.releases.create({ releaseId: 'rClean', metadata: { title: 'Aufräumen', releaseType: 'asap' } });
    await action({ actionType: 'sanity.action.document.version.unpublish', versionId: 'versions.rClean.pressItem-alt', publishedId: 'pressItem-alt' });
    expect(await t.client.getDocument('versions.rClean.pressItem-alt')).toMatchObject({ _system: { delete: true } });
    await t.client.releases.schedule({ releaseId: 'rClean', publishAt: '2026-12-01T00:00:00.000Z' });
    expect((await release('rClean'))?.state).toBe('published');
    expect(await t.client.getDocument('pressItem-alt')).toBeUndefined();
  });
});

describe('archive', () => {
  test('archiving removes the versions and remembers them; unarchiving brings them back', async () => {
    await t.client.releases.create({ releaseId: 'rLater', metadata: { title: 'Später' } });
    await action({ actionType: 'sanity.action.document.version.create', publishedId: PROVIDER._id, baseId: PROVIDER._id, versionId: `versions.rLater.${PROVIDER._id}` });
    await action({ actionType: 'sanity.action.document.edit', draftId: `versions.rLater.${PROVIDER._id}`, publishedId: PROVIDER._id, patch: { set: { 'name.de': 'Bürgerbüro Mitte' } } });
    await expect(t.client.releases.delete({ releaseId: 'rLater' })).rejects.toMatchObject({ statusCode: 409 });
    await t.client.releases.archive({ releaseId: 'rLater' });
    expect(await release('rLater')).toMatchObject({ state: 'archived', finalDocumentStates: [{ id: `versions.rLater.${PROVIDER._id}` }] });
    expect(await t.client.getDocument(`versions.rLater.${PROVIDER._id}`)).toBeUndefined();
    await expect(
      action({ actionType: 'sanity.action.document.version.create', publishedId: PROVIDER._id, baseId: PROVIDER._id, versionId: `versions.rLater.${PROVIDER._id}` }),
    ).rejects.toMatchObject({ statusCode: 409 });
    await t.client.releases.unarchive({ releaseId: 'rLater' });
    expect((await release('rLater'))?.state).toBe('active');
    expect((await t.client.getDocument(`versions.rLater.${PROVIDER._id}`))?.name).toEqual({ de: 'Bürgerbüro Mitte' });
    await t.client.releases.archive({ releaseId: 'rLater' });
    await t.client.releases.delete({ releaseId: 'rLater' });
    expect(await release('rLater')).toBeUndefined();
  });
});
