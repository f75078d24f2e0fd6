// The platform of `npm start` for browser tests, on ephemeral ports: the local Content Lake
// (seeded from content/, state in a temporary directory) serving the built Studio, and the
// publish server building the site from the lake on every signed webhook. The Studio is built
// once (studio/dist, rebuilt only when stale) and shared by every test and by `npm start`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SanityClient } from '@sanity/client';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { lakeClient, LOCAL_DATASET, LOCAL_PROJECT_ID, ROOT, startLake, type Lake } from '../../dev/lake/index.ts';
import { startLocalPlatform, type LocalPlatform, type LocalPlatformOptions } from '../../dev/platform.ts';
import { ensureStudioBuild, localStudioEnv } from '../../dev/studio-build.ts';

export const STUDIO_DIR = path.join(ROOT, 'studio', 'dist');

export interface TestPlatform extends LocalPlatform {
  /** @sanity/client with the editor's token, for checks and for a second editor's changes. */
  client: SanityClient;
  /** Resolves once the publish server has no build running or waiting. */
  buildsIdle(): Promise<void>;
}

export interface TestStudio {
  lake: Lake;
  studioUrl: string;
  close(): Promise<void>;
}

/** Only the lake and the Studio, for tests that never publish (no site builds, less CPU). */
export async function startTestStudio(): Promise<TestStudio> {
  await ensureStudioBuild(STUDIO_DIR, localStudioEnv(LOCAL_PROJECT_ID, LOCAL_DATASET));
  const dir = await mkdtemp(path.join(tmpdir(), 'ksp-local-studio-'));
  // Signed in without the editor's code step (npm start asks for it): the tests are about the Studio.
  const lake = await startLake({ dir, studioDir: STUDIO_DIR, signIn: 'automatic' });
  return {
    lake,
    studioUrl: lake.url,
    async close() {
      await lake.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function startTestPlatform(options: Pick<LocalPlatformOptions, 'linkCheck'> = {}): Promise<TestPlatform> {
  await ensureStudioBuild(STUDIO_DIR, localStudioEnv(LOCAL_PROJECT_ID, LOCAL_DATASET));
  const dir = await mkdtemp(path.join(tmpdir(), 'ksp-local-platform-'));
  const platform = await startLocalPlatform({
    repoRoot: ROOT,
    lakeDir: path.join(dir, 'lake'),
    studioDir: STUDIO_DIR,
    // The external link check only where a test turns it on, against its own local servers.
    env: { RELEASES_DIR: path.join(dir, 'releases'), DAILY_REBUILD: 'off', KSP_CONTENT_CACHE: path.join(dir, 'content-cache'), LINK_CHECK: options.linkCheck ? 'on' : 'off' },
    publishLog: () => undefined,
    lakeSignIn: 'automatic',
    ...options,
  });
  const client = lakeClient(platform.lake);
  return {
    ...platform,
    client,
    buildsIdle: () => platform.app.queue.idle(),
    async close() {
      await platform.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Where the lake answers; everything else is the internet, which this machine cannot reach. */
function isLocal(url: string): boolean {
  try {
    const { hostname } = new URL(url);
    return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '127.0.0.1';
  } catch {
    return true;
  }
}

/**
 * Console errors of a Studio page, without the ones offline operation causes by design: the
 * Studio's requests to Sanity's CDN (fonts, the bridge script, the update check) fail here.
 */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (!isLocal(message.location().url) && /Failed to load resource/.test(text)) return;
    if (/Failed to fetch version for package/.test(text)) return; // update check against sanity-cdn.com
    // Sanity's own presence UI (two editors on one document) passes layout props to a DOM element;
    // React warns about it. Upstream noise, not an error of this project's Studio configuration.
    if (/^React does not recognize the `%s` prop on a DOM element\..* (flexGrow flexgrow|flexBasis flexbasis)$/.test(text)) return;
    errors.push(text);
  });
  page.on('pageerror', (error) => errors.push(`Uncaught: ${error.message}`));
  return errors;
}

/**
 * A browser context as an editor at the city has it (German, a laptop's window) that cannot reach
 * the internet; `timezoneId` for tests that read times (the Studio shows Kassel time).
 */
export async function editorContext(browser: Browser, options: { timezoneId?: string } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE', ...options });
  await offline(context);
  return context;
}

/** A page of a new editor context and the console errors it collects. */
export async function editorPage(browser: Browser, options: { timezoneId?: string } = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await (await editorContext(browser, options)).newPage();
  return { page, errors: collectConsoleErrors(page) };
}

/**
 * The platform of `npm start` in `work` with a Studio of its own, built with the publish server's
 * address (SANITY_STUDIO_SITE_URL), known only once it listens on its ephemeral port: the tools
 * that read the publish status need it, and the shared studio/dist has none. `env` adds to the
 * publish server's settings (releases, content cache and daily rebuild are set here).
 */
export async function startPlatformWithStudio(work: string, env: Record<string, string> = {}, options: Pick<LocalPlatformOptions, 'linkCheck' | 'now'> = {}): Promise<{ platform: LocalPlatform; client: SanityClient }> {
  const studioDir = path.join(work, 'studio');
  const platform = await startLocalPlatform({
    repoRoot: ROOT,
    lakeDir: path.join(work, 'lake'),
    studioDir,
    env: { RELEASES_DIR: path.join(work, 'releases'), DAILY_REBUILD: 'off', KSP_CONTENT_CACHE: path.join(work, 'content-cache'), ...env },
    publishLog: () => undefined,
    lakeSignIn: 'automatic',
    ...options,
  });
  await ensureStudioBuild(studioDir, { ...localStudioEnv(LOCAL_PROJECT_ID, LOCAL_DATASET), SANITY_STUDIO_SITE_URL: platform.siteUrl });
  return { platform, client: lakeClient(platform.lake) };
}

/** Requests to the internet fail at once instead of waiting for a timeout. */
export async function offline(context: BrowserContext): Promise<void> {
  await context.route(
    (url) => !isLocal(url.toString()),
    (route) => route.abort('internetdisconnected'),
  );
}

/** Texts of the Studio's error cards (German locale). */
export const ERROR_CARD =
  /Etwas ist schiefgelaufen|konnten nicht abgerufen werden|Fehler beim Lesen der Struktur|ist ein Fehler aufgetreten|Unbekannter Schematyp|Ein Fehler ist aufgetreten/;

/** Polls `check` until it returns true; fails after `timeoutMs` with `what` in the message. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, intervalMs = 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
