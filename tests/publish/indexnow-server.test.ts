// IndexNow on the publish server (server/indexnow.ts) with stub builds whose manifests carry page
// lists, and a stub IndexNow endpoint on 127.0.0.1: the first release has nothing to compare with;
// the next announces exactly its added, removed and re-dated pages, after a 429; an endpoint that
// answers 500 forever gets a bounded number of tries, is logged, and the release stays live; the
// Studio's status API says how many addresses were announced. A bad key stops the start.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseBuildStatus, BUILD_STATUS_PATH } from '../../core/publish/build-status.ts';
import { publishTrigger } from '../../core/publish/build-trigger.ts';
import type { IndexNowBody } from '../../core/publish/indexnow.ts';
import { readPublishServerConfig } from '../../server/config.ts';
import { createPublishApp } from '../../server/publish-app.ts';
import { nodeBinary, repoRoot, SECRET, stubBuildCommand, waitFor } from './helpers.ts';

const KEY = '3f9c2a7e1b4d6058-ksp';
const SITE = 'https://ksp.example';
const work = mkdtempSync(path.join(tmpdir(), 'ksp-indexnow-'));
const pagesFile = path.join(work, 'pages.json');
const RETRY = { attempts: 3, baseDelayMs: 20, maxDelayMs: 50, timeoutMs: 2000 };

let stub: Server;
let endpoint = '';
let answers: { status: number; retryAfter?: string }[] = [];
let received: IndexNowBody[] = [];
let app: ReturnType<typeof createPublishApp>;
let siteUrl = '';
const log: string[] = [];

function writePages(pages: Record<string, string | null>) {
  writeFileSync(pagesFile, JSON.stringify({ site: SITE, pages }));
}

const serverEnv = () => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  SANITY_WEBHOOK_SECRET: SECRET,
  KSP_STATE_DIR: path.join(work, 'state'),
  PORT: '0',
  HOST: '127.0.0.1',
  DAILY_REBUILD: 'off',
  PUBLISH_BUILD_COMMAND: stubBuildCommand,
  PUBLISH_BUILD_ENV: 'STUB_PAGES_FILE,STUB_BUILD_SLEEP_MS',
  STUB_PAGES_FILE: pagesFile,
  STUB_BUILD_SLEEP_MS: '20',
  INDEXNOW_KEY: KEY,
  INDEXNOW_ENDPOINT: endpoint,
});

async function apiStatus() {
  const status = parseBuildStatus(await (await fetch(`${siteUrl}${BUILD_STATUS_PATH}`)).json());
  if (!status) throw new Error('the build status API answered something else');
  return status;
}

/** Builds a release from the current pages file and waits until its notice has settled. */
async function publish(): Promise<string> {
  const before = app.status().current?.id;
  app.queue.request(publishTrigger([{ _id: 'service-reisepass-abholen', _type: 'service', _rev: `r${Date.now()}`, operation: 'update' }]));
  const live = await waitFor('the new release', () => {
    const id = app.status().current?.id;
    return id !== before ? id : undefined;
  });
  await waitFor('its IndexNow notice', async () => {
    const state = (await apiStatus()).live?.indexNow?.state;
    return state !== undefined && state !== 'sending';
  });
  return live!;
}

beforeAll(async () => {
  stub = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      received.push(JSON.parse(text) as IndexNowBody);
      const answer = answers[Math.min(received.length - 1, answers.length - 1)]!;
      res.writeHead(answer.status, answer.retryAfter ? { 'Retry-After': answer.retryAfter } : {}).end();
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/indexnow`;
  writePages({ '/a/': '2026-11-01T08:00:00.000Z', '/en/a/': '2026-11-01T08:00:00.000Z', '/b/': '2026-11-02T08:00:00.000Z', '/en/b/': '2026-11-02T08:00:00.000Z', '/list/': null });
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  app = createPublishApp(readPublishServerConfig(serverEnv(), repoRoot), (line) => void log.push(line), { indexNowRetry: RETRY });
  siteUrl = await app.start();
  await waitFor('the first release', () => app.status().current, 30_000);
  await waitFor('its notice', async () => (await apiStatus()).live?.indexNow?.state === 'not-comparable');
  stdout.mockRestore();
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await new Promise((resolve) => stub?.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

describe('IndexNow on the publish server', () => {
  it('announces nothing for the first release (nothing to compare with), and says so', async () => {
    expect(received).toEqual([]);
    expect((await apiStatus()).live?.indexNow).toEqual({ state: 'not-comparable' });
  });

  it('announces exactly the added, removed and re-dated pages of the next release, after a 429', async () => {
    received = [];
    answers = [{ status: 429, retryAfter: '0' }, { status: 200 }];
    writePages({ '/a/': '2026-12-01T09:00:00.000Z', '/en/a/': '2026-12-01T09:00:00.000Z', '/en/b/': '2026-11-02T08:00:00.000Z', '/list/': null, '/c/': '2026-12-01T09:00:00.000Z' });
    const live = await publish();
    const body = { host: 'ksp.example', key: KEY, keyLocation: `${SITE}/${KEY}.txt`, urlList: [`${SITE}/a/`, `${SITE}/b/`, `${SITE}/c/`, `${SITE}/en/a/`] };
    expect(received).toEqual([body, body]);
    const status = await apiStatus();
    expect(status.live).toMatchObject({ id: live, indexNow: { state: 'sent', urls: 4 } });
    expect(app.status().indexNow).toMatchObject({ endpoint: new URL(endpoint).origin, live: { state: 'sent', urls: 4 } });
  });

  it('sends nothing when no page changed', async () => {
    received = [];
    answers = [{ status: 200 }];
    await publish();
    expect(received).toEqual([]);
    expect((await apiStatus()).live?.indexNow).toEqual({ state: 'unchanged' });
  });

  it('gives up after the bounded tries when the endpoint answers 500 forever; the release stays live', async () => {
    received = [];
    answers = [{ status: 500 }];
    log.length = 0;
    writePages({ '/a/': '2026-12-01T09:00:00.000Z', '/en/a/': '2026-12-01T09:00:00.000Z', '/en/b/': '2026-12-02T09:00:00.000Z', '/list/': null, '/c/': '2026-12-01T09:00:00.000Z' });
    const live = await publish();
    expect(received).toHaveLength(RETRY.attempts);
    expect(received.every((body) => JSON.stringify(body.urlList) === JSON.stringify([`${SITE}/en/b/`]))).toBe(true);
    expect((await apiStatus()).live).toMatchObject({ id: live, indexNow: { state: 'failed', urls: 1 } });
    const failed = log.map((line) => JSON.parse(line) as Record<string, unknown>).filter((event) => event.event === 'indexnow-failed');
    expect(failed).toEqual([expect.objectContaining({ release: live, urls: 1, attempts: RETRY.attempts, reason: 'the endpoint answered 500' })]);
    expect(log.filter((line) => line.includes('"indexnow-retry"'))).toHaveLength(RETRY.attempts - 1);
    const page = await fetch(`${siteUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Startseite');
    expect(app.status().current?.id).toBe(live);
  });
});

describe('IndexNow settings of the publish server', () => {
  it('refuses to start with a key of bad characters, with a message that names the variable', () => {
    const result = spawnSync(nodeBinary, [path.join(repoRoot, 'scripts', 'publish-server.ts')], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, KSP_STATE_DIR: path.join(work, 'refused'), SANITY_WEBHOOK_SECRET: SECRET, PORT: '0', HOST: '127.0.0.1', INDEXNOW_KEY: 'key with spaces!' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/INDEXNOW_KEY must be 8 to 128 characters of a-z, A-Z, 0-9 and "-"/);
    expect(result.stderr).not.toContain('key with spaces!');
  });

  it('is off without a key, and GET /status says so', () => {
    const config = readPublishServerConfig({ ...serverEnv(), INDEXNOW_KEY: '' }, repoRoot);
    expect(config.indexNow).toBeUndefined();
  });

  it('passes the key, which is public, to its builds (they write /<key>.txt)', () => {
    expect(readPublishServerConfig(serverEnv(), repoRoot).buildEnv.INDEXNOW_KEY).toBe(KEY);
  });
});
