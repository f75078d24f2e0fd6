// The build status API of the publish server (GET /api/build-status) and the build manifest it
// serves, with the stub build: what the Studio reads to show "Live", "Wird veröffentlicht …" and
// "Veröffentlichung fehlgeschlagen". Queue, running build and results; the problems a failed
// build reported, without English output, paths or stack traces; CORS for the Studio's origin
// only; ETag revalidation.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BUILD_MANIFEST_PATH, parseManifest } from '../../core/publish/build-manifest.ts';
import { BUILD_STATUS_PATH, parseBuildStatus, type BuildStatus } from '../../core/publish/build-status.ts';
import { DEFAULT_STUDIO_ORIGIN } from '../../core/publish/studio-origin.ts';
import { publishedDoc, sendWebhook, startPublishServer, stubBuildCommand, waitFor, type RunningServer } from './helpers.ts';

const work = mkdtempSync(path.join(tmpdir(), 'ksp-build-status-'));
const STUDIO = 'http://localhost:39333';
let running: RunningServer | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function start(name: string, extra: Record<string, string> = {}) {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  const fail = path.join(dir, 'fail');
  const releases = path.join(dir, 'releases');
  running = await startPublishServer({ RELEASES_DIR: releases, PUBLISH_BUILD_COMMAND: stubBuildCommand, STUB_BUILD_SLEEP_MS: '600', STUB_FAIL_FILE: fail, STUDIO_ORIGIN: STUDIO, ...extra });
  const url = running.url;
  const status = async (): Promise<BuildStatus> => parseBuildStatus(await (await fetch(`${url}${BUILD_STATUS_PATH}`)).json())!;
  await waitFor('the first release', async () => (await status()).builds.find((build) => build.result === 'success'));
  return { url, fail, releases, status };
}

describe('GET /api/build-status', () => {
  it('follows a publish from the queue through the running build to the live manifest', async () => {
    const { url, status } = await start('flow');
    const first = publishedDoc({ _id: 'service.a' });
    const second = publishedDoc({ _id: 'service.b' });
    expect((await sendWebhook(`${url}/webhooks/sanity`, first)).status).toBe(202);
    expect((await sendWebhook(`${url}/webhooks/sanity`, second)).status).toBe(202);

    const during = await status();
    expect(during.source).toBe('publish-server');
    expect(during.running?.trigger).toEqual({ kind: 'publish', documents: [first] });
    // The second publish waits for the build after the running one.
    expect(during.queue).toHaveLength(1);
    expect(during.queue[0]!.documents).toEqual([second]);

    const after = await waitFor('both builds', async () => {
      const body = await status();
      return body.running === null && body.queue.length === 0 && body.builds.length >= 3 ? body : undefined;
    });
    expect(after.builds.slice(0, 2).map((build) => [build.result, build.trigger.documents.map((doc) => doc._id)])).toEqual([
      ['success', ['service.b']],
      ['success', ['service.a']],
    ]);
    expect(after.builds[2]!.trigger.kind).toBe('startup');
    expect(after.live?.id).toBe(after.builds[0]!.id);
    for (const build of after.builds) expect(build.durationMs).toBeGreaterThan(0);

    // The live release's manifest names the build and the document that triggered it.
    const manifest = parseManifest(await (await fetch(`${url}${BUILD_MANIFEST_PATH}`)).json());
    expect(manifest?.buildId).toBe(after.builds[0]!.id);
    expect(manifest?.trigger).toEqual({ kind: 'publish', documents: [second] });
  });

  it('reports a failed build with the problems it reported, without output, paths or stack traces; the site stays live', async () => {
    const { url, fail, releases, status } = await start('failure');
    const liveBefore = (await status()).live?.id;
    const broken = publishedDoc({ _id: 'service.broken' });
    const problem = { id: 'service.broken', type: 'service', field: 'provider', problem: 'points to "partner.neu", which does not exist or is not published', fix: 'publish that partner', code: { kind: 'reference', ref: 'partner.neu' } };
    writeFileSync(fail, JSON.stringify({ problems: [problem] }));
    await sendWebhook(`${url}/webhooks/sanity`, broken);
    const body = await waitFor('the failed build', async () => {
      const current = await status();
      return current.builds[0]?.result === 'failed' ? current : undefined;
    });
    expect(body.builds[0]!.failure).toEqual({ kind: 'content', problems: [{ id: problem.id, type: problem.type, field: problem.field, code: problem.code }] });
    expect(body.builds[0]!.trigger.documents).toEqual([broken]);
    expect(body.live?.id).toBe(liveBefore);
    const text = JSON.stringify(body);
    expect(text).not.toContain(work);
    expect(text).not.toMatch(/stub-build|Last output|\bat .+:\d+:\d+/);
    expect(text).not.toContain('does not exist'); // the English text stays in the log
    expect(readdirSync(releases).filter((name) => name.includes('problems'))).toEqual([]);

    // Without a report (a crash, not the content) the kind is a technical error.
    writeFileSync(fail, '');
    await sendWebhook(`${url}/webhooks/sanity`, publishedDoc({ _id: 'service.other' }));
    const second = await waitFor('the second failed build', async () => {
      const current = await status();
      return current.builds[0]?.trigger.documents[0]?._id === 'service.other' && current.builds[0].result === 'failed' ? current : undefined;
    });
    expect(second.builds[0]!.failure).toEqual({ kind: 'error', problems: [] });
    expect(existsSync(fail)).toBe(true);
  });

  it('lets only the Studio origin read status and manifest, and answers an unchanged poll with 304', async () => {
    const { url } = await start('cors');
    const fromStudio = await fetch(`${url}${BUILD_STATUS_PATH}`, { headers: { Origin: STUDIO } });
    expect(fromStudio.headers.get('access-control-allow-origin')).toBe(STUDIO);
    expect(fromStudio.headers.get('vary')).toMatch(/Origin/);
    expect(fromStudio.headers.get('cache-control')).toBe('no-cache');
    const fromElsewhere = await fetch(`${url}${BUILD_STATUS_PATH}`, { headers: { Origin: 'https://evil.example' } });
    expect(fromElsewhere.headers.get('access-control-allow-origin')).toBeNull();

    const preflight = await fetch(`${url}${BUILD_STATUS_PATH}`, { method: 'OPTIONS', headers: { Origin: STUDIO, 'Access-Control-Request-Method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(STUDIO);
    expect((await fetch(`${url}${BUILD_STATUS_PATH}`, { method: 'POST' })).status).toBe(405);

    const etag = fromStudio.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await fetch(`${url}${BUILD_STATUS_PATH}`, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);

    // The manifest: STUDIO_ORIGIN replaces the deployed Studio's origin of netlify.toml.
    const manifest = await fetch(`${url}${BUILD_MANIFEST_PATH}`, { headers: { Origin: STUDIO } });
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('access-control-allow-origin')).toBe(STUDIO);
    expect(manifest.headers.get('access-control-allow-origin')).not.toBe(DEFAULT_STUDIO_ORIGIN);
    const manifestEtag = manifest.headers.get('etag');
    expect((await fetch(`${url}${BUILD_MANIFEST_PATH}`, { headers: { 'If-None-Match': manifestEtag! } })).status).toBe(304);
  });

  it('refuses a STUDIO_ORIGIN that is not an origin and names the variable', async () => {
    await expect(startPublishServer({ RELEASES_DIR: path.join(work, 'bad'), STUDIO_ORIGIN: 'localhost:3333/studio' })).rejects.toThrow(/STUDIO_ORIGIN "localhost:3333\/studio" is not an origin/);
  });
});
