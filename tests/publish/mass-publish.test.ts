// A mass publish and a build that throws, against the real publish server on 127.0.0.1 with the
// stub build. 900 signed webhooks during one build once made the next build's environment exceed
// the kernel's limit (a trigger listing every document in one variable: spawn E2BIG), and the
// queue swallowed the error: /api/build-status said "running" forever and nothing was logged.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BUILD_STATUS_PATH, type BuildStatus } from '../../core/publish/build-status.ts';
import { parseManifest } from '../../core/publish/build-manifest.ts';
import { getStatus, nodeBinary, publishedDoc, repoRoot, sendWebhook, startPublishServer, stubBuildCommand, waitFor, type RunningServer } from './helpers.ts';

const work = mkdtempSync(path.join(tmpdir(), 'ksp-mass-'));
let running: RunningServer | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const DOCUMENTS = 900;

describe('a mass publish during one build', () => {
  it(`builds all ${DOCUMENTS} documents in the next build, which starts and goes live`, async () => {
    const dir = path.join(work, 'mass');
    mkdirSync(dir, { recursive: true });
    const hold = path.join(dir, 'hold');
    writeFileSync(hold, '');
    running = await startPublishServer({ RELEASES_DIR: path.join(dir, 'releases'), PUBLISH_BUILD_COMMAND: stubBuildCommand, STUB_BUILD_SLEEP_MS: '50', STUB_HOLD_FILE: hold });
    const { url } = running;
    await waitFor('the first build to run', async () => (await getStatus(url)).building);

    // Long ids and types, as real documents have: together far above the 128 KiB a single
    // environment variable may hold.
    const ids = Array.from({ length: DOCUMENTS }, (_, i) => `service-massenveroeffentlichung-${String(i).padStart(4, '0')}-${'x'.repeat(120)}`);
    for (let start = 0; start < ids.length; start += 25) {
      const answers = await Promise.all(ids.slice(start, start + 25).map((_id) => sendWebhook(`${url}/webhooks/sanity`, publishedDoc({ _id }))));
      for (const answer of answers) expect(answer.status).toBe(202);
    }
    const waiting = (await (await fetch(`${url}${BUILD_STATUS_PATH}`)).json()) as BuildStatus;
    expect(waiting.queue[0]?.documents).toHaveLength(DOCUMENTS);

    unlinkSync(hold);
    const status = await waitFor('the follow-up build to finish', async () => {
      const body = await getStatus(url);
      return body.builds.started === 2 && !body.building ? body : undefined;
    }, 60_000);
    expect(status.lastBuild?.ok, status.lastBuild?.error ?? '').toBe(true);
    expect(status.builds).toEqual({ started: 2, succeeded: 2, failed: 0 });
    const manifest = parseManifest(await (await fetch(`${url}/build-manifest.json`)).json());
    expect(manifest?.trigger.kind).toBe('publish');
    // Every document once (in arrival order, which concurrent requests do not fix).
    expect(manifest?.trigger.documents.map((doc) => doc._id).sort()).toEqual(ids);
    // The trigger files go with their builds.
    expect(readdirSync(path.join(dir, 'releases')).filter((name) => name.endsWith('.trigger.json'))).toEqual([]);
  }, 120_000);
});

describe('a build that throws inside the queue', () => {
  it('is reported failed in /status and the build status API, logged, and followed by the next try', async () => {
    // A NUL byte in an argument makes spawn throw instead of emitting an error: the build never
    // starts, as with E2BIG.
    const command = JSON.stringify([`${nodeBinary}\u0000`, path.join(repoRoot, 'tests', 'publish', 'fixtures', 'stub-build.ts'), '--out', '{out}']);
    running = await startPublishServer({ RELEASES_DIR: path.join(work, 'throws', 'releases'), PUBLISH_BUILD_COMMAND: command, BUILD_RETRY_SECONDS: '1' });
    const { url } = running;
    const status = await waitFor('two failed tries', async () => {
      const body = await getStatus(url);
      return body.builds.failed >= 2 ? body : undefined;
    }, 20_000);
    expect(status.lastBuild?.ok).toBe(false);
    expect(status.lastBuild?.error).toMatch(/The build command could not be started \(ERR_INVALID_ARG_VALUE\)\. Check PUBLISH_BUILD_COMMAND\./);
    const api = (await (await fetch(`${url}${BUILD_STATUS_PATH}`)).json()) as BuildStatus;
    expect(api.builds[0]?.result).toBe('failed');
    expect(running.output()).toMatch(/"event":"build-failed".*ERR_INVALID_ARG_VALUE/);
  });
});
