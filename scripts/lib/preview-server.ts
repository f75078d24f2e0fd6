// Serves the preview build (dist-preview/, see astro.preview.config.mjs) on a port of its own:
// the @astrojs/node handler with its static files, in this process. Used by the publish server
// (PREVIEW_PORT) and the tests.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readPreviewConfig } from '../../src/preview/config.ts';
import { readPreviewPort } from './preview-port.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
export const PREVIEW_ENTRY = path.join(root, 'dist-preview', 'server', 'entry.mjs');

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

/** `npm run build:preview`, awaited; throws when it fails. */
export async function buildPreview(): Promise<void> {
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'build-preview.ts')], { cwd: root, stdio: 'inherit' });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (status !== 0) throw new Error(`npm run build:preview failed (exit ${status}); see the output above.`);
}

/**
 * The publish server's preview: started when SANITY_PREVIEW_TOKEN is set, on PREVIEW_PORT (4322),
 * built first when dist-preview/ is missing. Settings are checked here, before anyone asks.
 * Undefined when the preview is not configured.
 */
export async function startConfiguredPreview(env: Record<string, string | undefined>): Promise<PreviewServer | undefined> {
  if (!env.SANITY_PREVIEW_TOKEN?.trim()) return undefined;
  readPreviewConfig(env);
  const { port, host } = readPreviewPort(env);
  if (!existsSync(PREVIEW_ENTRY)) await buildPreview();
  return startPreviewServer({ port, host });
}
