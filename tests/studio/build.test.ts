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

  test('the project id, dataset and site URL reach the browser bundle, and no secret does', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'ksp-studio-build-'));
    // Server-side secrets as they may sit in the environment of whoever builds the Studio.
    const secrets = {
      SANITY_WEBHOOK_SECRET: 'webhook-secret-must-not-leak-4f1c9a',
      NETLIFY_BUILD_HOOK_URL: 'https://api.netlify.com/build_hooks/hookid-must-not-leak-77aa',
      NETLIFY_API_TOKEN: 'nfp_api_token_must_not_leak_91b2',
      SANITY_READ_TOKEN: 'skReadTokenMustNotLeak0123456789abcdef',
    };
    try {
      const result = await runSanity(['build', out, '--yes'], {
        SANITY_STUDIO_PROJECT_ID: 'abc123xy',
        SANITY_STUDIO_DATASET: 'staging',
        SANITY_STUDIO_SITE_URL: 'https://site.example.org',
        ...secrets,
      });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const code = readdirSync(path.join(out, 'static'))
        .filter((f) => f.endsWith('.js'))
        .map((f) => readFileSync(path.join(out, 'static', f), 'utf8'));
      // The chunk holding the Studio config (the one with the offline placeholder) must carry the
      // values: the config reads process.env.SANITY_STUDIO_* literally so the bundler inlines them.
      const configChunk = code.find((text) => text.includes('ksp-offline'));
      expect(configChunk).toBeDefined();
      expect(configChunk).toContain('abc123xy');
      expect(configChunk).toContain('staging');
      const all = code.join('\n');
      // The publish status plugin is in, pointed at the site.
      expect(all).toContain('https://site.example.org');
      expect(all).toContain('Veröffentlichung fehlgeschlagen');
      for (const [name, value] of Object.entries(secrets)) {
        expect(all.includes(value), `the value of ${name} is in the Studio bundle`).toBe(false);
        expect(all.includes(name), `the name ${name} is in the Studio bundle (server code bundled?)`).toBe(false);
      }
      expect(all).not.toMatch(/build_hooks\//);
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
