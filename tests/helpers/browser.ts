// Shared helpers for the browser tests: a real headless Chromium (the one shipped inside the npm
// package @sparticuz/chromium, driven by playwright-core; never a tool that downloads its own
// browser) and a local HTTP server for a built site directory that sends the production headers
// of netlify.toml, so every browser test runs under the real Content-Security-Policy.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import chromium from '@sparticuz/chromium';
import { chromium as pw, type Browser } from 'playwright-core';
import { createNetlifyStaticHandler } from '../../server/static-server.ts';
import { buildConfig } from '../../src/lib/build-config.ts';
import { loadNetlifyRules } from '../../core/publish/netlify-config.ts';

export const root = path.resolve(import.meta.dirname, '..', '..');

/** The build the browser tests run against: dist/, or the directory KSP_DIST names. */
export function siteDirUnderTest(): string {
  return path.resolve(root, process.env.KSP_DIST ?? 'dist');
}

/** Chromium flags for tests and benchmarks: no sandbox or GPU, no background traffic to Google's services. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Launches headless Chromium without any background traffic to Google's services. */
export async function launchBrowser(): Promise<Browser> {
  return pw.launch({ executablePath: await chromium.executablePath(), args: CHROMIUM_ARGS });
}

export interface ServedSite {
  /** Origin without trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  close(): Promise<void>;
}

/** The image service's settings as the site's own build reads them (as `npm run serve` does). */
export function siteImageSettings(): { cacheDir: string; imageSources: readonly string[] } {
  const { imageCacheDir, imageSources } = buildConfig();
  return { cacheDir: imageCacheDir, imageSources };
}

/** Serves a built site (default: the build under test) on 127.0.0.1 with a free port. */
export async function serveDist(dir = siteDirUnderTest()): Promise<ServedSite> {
  const siteDir = path.resolve(root, dir);
  const server = createServer(createNetlifyStaticHandler(() => siteDir, loadNetlifyRules(path.join(root, 'netlify.toml')), undefined, siteImageSettings()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
