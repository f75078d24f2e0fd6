// The whole platform on one machine (`npm start`, scripts/start.ts), from the settings of
// dev/config.ts: the Studio, the local Content Lake, the publish server with the site, and the
// drafts preview. Builds the Studio first when it is stale; the site is rebuilt by the publish
// server at start, serving the last release meanwhile. The lake sends Sanity-style signed
// webhooks to the publish server, which builds from the lake through @sanity/client: the
// production path. With SANITY_PROJECT_ID set, no lake is started: the Studio and the site use
// that Sanity project.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { PublishConfigError } from '../core/publish/env.ts';
import { readPublishServerConfig } from '../server/config.ts';
import { DEFAULT_PREVIEW_PORT } from '../server/preview-port.ts';
import { createPublishApp } from '../server/publish-app.ts';
import { displayDir, type DevConfig } from './config.ts';
import { LOCAL_DATASET, LOCAL_PROJECT_ID, ROOT, type Lake } from './lake/index.ts';
import { startLocalPlatform } from './platform.ts';
import { startLocalPreview, type PreviewProcess } from './preview.ts';
import { ensureStudioBuild, localStudioEnv } from './studio-build.ts';
import { createStudioHandler } from './studio-server.ts';

const STUDIO_DIR = path.join(ROOT, 'studio', 'dist');

/** A start that cannot go on; the message names the setting to change. */
export class PlatformStartError extends Error {
  override name = 'PlatformStartError';
}

export interface RunningPlatform {
  /** What runs where, for the terminal. */
  summary: string;
  stop(): Promise<unknown>;
}

/**
 * The Studio's settings: for the local lake it talks to the host that serves it; for a real
 * project it uses the project's own (SANITY_STUDIO_* variables, else SANITY_PROJECT_ID/DATASET).
 */
function studioSettings({ env, realProject, previewPort, sitePort }: DevConfig): Record<string, string> {
  const studioEnv: Record<string, string> = realProject
    ? Object.fromEntries(
        Object.entries({
          SANITY_STUDIO_PROJECT_ID: env.SANITY_STUDIO_PROJECT_ID ?? realProject,
          SANITY_STUDIO_DATASET: env.SANITY_STUDIO_DATASET ?? env.SANITY_DATASET ?? 'production',
          SANITY_STUDIO_API_HOST: env.SANITY_STUDIO_API_HOST,
          SANITY_STUDIO_LOGIN_METHOD: env.SANITY_STUDIO_LOGIN_METHOD,
        }).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''),
      )
    : localStudioEnv(LOCAL_PROJECT_ID, LOCAL_DATASET);
  // The Studio's default preview address is http://localhost:4322 (studio/env.ts).
  const previewUrl = env.SANITY_STUDIO_PREVIEW_URL ?? (previewPort === DEFAULT_PREVIEW_PORT ? undefined : `http://localhost:${previewPort}`);
  if (previewUrl) studioEnv.SANITY_STUDIO_PREVIEW_URL = previewUrl;
  // The Studio shows whether a change is live from the site's build manifest and build status.
  studioEnv.SANITY_STUDIO_SITE_URL = `http://localhost:${sitePort}`;
  return studioEnv;
}

type Log = (line: string, level?: 'error') => void;

/** What the lake reports, as terminal lines. */
function logLakeEvent(event: Record<string, unknown>, log: Log): void {
  if (event.event === 'seed') log(`lake: ${String(event.line)}`);
  else if (event.event === 'webhook') log(`lake: webhook ${String(event.operation)} ${String(event.documentId)} → ${String(event.status ?? event.error)}`);
  else if (event.event === 'login-code' || event.event === 'login-failed') log(`lake: ${String(event.message)}`);
  else if (event.event === 'unsupported') log(`lake: not implemented (501): ${String(event.endpoint)}`);
  else if (event.event === 'error') log(`lake: ${String(event.error)}`, 'error');
}

export async function startOnThisMachine(config: DevConfig, log: Log): Promise<RunningPlatform> {
  const { env, sitePort, studioPort, previewPort, realProject, lakeDir } = config;
  if (await ensureStudioBuild(STUDIO_DIR, studioSettings(config), (line) => log(line))) log('Studio built into studio/dist/.');

  let lake: Lake | undefined;
  let app: { stop(): Promise<void> };
  let studioServer: Server | undefined;
  let preview: PreviewProcess | undefined;
  // The newest sign-in code the lake printed, repeated in the summary below the build output.
  let loginCode: string | undefined;
  try {
    if (!realProject) {
      const platform = await startLocalPlatform({
        repoRoot: ROOT,
        lakeDir,
        studioDir: STUDIO_DIR,
        studioPort,
        sitePort,
        host: config.host,
        lakeLog: (event) => {
          if (event.event === 'login-code') loginCode = String(event.code);
          logLakeEvent(event, log);
        },
      });
      lake = platform.lake;
      app = platform.app;
    } else {
      const server = createServer(createStudioHandler(STUDIO_DIR));
      studioServer = server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(studioPort, '127.0.0.1', resolve);
      });
      // Sanity's own webhooks cannot reach this machine: the secret only has to exist.
      const secret = env.SANITY_WEBHOOK_SECRET?.trim() || randomBytes(32).toString('base64');
      const publishApp = createPublishApp(
        readPublishServerConfig(
          { STUDIO_ORIGIN: `http://localhost:${studioPort}`, ...env, SANITY_WEBHOOK_SECRET: secret, PORT: String(sitePort), HOST: config.host ?? '127.0.0.1' },
          ROOT,
        ),
      );
      await publishApp.start();
      app = publishApp;
    }
    // The preview takes its images from the site this process serves.
    preview = await startLocalPreview({ env: { SITE_URL: `http://localhost:${sitePort}`, ...env, PREVIEW_PORT: String(previewPort) }, studioUrl: `http://localhost:${studioPort}`, lake });
  } catch (error) {
    if (error instanceof PublishConfigError) throw new PlatformStartError(error.message);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new PlatformStartError(
        `port ${(error as { port?: number }).port ?? `${sitePort} or ${studioPort}`} is already in use. Stop the other process or set PORT / STUDIO_PORT to free ports.`,
      );
    }
    throw error;
  }

  const summary = `
Kassel Service Point on this machine${realProject ? ` (Sanity project ${realProject})` : ' (offline, local Content Lake)'}
  Studio:  http://localhost:${studioPort}/${loginCode ? `   (Anmeldecode: ${loginCode}; a new one is printed after each sign-in)` : ''}
  Site:    http://localhost:${sitePort}/   (status: http://localhost:${sitePort}/status)${preview ? `\n  Preview: http://localhost:${previewPort}/ (drafts; opens in the Studio under "Vorschau")` : ''}${lake ? `\n  Lake:    ${lake.url} · documents in ${displayDir(lakeDir, ROOT)} · npm run lake:reset starts over` : ''}
  State:   ${displayDir(config.stateDir, ROOT)} (KSP_STATE_DIR: releases, feedback spool, image cache${lake ? ', lake' : ''})
Try it: open the Studio, change a service under "Dienstleistungen", press "Veröffentlichen", and reload the site after the build (about half a minute).
Ctrl+C stops everything.
`;
  return {
    summary,
    stop: () => Promise.all([app.stop(), preview?.close(), lake?.close(), studioServer && new Promise((resolve) => studioServer!.close(resolve))]),
  };
}
