// Serves the preview build (dist-preview/, see astro.preview.config.mjs) on a port of its own:
// the @astrojs/node handler with its static files, in this process. Used by the publish server
// (PREVIEW_PORT) and `npm run preview-server`; dev/preview.ts starts it as a child process.
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { disableAstroAutostart, type PreviewSettings } from './config.ts';
import { ensurePreviewBuild, PREVIEW_ENTRY } from './preview-build.ts';

export { PREVIEW_ENTRY };

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Listens first, then loads the handler (after `prepare`, e.g. a build of the preview): a port
 * that is taken fails at once instead of after a build, and requests in between get a 503.
 */
export async function startPreviewServer({ port, host, entry = PREVIEW_ENTRY, prepare }: { port: number; host: string; entry?: string; prepare?: () => Promise<unknown> }): Promise<PreviewServer> {
  let handler: Handler | undefined;
  const server = createServer((req, res) => {
    if (handler) return handler(req, res);
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': '30' });
    res.end('The drafts preview is starting. Please try again in a minute.\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  try {
    await prepare?.();
    if (!existsSync(entry)) throw new Error(`The preview server is not built (${path.relative(process.cwd(), entry)} is missing). Run \`npm run build:preview\`.`);
    // The standalone entry would start a server of its own on PORT; this one is started here.
    disableAstroAutostart();
    ({ handler } = (await import(pathToFileURL(entry).href)) as { handler: Handler });
  } catch (error) {
    await close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${host === 'localhost' ? 'localhost' : shownHost}:${address.port}`, close };
}

/**
 * The publish server's preview: started when SANITY_PREVIEW_TOKEN is set, on PREVIEW_PORT (4322),
 * built first when dist-preview/ is missing or stale (after the port is taken). Its settings were
 * checked when the server's config was read (server/config.ts); a bad one is thrown here.
 * Undefined when the preview is not configured.
 */
export async function startConfiguredPreview(settings: PreviewSettings | undefined): Promise<PreviewServer | undefined> {
  if (!settings) return undefined;
  if (!settings.ok) throw settings.error;
  const { port, host } = settings;
  return startPreviewServer({ port, host, prepare: ensurePreviewBuild });
}
