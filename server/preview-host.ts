// Serves the preview build (dist-preview/, see astro.preview.config.mjs) on a port of its own:
// the @astrojs/node handler with its static files, in this process. Used by the publish server
// (PREVIEW_PORT) and `npm run preview-server`; dev/preview.ts starts it as a child process.
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readPreviewConfig } from '../src/preview/config.ts';
import { ensurePreviewBuild, PREVIEW_ENTRY } from './preview-build.ts';
import { readPreviewPort } from './preview-port.ts';

export { PREVIEW_ENTRY };

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
