// The drafts preview as a child process (`npm run preview-server`, server/preview-host.ts), for
// `npm start`, the tests and the bench: on a free port of 127.0.0.1, or on PREVIEW_PORT against
// the local lake.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { inheritedEnv } from './config.ts';
import { ensurePreviewBuild } from '../server/preview-build.ts';
import type { PreviewServer } from '../server/preview-host.ts';
import { readPreviewPort } from '../server/preview-port.ts';

const root = path.resolve(import.meta.dirname, '..');

export interface PreviewProcess extends PreviewServer {
  /** Everything the process printed so far. */
  log(): string;
}

/**
 * `npm run preview-server` as a child process on a free port of 127.0.0.1 (tests, bench): resolves
 * when it listens, at most 30 s after the start.
 */
export async function spawnPreviewServer(env: Record<string, string | undefined>): Promise<PreviewProcess> {
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'preview-server.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: Object.fromEntries(Object.entries({ ...inheritedEnv(), PREVIEW_PORT: '0', HOST: '127.0.0.1', ...env }).filter((entry): entry is [string, string] => entry[1] !== undefined)),
  });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`The preview server did not start within 30 s:\n${log}`));
    }, 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The preview server exited with ${code}:\n${log}`));
    });
    void (async () => {
      for await (const line of createInterface({ input: child.stdout })) {
        log += `${line}\n`;
        const match = / on (http:\/\/[^/\s]+)\//.exec(line);
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

/**
 * The preview of `npm start`, as a process of its own on PREVIEW_PORT (4322): against the local
 * lake with its editor's token, or against a real project when SANITY_PREVIEW_TOKEN is set
 * (undefined otherwise). Built first when missing or stale.
 */
export async function startLocalPreview(options: { env: Record<string, string | undefined>; studioUrl: string; lake?: { url: string; projectId: string; dataset: string; token: string } }): Promise<PreviewProcess | undefined> {
  const { lake, env } = options;
  if (!lake && !env.SANITY_PREVIEW_TOKEN?.trim()) return undefined;
  const { port, host } = readPreviewPort(env);
  await ensurePreviewBuild();
  return spawnPreviewServer({
    ...env,
    ...(lake ? { SANITY_PROJECT_ID: lake.projectId, SANITY_DATASET: lake.dataset, SANITY_API_HOST: lake.url, SANITY_PREVIEW_TOKEN: lake.token } : {}),
    SANITY_STUDIO_URL: env.SANITY_STUDIO_URL ?? options.studioUrl,
    PREVIEW_PORT: String(port),
    HOST: host,
  });
}
