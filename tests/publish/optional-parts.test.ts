// The publish server's optional parts fail alone: a drafts preview that cannot start (its port is
// taken, a bad SANITY_STUDIO_URL) used to make the server exit after it had served the site, and
// a process manager's restart loop then took the public site down. Now the site keeps serving
// and GET /status names the part and why. A real process on 127.0.0.1, with the stub build.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { getStatus, startPublishServer, stubBuildCommand, waitFor, type RunningServer } from './helpers.ts';

const work = mkdtempSync(path.join(tmpdir(), 'ksp-parts-'));
let running: RunningServer | undefined;
let blocker: Server | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
  await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  blocker = undefined;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A preview the server is asked to serve: the settings it needs, without a lake (it never gets that far). */
const previewEnv = {
  SANITY_PREVIEW_TOKEN: 'sk-test-preview-token-0123456789',
  SANITY_PROJECT_ID: 'ksp-test',
  SANITY_DATASET: 'production',
};

async function expectServesWithoutPreview(env: Record<string, string>, reason: RegExp) {
  running = await startPublishServer({ RELEASES_DIR: path.join(work, String(Math.random()).slice(2), 'releases'), PUBLISH_BUILD_COMMAND: stubBuildCommand, STUB_BUILD_SLEEP_MS: '100', ...previewEnv, ...env });
  const { url } = running;
  const status = await waitFor('the preview to fail and the site to be live', async () => {
    const body = await getStatus(url);
    return body.current && body.parts.preview.state === 'failed' ? body : undefined;
  }, 20_000);
  const preview = status.parts.preview;
  expect(preview.state).toBe('failed');
  expect(preview.state === 'failed' && preview.reason).toMatch(reason);
  // The other parts do not fail with it.
  expect(status.parts.images.state).toBe('running');
  expect(running.child.exitCode).toBeNull();
  const page = await fetch(`${url}/dienstleistungen/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Dienstleistungen');
  // The log names the part and why; the process is still there afterwards.
  expect(running.output()).toMatch(/"event":"part-failed".*"part":"preview"/);
  expect(running.output()).toMatch(/preview is not running, the site is served without it/);
  expect((await fetch(`${url}/`)).status).toBe(200);
  expect(running.child.exitCode).toBeNull();
}

describe('an optional drafts preview that cannot start', () => {
  it('leaves the site serving when PREVIEW_PORT is taken, and /status says so', async () => {
    blocker = createServer((_req, res) => res.end('someone else'));
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    await expectServesWithoutPreview({ PREVIEW_PORT: String(port) }, new RegExp(`PREVIEW_PORT ${port} is already in use. Stop the other process or set PREVIEW_PORT to a free port`));
  });

  it('leaves the site serving with a bad SANITY_STUDIO_URL, and /status names the variable', async () => {
    await expectServesWithoutPreview({ PREVIEW_PORT: '0', SANITY_STUDIO_URL: 'ftp://studio.example' }, /SANITY_STUDIO_URL "ftp:\/\/studio.example" is not an http\(s\) URL/);
  });

  it('reports a preview that is not configured as off, with how to turn it on', async () => {
    running = await startPublishServer({ RELEASES_DIR: path.join(work, 'off', 'releases'), PUBLISH_BUILD_COMMAND: stubBuildCommand, STUB_BUILD_SLEEP_MS: '100' });
    const url = running.url;
    const status = await waitFor('the site to be live', async () => {
      const body = await getStatus(url);
      return body.current ? body : undefined;
    });
    expect(status.parts.preview).toEqual({ state: 'off', reason: expect.stringMatching(/set SANITY_PREVIEW_TOKEN/) as unknown });
  });
});
