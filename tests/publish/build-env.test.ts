// What a build started by the publish server sees: an allow list of the server's environment
// (server/config.ts), so with every secret of core/secrets.ts set on the server, the build gets
// the read token it needs and nothing else; and the server's log (its own lines and the build
// output it forwards) shows none of the secret values. In-process with a stub build
// (tests/publish/fixtures/stub-build.ts), so the log can be read as written.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BUILD_SECRET_NAMES, SECRET_ENV_NAMES } from '../../core/secrets.ts';
import { readPublishServerConfig } from '../../server/config.ts';
import { createPublishApp } from '../../server/publish-app.ts';
import { nodeBinary, repoRoot, waitFor } from './helpers.ts';

const work = mkdtempSync(path.join(tmpdir(), 'ksp-build-env-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const random = () => randomBytes(16).toString('hex');
const hookId = random();
const secrets: Record<string, string> = Object.fromEntries(SECRET_ENV_NAMES.map((name) => [name, `sk${random()}`]));
secrets.NETLIFY_BUILD_HOOK_URL = `https://api.netlify.com/build_hooks/${hookId}`;
const envFile = path.join(work, 'build-env.json');
const stateDir = path.join(work, 'state');

const serverEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  TZ: 'Europe/Berlin',
  ...secrets,
  SANITY_PROJECT_ID: 'test1234',
  SANITY_DATASET: 'production',
  KSP_STATE_DIR: stateDir,
  KSP_BUILD_NOW: '2026-11-02T10:00:00+01:00',
  SOME_OTHER_SETTING: 'not for the build',
  PORT: '0',
  HOST: '127.0.0.1',
  DAILY_REBUILD: 'off',
  // The build prints every secret value (and the build hook's id) it is given on its command line.
  PUBLISH_BUILD_COMMAND: JSON.stringify([nodeBinary, path.join(repoRoot, 'tests', 'publish', 'fixtures', 'stub-build.ts'), '--out', '{out}', ...[...Object.values(secrets), hookId].flatMap((value) => ['--say', value])]),
  PUBLISH_BUILD_ENV: 'STUB_ENV_FILE',
  STUB_ENV_FILE: envFile,
};

describe('the environment of a build', () => {
  it('holds no secret but the read token, and the log shows no secret value', async () => {
    const log: string[] = [];
    // The server forwards the build's output to its stdout, its journal in production.
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      log.push(String(chunk));
      return true;
    });
    const app = createPublishApp(readPublishServerConfig(serverEnv, repoRoot), (line) => log.push(line));
    try {
      await app.start();
      await waitFor('the first build', () => app.status().lastBuild);
    } finally {
      await app.stop();
      stdout.mockRestore();
    }
    expect(app.status().lastBuild?.ok).toBe(true);

    const seen = JSON.parse(readFileSync(envFile, 'utf8')) as Record<string, string>;
    expect(SECRET_ENV_NAMES.filter((name) => name in seen)).toEqual(BUILD_SECRET_NAMES);
    const kept = [...SECRET_ENV_NAMES.filter((name) => !BUILD_SECRET_NAMES.includes(name)).map((name) => secrets[name]!), hookId];
    expect(kept.filter((value) => JSON.stringify(seen).includes(value))).toEqual([]);
    expect(seen.SOME_OTHER_SETTING).toBeUndefined();
    expect(seen.PUBLISH_BUILD_COMMAND).toBeUndefined();
    // What a build needs does reach it: the system basics, the content source, the project's settings.
    expect(seen).toMatchObject({ PATH: serverEnv.PATH, TZ: 'Europe/Berlin', SANITY_PROJECT_ID: 'test1234', SANITY_DATASET: 'production', KSP_BUILD_NOW: serverEnv.KSP_BUILD_NOW });
    expect(seen).toMatchObject({ KSP_STATE_DIR: stateDir, KSP_IMAGE_CACHE: path.join(stateDir, 'image-cache') });
    expect(seen.KSP_BUILD_REPORT).toMatch(/\.problems\.ndjson$/);

    const text = log.join('\n');
    expect(text).toContain('stub-build: says [redacted]');
    expect([...Object.values(secrets), hookId].filter((value) => text.includes(value))).toEqual([]);
    expect(text.match(/stub-build: says \[redacted\]/g)).toHaveLength(SECRET_ENV_NAMES.length + 1);
  });

  it('refuses to pass on a secret the build does not need', () => {
    expect(() => readPublishServerConfig({ ...serverEnv, PUBLISH_BUILD_ENV: 'STUB_ENV_FILE, SANITY_PREVIEW_TOKEN' }, repoRoot)).toThrow(
      /PUBLISH_BUILD_ENV names SANITY_PREVIEW_TOKEN, a secret the build does not need/,
    );
    expect(() => readPublishServerConfig({ ...serverEnv, PUBLISH_BUILD_ENV: 'NOT-A-NAME' }, repoRoot)).toThrow(/PUBLISH_BUILD_ENV must list variable names/);
  });
});
