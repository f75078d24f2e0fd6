// `npm run publish-server`: the self-hosted publish pipeline in one process. Serves the live
// release of the site, rebuilds it when Sanity sends a signed webhook, switches releases
// atomically and keeps the last KEEP_RELEASES. See server/publish-app.ts.
//
//   SANITY_WEBHOOK_SECRET  required: the secret of the Sanity webhook
//   KSP_STATE_DIR (~/.local/state/ksp; /var/lib/ksp on a server): releases, feedback spool, image cache
//   PORT (4321) · HOST (127.0.0.1) · KEEP_RELEASES (5)
//   WEBHOOK_MAX_BYTES (65536) · BUILD_TIMEOUT_SECONDS (900) · BUILD_RETRY_SECONDS (30) · DAILY_REBUILD (on)
//   PUBLISH_BUILD_COMMAND  JSON argv with "{out}", default: node scripts/build.ts --out {out}
//   PUBLISH_BUILD_ENV      further variables the build may see (it gets an allow list, see server/config.ts)
//   SANITY_PREVIEW_TOKEN   set: also serve the drafts preview on PREVIEW_PORT (4322), see server/preview-host.ts;
//                          like feedback and images it is optional: when it fails, GET /status says why and the site serves on
import path from 'node:path';
import { PublishConfigError } from '../core/publish/env.ts';
import { NetlifyConfigError } from '../core/publish/netlify-config.ts';
import { createPublishApp } from '../server/publish-app.ts';
import { readPublishServerConfig, type PublishServerConfig } from '../server/config.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');

function exitWith(message: string): never {
  console.error(`publish-server: ${message}`);
  process.exit(1);
}

let config: PublishServerConfig;
let app: ReturnType<typeof createPublishApp>;
try {
  config = readPublishServerConfig(process.env, repoRoot);
  app = createPublishApp(config);
} catch (error) {
  if (error instanceof PublishConfigError || error instanceof NetlifyConfigError) exitWith(error.message);
  throw error;
}

try {
  const url = await app.start({ preview: true });
  console.log(`publish-server: serving the site on ${url}/ · webhooks: POST ${url}/webhooks/sanity · status: ${url}/status`);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') exitWith(`PORT ${config.port} is already in use. Stop the other process or set PORT to a free port.`);
  if (code === 'EACCES') exitWith(`No permission to listen on PORT ${config.port}. Use a port above 1023 and put nginx or Caddy in front.`);
  exitWith(error instanceof Error ? error.message : String(error));
}

// The optional parts fail alone: the site keeps serving, GET /status and the log say why.
void app.partsStarted().then(() => {
  const parts = app.parts();
  for (const [name, part] of Object.entries(parts)) {
    if (part.state === 'failed') console.error(`publish-server: ${name} is not running, the site is served without it: ${part.reason}`);
  }
  const { preview } = parts;
  if (preview.state === 'running') console.log(`publish-server: drafts preview on ${preview.url}/ (for the Studio's Presentation tool)`);
  else if (preview.state === 'off') console.log('publish-server: no drafts preview (set SANITY_PREVIEW_TOKEN to serve it on PREVIEW_PORT)');
});

let signalled = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (signalled) return;
    signalled = true;
    console.log(`publish-server: ${signal} received, stopping (a running build is stopped and discarded) …`);
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`publish-server: unclean stop: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  });
}
