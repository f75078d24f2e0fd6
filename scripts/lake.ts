// `npm run lake`: only the local Content Lake (and the built Studio, if there is one) on
// http://localhost:3333 (STUDIO_PORT), state in lake/ of KSP_STATE_DIR (LAKE_DIR). `npm run lake -- reset`
// (`npm run lake:reset`) deletes the state; the next start seeds it again from
// content/dataset.ndjson. `npm start` runs the lake together with the site.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, resetLake, startLake } from '../dev/lake/index.ts';
import { displayDir, readDevConfig } from '../dev/config.ts';

const config = readDevConfig(ROOT);
const dir = config.lakeDir;

if (process.argv[2] === 'reset') {
  await resetLake(dir);
  console.log(
    `Lokaler Content Lake zurückgesetzt: ${displayDir(dir, ROOT)} gelöscht. Der nächste Start füllt ihn wieder aus content/dataset.ndjson.`,
  );
  console.log(`Local Content Lake reset: ${displayDir(dir, ROOT)} deleted. The next start seeds it again from content/dataset.ndjson.`);
  process.exit(0);
}

const studioDir = path.join(ROOT, 'studio', 'dist');
const lake = await startLake({
  dir,
  port: config.studioPort,
  studioDir: existsSync(path.join(studioDir, 'index.html')) ? studioDir : undefined,
  log: (event) => console.log(JSON.stringify(event)),
});
console.log(
  `Local Content Lake: ${lake.url}  (project ${lake.projectId}, dataset ${lake.dataset}, state in ${displayDir(dir, ROOT)}; Ctrl+C to stop)`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void lake.close().then(() => process.exit(0)));
