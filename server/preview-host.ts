// Serves the preview build (dist-preview/, see astro.preview.config.mjs) on a port of its own:
// the @astrojs/node handler with its static files, in this process. Used by the publish server
// (PREVIEW_PORT) and the tests.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readPreviewConfig } from '../src/preview/config.ts';
import { ensurePreviewBuild, PREVIEW_ENTRY } from './preview-build.ts';
import { readPreviewPort } from './preview-port.ts';

export { PREVIEW_ENTRY };

const root = path.resolve(import.meta.dirname, '..');

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export async function startPreviewServer({ port, host, entry = PREVIEW_ENTRY }: { port: number; host: string; entry?: string }): Promise<PreviewServer> {
  if (!existsSync(entry)) throw new Error(`The preview server is not built (${path.relative(process.cwd(), entry)} is missing). Run \`npm run build:preview\`.`);
  // The standalone entry would start a server of its own on PORT; this one is started here.
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: Handler };
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host === 'localhost' ? 'localhost' : shownHost}:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The publish server's preview: started when SANITY_PREVIEW_TOKEN is set, on PREVIEW_PORT (4322),
 * built first when dist-preview/ is missing or stale. Settings are checked here, before anyone
 * asks. Undefined when the preview is not configured.
 */
export async function startConfiguredPreview(env: Record<string, string | undefined>): Promise<PreviewServer | undefined> {
  if (!env.SANITY_PREVIEW_TOKEN?.trim()) return undefined;
  readPreviewConfig(env);
  const { port, host } = readPreviewPort(env);
  await ensurePreviewBuild();
  return startPreviewServer({ port, host });
}

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
    env: Object.fromEntries(Object.entries({ ...process.env, PREVIEW_PORT: '0', HOST: '127.0.0.1', ...env }).filter((entry): entry is [string, string] => entry[1] !== undefined)),
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
