import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSanity } from './cli.ts';

describe('Studio build and project id', () => {
  test('`sanity build` succeeds offline without a project id, and no server token reaches the bundle', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'ksp-studio-build-'));
    // Set where the Studio is built, as a careless deploy might: it must still stay out.
    const feedbackToken = 'skStudioBundleFeedbackToken0123456789abcd';
    try {
      const result = await runSanity(['build', out, '--yes'], { SANITY_STUDIO_PROJECT_ID: '', SANITY_FEEDBACK_TOKEN: feedbackToken });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(existsSync(path.join(out, 'index.html'))).toBe(true);
      const bundles = readdirSync(path.join(out, 'static')).filter((f) => f.endsWith('.js'));
      expect(bundles.length).toBeGreaterThan(0);
      const leaks = bundles.filter((f) => /SANITY_FEEDBACK_TOKEN|skStudioBundleFeedbackToken/.test(readFileSync(path.join(out, 'static', f), 'utf8')));
      expect(leaks).toEqual([]);
      expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toMatch(/<div id="sanity"/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 240_000);

  test('the project id and dataset from the environment reach the browser bundle', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'ksp-studio-build-'))
    try {
      const result = await runSanity(['build', out, '--yes'], {
        SANITY_STUDIO_PROJECT_ID: 'abc123xy',
        SANITY_STUDIO_DATASET: 'staging',
      });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      // The chunk holding the Studio config (the one with the offline placeholder) must carry the
      // values: the config reads process.env.SANITY_STUDIO_* literally so the bundler inlines them.
      const configChunk = readdirSync(path.join(out, 'static'))
        .filter((f) => f.endsWith('.js'))
        .map((f) => readFileSync(path.join(out, 'static', f), 'utf8'))
        .find((code) => code.includes('ksp-offline'));
      expect(configChunk).toBeDefined();
      expect(configChunk).toContain('abc123xy');
      expect(configChunk).toContain('staging');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 240_000);

  test('`sanity dev` without SANITY_STUDIO_PROJECT_ID stops with a message naming the variable', async () => {
    const result = await runSanity(['dev', '--port', '3998'], { SANITY_STUDIO_PROJECT_ID: '' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SANITY_STUDIO_PROJECT_ID fehlt');
    expect(result.stderr).toContain('SANITY_STUDIO_PROJECT_ID is missing');
    expect(result.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace
  }, 60_000);
});
