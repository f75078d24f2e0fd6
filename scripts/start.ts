// `npm start`: the whole platform on one machine, offline.
//
//   Studio + local Content Lake  http://localhost:3333 (STUDIO_PORT); documents in lake/ of the state directory
//   (KSP_STATE_DIR, default ~/.local/state/ksp; releases, feedback spool and image cache live there too)
//   site via the publish server  http://localhost:4321 (PORT); every publish rebuilds it
//   drafts preview               http://localhost:4322 (PREVIEW_PORT), in the Studio's "Vorschau"
//
// Builds what is stale first (the Studio when its sources or settings changed; the site is
// rebuilt by the publish server at start, serving the last release meanwhile). The lake sends
// Sanity-style signed webhooks to the publish server, which builds from the lake through
// @sanity/client: the production path. With SANITY_PROJECT_ID set, no lake is started: the
// Studio and the site use that Sanity project. Ctrl+C stops everything.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { PublishConfigError } from '../core/publish/env.ts';
import { LOCAL_DATASET, LOCAL_PROJECT_ID, ROOT, type Lake } from '../dev/lake/index.ts';
import { startLocalPlatform } from '../dev/platform.ts';
import { DEFAULT_PREVIEW_PORT } from '../server/preview-port.ts';
import { startLocalPreview, type PreviewProcess } from '../dev/preview.ts';
import { createPublishApp } from '../server/publish-app.ts';
import { readPublishServerConfig } from '../server/config.ts';
import { displayDir, readDevConfig } from '../dev/config.ts';
import { ensureStudioBuild, localStudioEnv } from '../dev/studio-build.ts';
import { createStudioHandler } from '../dev/studio-server.ts';

// Everything started from here (the Studio build, the builds, the preview) stays quiet.
process.env.SANITY_TELEMETRY_DISABLED = '1';
process.env.DO_NOT_TRACK = '1';
const config = readDevConfig(ROOT);
const { env, sitePort: port, studioPort, previewPort, realProject, lakeDir } = config;
const studioDir = path.join(ROOT, 'studio', 'dist');

function fail(message: string): never {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

// The Studio: for the local lake it talks to the host that serves it; for a real project it
// uses the project's own settings (SANITY_STUDIO_* variables, else SANITY_PROJECT_ID/DATASET).
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
const studioPreviewUrl = env.SANITY_STUDIO_PREVIEW_URL ?? (previewPort === DEFAULT_PREVIEW_PORT ? undefined : `http://localhost:${previewPort}`);
if (studioPreviewUrl) studioEnv.SANITY_STUDIO_PREVIEW_URL = studioPreviewUrl;
// The Studio shows whether a change is live from the site's build manifest and build status.
studioEnv.SANITY_STUDIO_SITE_URL = `http://localhost:${port}`;
if (await ensureStudioBuild(studioDir, studioEnv, (line) => console.log(line))) console.log('Studio built into studio/dist/.');

let lake: Lake | undefined;
let app: { stop(): Promise<void> };
let studioServer: Server | undefined;
let preview: PreviewProcess | undefined;
const lakeLog = (event: Record<string, unknown>) => {
  if (event.event === 'seed') console.log(`lake: ${String(event.line)}`);
  else if (event.event === 'webhook')
    console.log(`lake: webhook ${String(event.operation)} ${String(event.documentId)} → ${String(event.status ?? event.error)}`);
  else if (event.event === 'unsupported') console.log(`lake: not implemented (501): ${String(event.endpoint)}`);
  else if (event.event === 'error') console.error(`lake: ${String(event.error)}`);
};
try {
  if (!realProject) {
    const platform = await startLocalPlatform({
      repoRoot: ROOT,
      lakeDir,
      studioDir,
      studioPort,
      sitePort: port,
      host: config.host,
      lakeLog,
    });
    lake = platform.lake;
    app = platform.app;
  } else {
    studioServer = createServer(createStudioHandler(studioDir));
    await new Promise<void>((resolve, reject) => {
      studioServer!.once('error', reject);
      studioServer!.listen(studioPort, '127.0.0.1', resolve);
    });
    // Sanity's own webhooks cannot reach this machine: the secret only has to exist.
    const secret = env.SANITY_WEBHOOK_SECRET?.trim() || randomBytes(32).toString('base64');
    const publishApp = createPublishApp(
      readPublishServerConfig(
        { STUDIO_ORIGIN: `http://localhost:${studioPort}`, ...env, SANITY_WEBHOOK_SECRET: secret, PORT: String(port), HOST: config.host ?? '127.0.0.1' },
        ROOT,
      ),
    );
    await publishApp.start();
    app = publishApp;
  }
  // The preview takes its images from the site this process serves.
  preview = await startLocalPreview({ env: { SITE_URL: `http://localhost:${port}`, ...env, PREVIEW_PORT: String(previewPort) }, studioUrl: `http://localhost:${studioPort}`, lake });
} catch (error) {
  if (error instanceof PublishConfigError) fail(error.message);
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    fail(
      `port ${(error as { port?: number }).port ?? `${port} or ${studioPort}`} is already in use. Stop the other process or set PORT / STUDIO_PORT to free ports.`,
    );
  }
  throw error;
}

console.log(`
Kassel Service Point on this machine${realProject ? ` (Sanity project ${realProject})` : ' (offline, local Content Lake)'}
  Studio:  http://localhost:${studioPort}/
  Site:    http://localhost:${port}/   (status: http://localhost:${port}/status)${preview ? `\n  Preview: http://localhost:${previewPort}/ (drafts; opens in the Studio under "Vorschau")` : ''}${lake ? `\n  Lake:    ${lake.url} · documents in ${displayDir(lakeDir, ROOT)} · npm run lake:reset starts over` : ''}
  State:   ${displayDir(config.stateDir, ROOT)} (KSP_STATE_DIR: releases, feedback spool, image cache${lake ? ', lake' : ''})
Try it: open the Studio, change a service under "Dienstleistungen", press "Veröffentlichen", and reload the site after the build (about half a minute).
Ctrl+C stops everything.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping (a running build is discarded) …');
    Promise.all([app.stop(), preview?.close(), lake?.close(), studioServer && new Promise((resolve) => studioServer!.close(resolve))]).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Unclean stop: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  });
}
