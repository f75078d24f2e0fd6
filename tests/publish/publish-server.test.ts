// The self-hosted publish server as a real process on 127.0.0.1, with a stub build command
// (tests/publish/fixtures/stub-build.ts) so many builds stay fast. The real build is exercised
// in publish-e2e.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { headersForPath, loadNetlifyRules } from '../../core/publish/netlify-config.ts';
import { getStatus, nodeBinary, publishedDoc, rawRequest, repoRoot, SECRET, sendWebhook, startPublishServer, stubBuildCommand, waitFor, type RunningServer } from './helpers.ts';

const work = mkdtempSync(path.join(tmpdir(), 'ksp-publish-'));
const rules = loadNetlifyRules(path.join(repoRoot, 'netlify.toml'));
let running: RunningServer | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function setup(name: string, sleepMs = 300) {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  const files = { releases: path.join(dir, 'releases'), log: path.join(dir, 'builds.log'), version: path.join(dir, 'version'), fail: path.join(dir, 'fail') };
  const env = {
    RELEASES_DIR: files.releases,
    PUBLISH_BUILD_COMMAND: stubBuildCommand,
    STUB_BUILD_LOG: files.log,
    STUB_BUILD_SLEEP_MS: String(sleepMs),
    STUB_VERSION_FILE: files.version,
    STUB_FAIL_FILE: files.fail,
  };
  const builds = () => (existsSync(files.log) ? readFileSync(files.log, 'utf8').trim().split('\n').filter(Boolean).length : 0);
  return { files, env, builds };
}

async function startAndWaitLive(env: Record<string, string>) {
  running = await startPublishServer(env);
  const url = running.url;
  await waitFor('the first release', async () => (await getStatus(url)).current);
  return url;
}

/** /status and other public answers: no absolute path, no stack trace, no build output. */
function expectNoInternals(text: string) {
  expect(text).not.toContain(work);
  expect(text).not.toContain(repoRoot);
  expect(text).not.toMatch(/Stack trace|\bat \w+ \(|file:\/\/|stub-build|\.mjs/);
}

/** The release directories (not the records beside them). */
function releaseNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{4}-/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

async function version(url: string): Promise<string | undefined> {
  const html = await (await fetch(`${url}/`)).text();
  return /data-version="([^"]*)"/.exec(html)?.[1];
}

describe('publish server configuration', () => {
  function run(env: Record<string, string>) {
    const result = spawnSync(nodeBinary, [path.join(repoRoot, 'scripts', 'publish-server.ts')], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { status: result.status, stderr: result.stderr };
  }

  it('refuses to start without SANITY_WEBHOOK_SECRET and names the variable', () => {
    const { status, stderr } = run({});
    expect(status).toBe(1);
    expect(stderr).toMatch(/SANITY_WEBHOOK_SECRET is not set/);
  });

  it.each([
    [{ SANITY_WEBHOOK_SECRET: 'short' }, /SANITY_WEBHOOK_SECRET is too short/],
    [{ SANITY_WEBHOOK_SECRET: SECRET, PORT: 'http' }, /PORT "http" must be a whole number/],
    [{ SANITY_WEBHOOK_SECRET: SECRET, KEEP_RELEASES: '1' }, /KEEP_RELEASES "1" must be a whole number from 2/],
    [{ SANITY_WEBHOOK_SECRET: SECRET, BUILD_RETRY_SECONDS: 'bald' }, /BUILD_RETRY_SECONDS "bald" must be a whole number from 1 to 3600/],
    [{ SANITY_WEBHOOK_SECRET: SECRET, WEBHOOK_MAX_BYTES: 'lots' }, /WEBHOOK_MAX_BYTES "lots"/],
    [{ SANITY_WEBHOOK_SECRET: SECRET, PUBLISH_BUILD_COMMAND: 'node build.ts' }, /PUBLISH_BUILD_COMMAND must be a JSON array/],
    [{ SANITY_WEBHOOK_SECRET: SECRET, PUBLISH_BUILD_COMMAND: '["node","build.ts"]' }, /must contain "\{out\}"/],
  ])('explains a bad setting %#', (env, message) => {
    const { status, stderr } = run(env);
    expect(status).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain(SECRET);
  });
});

describe('publish server', () => {
  it('builds a first release before serving (503 with Retry-After meanwhile), then serves it with the netlify.toml headers', async () => {
    const { env } = setup('first', 1500);
    running = await startPublishServer(env);
    const url = running.url;
    const early = await fetch(`${url}/`);
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('10');
    expect(early.headers.get('content-security-policy')).toBe(headersForPath(rules, '/')['Content-Security-Policy']);
    const during = await getStatus(url);
    expect(during.current).toBeNull();
    expect(during.building?.trigger).toMatch(/startup/);

    await waitFor('the first release', async () => (await getStatus(url)).current, 20_000);
    for (const urlPath of ['/', '/dienstleistungen/', '/dienstleistungen/reisepass/', '/_astro/app.js', '/_astro/site.css', '/pagefind/pagefind.js']) {
      const response = await fetch(`${url}${urlPath}`);
      expect(response.status, urlPath).toBe(200);
      const expected = headersForPath(rules, urlPath);
      for (const [name, value] of Object.entries(expected)) expect(response.headers.get(name), `${name} on ${urlPath}`).toBe(value);
    }
    const missing = await fetch(`${url}/gibt-es-nicht/`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBeTruthy();
    expect(await missing.text()).toContain('Seite nicht gefunden');
  });

  it('applies the redirects of netlify.toml and adds the trailing slash', async () => {
    const { env } = setup('redirects');
    const url = await startAndWaitLive(env);
    const get = (p: string) => fetch(`${url}${p}`, { redirect: 'manual' });
    expect((await get('/services/reisepass/')).headers.get('location')).toBe('/dienstleistungen/reisepass/');
    expect((await get('/index.html')).status).toBe(301);
    expect((await get('/index.html')).headers.get('location')).toBe('/');
    const slash = await get('/dienstleistungen?x=1');
    expect(slash.status).toBe(301);
    expect(slash.headers.get('location')).toBe('/dienstleistungen/?x=1');
  });

  it('redirects only to paths on this site, whatever a non-browser client sends', async () => {
    const { env } = setup('open-redirect');
    const url = await startAndWaitLive(env);
    // These three used to answer 301 Location: //evil.example/..%2fdienstleistungen/.
    for (const rawPath of ['/.//evil.example/..%2fdienstleistungen', '/x/..//evil.example/..%2fdienstleistungen', '/%2e//evil.example/..%2fdienstleistungen']) {
      const response = await rawRequest(url, rawPath);
      expect(response.status, rawPath).toBe(404);
      expect(response.headers.location, rawPath).toBeUndefined();
    }
    expect((await rawRequest(url, '//dienstleistungen')).headers.location).toBe('/dienstleistungen/');
    expect((await rawRequest(url, '/de//evil.example/')).headers.location).toBe('/evil.example/');
  });

  it('answers malformed percent-encoding with 400 under every prefix, and logs no error', async () => {
    const { env } = setup('percent');
    const url = await startAndWaitLive(env);
    for (const rawPath of ['/%ff', '/de/%ff', '/services/%ff', '/en/%ff', '/dienstleistungen/%e4']) {
      expect((await rawRequest(url, rawPath)).status, rawPath).toBe(400);
    }
    expect(running?.output()).not.toContain('request-error');
  });

  it('shows a change after a signed webhook, ignores unsigned ones, and keeps recently replaced releases', async () => {
    const { env, files, builds } = setup('change');
    writeFileSync(files.version, 'alt');
    const url = await startAndWaitLive({ ...env, KEEP_RELEASES: '2' });
    expect(await version(url)).toBe('alt');

    writeFileSync(files.version, 'neu');
    const unsigned = await fetch(`${url}/webhooks/sanity`, { method: 'POST', body: JSON.stringify(publishedDoc()) });
    expect(unsigned.status).toBe(401);
    expect((await sendWebhook(`${url}/webhooks/sanity`, publishedDoc({ _id: 'drafts.service.x' }))).status).toBe(204);
    const accepted = await sendWebhook(`${url}/webhooks/sanity`, publishedDoc());
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toMatchObject({ status: 'accepted', build: 'started' });
    await waitFor('the new version', async () => (await version(url)) === 'neu');

    for (const v of ['drei', 'vier']) {
      writeFileSync(files.version, v);
      expect((await sendWebhook(`${url}/webhooks/sanity`, publishedDoc())).status).toBe(202);
      await waitFor(`version ${v}`, async () => (await version(url)) === v);
    }
    const status = await waitFor('the builds to settle', async () => {
      const s = await getStatus(url);
      return !s.building && !s.pending ? s : undefined;
    });
    expect(readlinkSync(path.join(files.releases, 'current'))).toBe(status.current?.id);
    expect(builds()).toBe(4);
    // KEEP_RELEASES is 2, but all four were replaced just now: pages loaded before a switch may
    // still ask for their hashed assets.
    expect(releaseNames(files.releases)).toHaveLength(4);
    expect(running?.output()).not.toContain(SECRET);
  });

  it('deletes releases beyond KEEP_RELEASES once replaced more than an hour ago', async () => {
    const { env, files } = setup('prune');
    const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
    const started = [0, 1, 2].map((minutes) => new Date(dayAgo + minutes * 60_000));
    const old = started.map((time) => time.toISOString().replace(/[:.]/g, '-'));
    for (const [index, id] of old.entries()) {
      // What an earlier run of the server wrote: the release and its record beside it.
      const record = { version: 1, id, trigger: { kind: 'daily', documents: [] }, startedAt: started[index]!.toISOString(), endedAt: new Date(started[index]!.getTime() + 30_000).toISOString() };
      mkdirSync(path.join(files.releases, id, 'pagefind'), { recursive: true });
      writeFileSync(path.join(files.releases, `${id}.json`), JSON.stringify(record));
      writeFileSync(path.join(files.releases, id, 'index.html'), '<p data-version="uralt">uralt</p>');
      writeFileSync(path.join(files.releases, id, 'pagefind', 'pagefind.js'), '');
    }
    symlinkSync(old[2], path.join(files.releases, 'current'));
    writeFileSync(files.version, 'neu');
    running = await startPublishServer({ ...env, KEEP_RELEASES: '2' });
    const url = running.url;
    expect(await version(url)).toBe('uralt');
    await waitFor('the refresh build', async () => (await version(url)) === 'neu');
    await waitFor('pruning', () => !releaseNames(files.releases).includes(old[1]));
    // The two that were replaced a day ago are gone; the one replaced just now stays.
    const left = releaseNames(files.releases);
    expect(left).toHaveLength(2);
    expect(left[0]).toBe(old[2]);
    // Their records went with them.
    expect(readdirSync(files.releases).filter((name) => name.endsWith('.json')).sort()).toEqual(left.map((id) => `${id}.json`));
  });

  it('turns a burst of 20 webhooks into at most 2 builds', async () => {
    const { env, builds } = setup('burst', 1500);
    const url = await startAndWaitLive(env);
    expect(builds()).toBe(1);
    const responses = await Promise.all(Array.from({ length: 20 }, () => sendWebhook(`${url}/webhooks/sanity`, publishedDoc())));
    const answers = await Promise.all(responses.map(async (r) => ({ status: r.status, build: ((await r.json()) as { build: string }).build })));
    expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(answers.filter((a) => a.build === 'started')).toHaveLength(1);
    expect(answers.filter((a) => a.build === 'queued')).toHaveLength(1);
    expect(answers.filter((a) => a.build === 'coalesced')).toHaveLength(18);
    await waitFor('the builds to settle', async () => {
      const status = await getStatus(url);
      return !status.building && !status.pending && status.builds.started === 3;
    }, 20_000);
    // Give a wrongly queued third build the chance to show up.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(builds() - 1).toBeLessThanOrEqual(2);
    expect((await getStatus(url)).builds.started).toBe(3);
  });

  it('keeps the old site live when a build fails and reports the error in /status', async () => {
    const { env, files } = setup('failure');
    writeFileSync(files.version, 'gut');
    const url = await startAndWaitLive(env);
    const liveBefore = (await getStatus(url)).current?.id;
    // What the content layer reports to KSP_BUILD_REPORT (src/lib/content/problem-report.ts).
    const problem = { id: 'service.broken', type: 'service', field: 'title.de', problem: 'is missing', fix: 'give the entry a German title (field "Titel"), then publish', code: { kind: 'missing' } };
    writeFileSync(files.fail, JSON.stringify({ problems: [problem] }));
    writeFileSync(files.version, 'kaputt');
    expect((await sendWebhook(`${url}/webhooks/sanity`, publishedDoc())).status).toBe(202);
    const status = await waitFor('the failed build', async () => {
      const s = await getStatus(url);
      return s.lastBuild && !s.lastBuild.ok && !s.building ? s : undefined;
    });
    // A short reason naming the document and field; paths, stack trace and output stay in the log.
    expect(status.lastBuild?.error).toBe(
      'The content breaks the site\'s contract: document "service.broken" (service), field "title.de": is missing. Correct it in the Studio and publish again.',
    );
    expect(status.lastBuild?.problems).toEqual([{ document: 'service.broken', type: 'service', field: 'title.de', problem: 'is missing' }]);
    expectNoInternals(JSON.stringify(status));
    expect(running?.output()).toContain('Stack trace:');
    expect(status.current?.id).toBe(liveBefore);
    expect(status.builds.failed).toBe(1);
    expect(await version(url)).toBe('gut');
    // No half-written release is left behind.
    expect(readdirSync(env.RELEASES_DIR).filter((name) => name.startsWith('.staging-'))).toEqual([]);
    // The next good build goes live again.
    rmSync(files.fail);
    writeFileSync(files.version, 'repariert');
    expect((await sendWebhook(`${url}/webhooks/sanity`, publishedDoc())).status).toBe(202);
    await waitFor('the repaired version', async () => (await version(url)) === 'repariert');
    expect((await getStatus(url)).lastBuild?.ok).toBe(true);
  });

  it('reports a build that failed for another reason without its output, and the last success', async () => {
    const { env, files } = setup('crash');
    const url = await startAndWaitLive(env);
    const live = (await getStatus(url)).current?.id;
    writeFileSync(files.fail, 'crash');
    expect((await sendWebhook(`${url}/webhooks/sanity`, publishedDoc())).status).toBe(202);
    const status = await waitFor('the failed build', async () => {
      const s = await getStatus(url);
      return s.lastBuild && !s.lastBuild.ok && !s.building ? s : undefined;
    });
    expect(status.lastBuild?.error).toBe('The build failed (exit 1). Its output is in the server log.');
    expect(status.lastBuild?.problems).toBeUndefined();
    expect(status.lastSuccess?.id).toBe(live);
    expectNoInternals(JSON.stringify(status));
    expect(running?.output()).toContain('ENOENT: no such file or directory');
  });

  it('never answers 5xx or 404 to requests made continuously during rebuilds and switches', async () => {
    const { env, files } = setup('continuous', 400);
    writeFileSync(files.version, '0');
    const url = await startAndWaitLive({ ...env, KEEP_RELEASES: '2' });
    const paths = ['/', '/dienstleistungen/', '/dienstleistungen/reisepass/', '/_astro/app.js', '/pagefind/pagefind.js'];
    const failures: string[] = [];
    let requests = 0;
    let stop = false;
    const client = async (worker: number) => {
      // Like a browser: the hashed assets a page names are asked for after the page, by which
      // time another release may be live.
      let seenVersion = '0';
      for (let i = worker; !stop; i += 1) {
        const urlPath = i % 2 === 0 ? `/_astro/page.${seenVersion}.css` : paths[i % paths.length];
        const response = await fetch(`${url}${urlPath}`);
        const body = await response.text();
        seenVersion = /data-version="([^"]*)"/.exec(body)?.[1] ?? seenVersion;
        requests += 1;
        if (response.status >= 500 || response.status === 404) failures.push(`${response.status} ${urlPath}`);
      }
    };
    const clients = Array.from({ length: 6 }, (_, worker) => client(worker));
    for (let round = 1; round <= 4; round += 1) {
      writeFileSync(files.version, String(round));
      expect((await sendWebhook(`${url}/webhooks/sanity`, publishedDoc())).status).toBe(202);
      await waitFor(`switch ${round}`, async () => (await version(url)) === String(round), 20_000, 20);
    }
    stop = true;
    await Promise.all(clients);
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(100);
  });

  it('serves the previous releases\' hashed assets after a switch, and never caches a 404 as immutable', async () => {
    const { env, files } = setup('skew');
    writeFileSync(files.version, 'alt');
    const url = await startAndWaitLive({ ...env, KEEP_RELEASES: '2' });
    for (const v of ['neu', 'neuer']) {
      writeFileSync(files.version, v);
      expect((await sendWebhook(`${url}/webhooks/sanity`, publishedDoc())).status).toBe(202);
      await waitFor(`version ${v}`, async () => (await version(url)) === v);
    }
    // Two switches later, a page of the first release still gets its stylesheet and search chunk.
    for (const urlPath of ['/_astro/page.alt.css', '/pagefind/fragment/de_alt.pf_fragment', '/_astro/page.neu.css']) {
      const response = await fetch(`${url}${urlPath}`);
      expect(response.status, urlPath).toBe(200);
      expect(response.headers.get('cache-control'), urlPath).toBe(headersForPath(rules, urlPath)['Cache-Control']);
    }
    expect(await (await fetch(`${url}/_astro/page.alt.css`)).text()).toContain('"alt"');
    // Only hashed assets: an old release's pages are never served.
    writeFileSync(path.join(files.releases, releaseNames(files.releases)[0]!, 'nur-alt.html'), 'alt');
    expect((await fetch(`${url}/nur-alt.html`)).status).toBe(404);
    for (const urlPath of ['/_astro/page.gibt-es-nicht.css', '/_img/gibt-es-nicht.webp', '/pagefind/fragment/de_nie.pf_fragment']) {
      const missing = await fetch(`${url}${urlPath}`);
      expect(missing.status, urlPath).toBe(404);
      expect(missing.headers.get('cache-control'), urlPath).toBe('public, max-age=0, must-revalidate');
    }
  });

  it('tries a failed first build again with growing pauses, says when in /status, and goes live once it works', async () => {
    const { env, files, builds } = setup('retry', 100);
    writeFileSync(files.fail, '');
    running = await startPublishServer({ ...env, BUILD_RETRY_SECONDS: '1' });
    const url = running.url;
    const first = await waitFor('the first retry to be scheduled', async () => {
      const s = await getStatus(url);
      return s.nextRetry?.attempt === 2 ? s : undefined;
    });
    expect(first.current).toBeNull();
    expect(first.lastBuild?.ok).toBe(false);
    expect(first.nextRetry?.pauseSeconds).toBe(1);
    expect(Date.parse(first.nextRetry!.at)).toBeGreaterThan(Date.parse(first.lastBuild!.endedAt));
    const waiting = await fetch(`${url}/`);
    expect(waiting.status).toBe(503);
    expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await waiting.text()).toContain('The next try starts at');

    // The retry fails too: the next pause is twice as long.
    const second = await waitFor('the second retry to be scheduled', async () => {
      const s = await getStatus(url);
      return s.nextRetry?.attempt === 3 ? s : undefined;
    });
    expect(second.nextRetry?.pauseSeconds).toBe(2);
    expect(second.lastBuild?.trigger).toBe('retry 2: no release yet');

    rmSync(files.fail);
    const live = await waitFor('the retry to go live', async () => {
      const s = await getStatus(url);
      return s.current ? s : undefined;
    });
    expect(live.nextRetry).toBeNull();
    expect(live.lastBuild?.trigger).toBe('retry 3: no release yet');
    expect(builds()).toBe(3);
    expect(await version(url)).toBe('1');
  });

  it('shuts down cleanly on SIGTERM during a build: exit 0, no half-written release, the old one still current', async () => {
    const { env, files } = setup('sigterm', 4000);
    const url = await startAndWaitLive(env);
    const live = (await getStatus(url)).current?.id;
    expect((await sendWebhook(`${url}/webhooks/sanity`, publishedDoc())).status).toBe(202);
    await waitFor('the build to write', () => readdirSync(files.releases).some((name) => name.startsWith('.staging-')));
    const server = running!;
    running = undefined;
    const started = Date.now();
    expect(await server.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(readdirSync(files.releases).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(readlinkSync(path.join(files.releases, 'current'))).toBe(live);

    // A restart serves the same release at once and refreshes it in the background
    // (webhooks sent while the server was down are lost).
    running = await startPublishServer(env);
    const status = await getStatus(running.url);
    expect(status.current?.id).toBe(live);
    expect(status.building?.trigger).toBe('startup: refresh');
    // The last success survives the restart: the live release, with the record written beside it.
    expect(status.lastSuccess).toMatchObject({ id: live, trigger: 'startup: no release yet' });
    expect(Date.parse(status.lastSuccess!.endedAt!)).toBeGreaterThan(Date.parse(status.lastSuccess!.startedAt));
    expect((await fetch(`${running.url}/`)).status).toBe(200);
  });

  it('answers the webhook rules over the server too: 405, 413, 401 for a stale signature, 409 for a replay', async () => {
    const { env, builds } = setup('rules');
    const url = await startAndWaitLive(env);
    const hook = `${url}/webhooks/sanity`;
    const get = await fetch(hook);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(get.headers.get('content-security-policy')).toBeTruthy();
    const big = await sendWebhook(hook, undefined, { rawBody: JSON.stringify({ ...publishedDoc(), padding: 'x'.repeat(70 * 1024) }) });
    expect(big.status).toBe(413);
    expect((await sendWebhook(hook, publishedDoc(), { timestamp: Date.now() - 10 * 60 * 1000 })).status).toBe(401);
    const doc = publishedDoc();
    expect((await sendWebhook(hook, doc)).status).toBe(202);
    expect((await sendWebhook(hook, doc, { timestamp: Date.now() + 5 })).status).toBe(409);
    expect((await sendWebhook(hook, publishedDoc({ _type: 'sanity.imageAsset' }))).status).toBe(204);
    expect((await fetch(`${url}/status`, { method: 'POST' })).status).toBe(405);
    await waitFor('the accepted build', async () => !(await getStatus(url)).building);
    expect(builds()).toBe(2);
  });

  it('refuses a second server on the same releases directory', async () => {
    const { env } = setup('lock');
    await startAndWaitLive(env);
    await expect(startPublishServer(env)).rejects.toThrow(/in use by another publish server/);
  });
});
