// The preview server under test: the build in dist-preview/ (npm test builds it first; a missing
// build is made here, a stale one is not noticed: run `npm run build:preview`), started as its own process on a free port against the local Content Lake,
// and the Studio's handshake as the Presentation tool performs it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { previewSecretDocument } from '../../dev/preview-handshake.ts';
import { spawnPreviewServer, type PreviewProcess } from '../../dev/preview.ts';
import { PREVIEW_ENTRY } from '../../server/preview-host.ts';
export { handshake } from '../../dev/preview-handshake.ts';
import type { RawDocument } from '../../src/lib/sanity/embedded.ts';
import { root } from './build.ts';

export const STUDIO_URL = 'http://studio.test:3333';
/** The instant every preview and comparison build of the tests renders at. */
export const PINNED_NOW = '2026-11-02T10:00:00+01:00';

export function ensurePreviewBuilt(): void {
  if (existsSync(PREVIEW_ENTRY)) return;
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-preview.ts')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build:preview failed (see above)');
}

export type RunningPreview = PreviewProcess;

/** Starts `npm run preview-server` against the lake at `sanityApiHost` on a free port (give it the lake's token as SANITY_PREVIEW_TOKEN). */
export function startPreview(sanityApiHost: string, env: Record<string, string | undefined> = {}): Promise<RunningPreview> {
  return spawnPreviewServer({
    SANITY_PROJECT_ID: 'ksp-test',
    SANITY_DATASET: 'production',
    SANITY_API_HOST: sanityApiHost,
    SANITY_PREVIEW_TOKEN: 'sk-test-preview-token',
    SANITY_STUDIO_URL: STUDIO_URL,
    SITE_URL: 'http://localhost:4321',
    KSP_BUILD_NOW: PINNED_NOW,
    ...env,
  });
}

/** A secret as the Presentation tool stores it, for the tests' Studio; `ageSeconds` old. */
export const previewSecret = (secret: string, ageSeconds = 0): RawDocument => previewSecretDocument(secret, STUDIO_URL, ageSeconds);
