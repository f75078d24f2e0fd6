// The preview server against abuse of its session: the enable route's redirect must stay on the
// preview's host whatever pathname the handshake names. Needs dist-preview/ (npm run build:preview); no site build.
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
