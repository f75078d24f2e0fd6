// `npm start`: the whole platform on one machine, offline (dev/start.ts).
//
//   Studio + local Content Lake  http://localhost:3333 (STUDIO_PORT); documents in lake/ of the state directory
//   (KSP_STATE_DIR, default ~/.local/state/ksp; releases, feedback spool and image cache live there too)
//   site via the publish server  http://localhost:4321 (PORT); every publish rebuilds it
//   drafts preview               http://localhost:4322 (PREVIEW_PORT), in the Studio's "Vorschau"
//
// With SANITY_PROJECT_ID set, no lake is started: the Studio and the site use that Sanity
// project. Ctrl+C stops everything.
import { readDevConfig } from '../dev/config.ts';
import { ROOT } from '../dev/lake/index.ts';
import { PlatformStartError, startOnThisMachine, type RunningPlatform } from '../dev/start.ts';

// Everything started from here (the Studio build, the builds, the preview) stays quiet.
process.env.SANITY_TELEMETRY_DISABLED = '1';
process.env.DO_NOT_TRACK = '1';

let platform: RunningPlatform;
try {
  platform = await startOnThisMachine(readDevConfig(ROOT), (line, level) => (level === 'error' ? console.error(line) : console.log(line)));
} catch (error) {
  if (!(error instanceof PlatformStartError)) throw error;
  console.error(`npm start: ${error.message}`);
  process.exit(1);
}
console.log(platform.summary);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping (a running build is discarded) …');
    platform.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Unclean stop: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  });
}
