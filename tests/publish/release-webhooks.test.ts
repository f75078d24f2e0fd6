// A published Content Release reaches the publish server as Sanity sends it: one signed webhook
// per document, all from one transaction. The server (a real child process with the stub build)
// turns them into one build, and both documents are in its trigger.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestLake, type LakeUnderTest } from '../lake/helpers.ts';
import { getStatus, SECRET, startPublishServer, stubBuildCommand, waitFor, type RunningServer } from './helpers.ts';

const work = mkdtempSync(path.join(tmpdir(), 'ksp-release-webhooks-'));
let running: RunningServer | undefined;
let t: LakeUnderTest | undefined;

afterAll(async () => {
  await t?.close();
  await running?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('a published release', () => {
  it('sends one webhook per document and the publish server builds once', async () => {
    const log = path.join(work, 'builds.log');
    // Long enough that the second webhook arrives while the first build runs.
    running = await startPublishServer({ RELEASES_DIR: path.join(work, 'releases'), PUBLISH_BUILD_COMMAND: stubBuildCommand, STUB_BUILD_LOG: log, STUB_BUILD_SLEEP_MS: '1500' });
    const { url } = running;
    await waitFor('the first release', async () => (await getStatus(url)).current);
    const builds = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).length : 0);
    expect(builds()).toBe(1);

    t = await startTestLake({
      documents: [{ _id: 'service-reisepass', _type: 'service', title: { de: 'Reisepass' } }],
      webhook: { url: `${url}/webhooks/sanity`, secret: SECRET },
    });
    const { client, lake } = t;
    await client.releases.create({ releaseId: 'rWeek', metadata: { title: 'Themenwoche', releaseType: 'asap' } });
    await client.action([
      { actionType: 'sanity.action.document.version.create', publishedId: 'service-reisepass', baseId: 'service-reisepass', versionId: 'versions.rWeek.service-reisepass' },
      { actionType: 'sanity.action.document.version.create', publishedId: 'pressItem-woche', document: { _id: 'versions.rWeek.pressItem-woche', _type: 'pressItem', title: { de: 'Themenwoche' } } },
    ] as never);
    await lake.settled();
    // Versions are not published: no webhook yet.
    expect(lake.deliveries).toEqual([]);

    await client.releases.publish({ releaseId: 'rWeek' });
    await lake.settled();
    expect(lake.deliveries.map(({ documentId, status }) => `${documentId} ${String(status)}`).sort()).toEqual(['pressItem-woche 202', 'service-reisepass 202']);
    await waitFor('the builds to settle', async () => {
      const status = await getStatus(url);
      return !status.building && !status.pending && status.builds.started === 2;
    }, 20_000);
    // A wrongly queued follow-up build would start right after the first one.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await getStatus(url)).builds.started).toBe(2);
    expect(builds()).toBe(2);
  }, 60_000);
});
