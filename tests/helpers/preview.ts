// The preview server under test: the build in dist-preview/ (npm test builds it; a missing build
// is made here), started as its own process on a free port against a stand-in of Sanity's API,
// and the Studio's handshake as the Presentation tool performs it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PREVIEW_ENTRY } from '../../scripts/lib/preview-server.ts';
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

export interface RunningPreview {
  url: string;
  log: () => string;
  close(): Promise<void>;
}

/** Starts `npm run preview-server` against the stand-in; resolves when it listens (at most 30 s). */
export async function startPreview(sanityApiHost: string, env: Record<string, string | undefined> = {}): Promise<RunningPreview> {
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'preview-server.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: Object.fromEntries(
      Object.entries({
        ...process.env,
        SANITY_PROJECT_ID: 'ksp-test',
        SANITY_DATASET: 'production',
        SANITY_API_HOST: sanityApiHost,
        SANITY_PREVIEW_TOKEN: 'sk-test-preview-token',
        SANITY_STUDIO_URL: STUDIO_URL,
        SITE_URL: 'http://localhost:4321',
        KSP_BUILD_NOW: PINNED_NOW,
        PREVIEW_PORT: '0',
        HOST: '127.0.0.1',
        ...env,
      }).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
  });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The preview server did not start within 30 s:\n${log}`)), 30_000);
    child.on('exit', (code) => reject(new Error(`The preview server exited with ${code}:\n${log}`)));
    void (async () => {
      for await (const line of createInterface({ input: child.stdout })) {
        log += `${line}\n`;
        const match = /on (http:\/\/[^/\s]+)\//.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      }
    })();
  });
  return {
    url,
    log: () => log,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A secret as the Presentation tool stores it; `ageSeconds` old (Sanity's are valid 3600 s). */
export function previewSecret(secret: string, ageSeconds = 0): RawDocument {
  return {
    _id: `drafts.preview-secret-${secret}`,
    _type: 'sanity.previewUrlSecret',
    _updatedAt: new Date(Date.now() - ageSeconds * 1000).toISOString(),
    secret,
    source: 'presentation',
    studioUrl: STUDIO_URL,
  };
}

/** The Studio's handshake: the enable route with a secret; returns the cookies it set. */
export async function handshake(previewUrl: string, secret: string, pathname = '/', perspective?: string): Promise<{ status: number; location: string | null; setCookies: string[]; cookie: string }> {
  const url = new URL('/preview/enable', previewUrl);
  url.searchParams.set('sanity-preview-secret', secret);
  url.searchParams.set('sanity-preview-pathname', pathname);
  if (perspective) url.searchParams.set('sanity-preview-perspective', perspective);
  const response = await fetch(url, { redirect: 'manual' });
  await response.arrayBuffer();
  const setCookies = response.headers.getSetCookie();
  return { status: response.status, location: response.headers.get('location'), setCookies, cookie: setCookies.map((line) => line.split(';')[0]).join('; ') };
}
