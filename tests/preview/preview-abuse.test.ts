// The preview server against abuse of its session: junk cookies must not each cost a Content
// Lake query, and the enable route's redirect must stay on the preview's host whatever pathname
// the handshake names. Needs dist-preview/ (npm run build:preview); no site build.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePreviewBuilt, handshake, previewSecret, startPreview, type RunningPreview } from '../helpers/preview.ts';
import { startRecordingLake, type RecordingLake } from '../helpers/lake.ts';

const SECRET = randomBytes(16).toString('hex');

let lake: RecordingLake;
let preview: RunningPreview;

beforeAll(async () => {
  ensurePreviewBuilt();
  lake = await startRecordingLake({ documents: [previewSecret(SECRET)] });
  preview = await startPreview(lake.apiHost, { SANITY_PREVIEW_TOKEN: lake.token });
});

afterAll(async () => {
  await preview?.close();
  await lake?.close();
});

const queries = () => lake.requests.filter((request) => request.path.includes('/data/query/')).length;

describe('junk preview cookies', () => {
  it('cost no query when malformed and one query per secret when well-formed but unknown (300 requests)', async () => {
    const malformed = (i: number) => [`${'x'.repeat(300)}${i}`, `abc${i}`, `<script>${i}</script>`, `a%20b${i}`, `' or 1=1 -- ${i}`, `${i}*`][i % 6];
    const unknown = Array.from({ length: 5 }, () => randomBytes(16).toString('hex'));
    const before = queries();
    const statuses: number[] = [];
    for (let batch = 0; batch < 10; batch += 1) {
      const answers = await Promise.all(
        Array.from({ length: 30 }, async (_, j) => {
          const i = batch * 30 + j;
          const secret = i % 2 === 0 ? malformed(i) : unknown[i % unknown.length];
          const response = await fetch(new URL('/dienstleistungen/', preview.url), { headers: { cookie: `ksp-preview=${encodeURIComponent(secret)}` }, redirect: 'manual' });
          await response.arrayBuffer();
          return response.status;
        }),
      );
      statuses.push(...answers);
    }
    expect(statuses.every((status) => status === 401)).toBe(true);
    // One query per distinct well-formed secret, remembered as wrong for RECHECK_MS (10 s): a
    // slow machine may ask once more per secret, never once per request.
    expect(queries() - before).toBeLessThanOrEqual(2 * unknown.length);
  });

  it('still lets the real secret in after the junk', async () => {
    const result = await handshake(preview.url, SECRET, '/');
    expect(result.status).toBe(307);
    const response = await fetch(new URL('/preview/live', preview.url), { headers: { cookie: result.cookie }, signal: AbortSignal.timeout(10_000) });
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });
});

describe('the enable route redirects on this host only', () => {
  it.each(['/.//evil.example', '/%2e//evil.example', '/%2E%2E//evil.example/de/', '/./\\evil.example', '//evil.example', '/x/../..//evil.example', 'https://evil.example/'])(
    'keeps the handshake pathname %s on the preview host, with the session cookies',
    async (pathname) => {
      const result = await handshake(preview.url, SECRET, pathname);
      expect(result.status).toBe(307);
      expect(result.setCookies.some((line) => line.startsWith('ksp-preview='))).toBe(true);
      expect(result.location).toMatch(/^\/(?![/\\])/);
      expect(new URL(result.location!, preview.url).origin).toBe(new URL(preview.url).origin);
    },
  );
});
