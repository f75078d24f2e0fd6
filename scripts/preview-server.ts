// `npm run preview-server`: the preview server alone (dist-preview/, `npm run build:preview`),
// on PREVIEW_PORT (default 4322) and HOST (default 127.0.0.1). The publish server starts the same
// server itself; this command is for a preview host of its own and for development.
//
//   SANITY_PROJECT_ID, SANITY_DATASET, SANITY_PREVIEW_TOKEN  required: the Content Lake and its viewer token
//   SANITY_STUDIO_URL (http://localhost:3333)  the only page that may frame the preview
import { readPreviewHostSettings } from '../server/config.ts';
import { startPreviewServer } from '../server/preview-host.ts';

let port: number | undefined;
try {
  const settings = readPreviewHostSettings(process.env);
  port = settings.port;
  const server = await startPreviewServer(settings);
  console.log(`preview-server: drafts preview on ${server.url}/ (enter through the Studio's Presentation tool)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void server.close().then(() => process.exit(0)));
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') console.error(`preview-server: PREVIEW_PORT ${port} is already in use. Stop the other process or set PREVIEW_PORT to a free port.`);
  else console.error(`preview-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
