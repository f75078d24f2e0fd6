// `npm run bench:local [-- --runs 5]`: publish-to-live time of `npm start`'s loop. Starts the
// local Content Lake and the publish server on free ports (private state), then per run edits
// a service's title and publishes it through the document actions the Studio sends, and
// measures from the publish until the site serves the new title (signed webhook, build from the
// lake, atomic release switch). Prints each run and the median. Not a test.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lakeClient, LOCAL_DATASET, LOCAL_PROJECT_ID, ROOT } from '../dev/lake/index.ts';
import { startLocalPlatform } from '../dev/platform.ts';
import { ensureStudioBuild, localStudioEnv } from '../dev/studio-build.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
  console.error(`--runs "${values.runs}" must be a whole number from 1 to 50.`);
  process.exit(1);
}

const SERVICE = 'service-sperrmuell-anmelden';
const PAGE = '/dienstleistungen/sperrmuell-anmelden/';
const studioDir = path.join(ROOT, 'studio', 'dist');
await ensureStudioBuild(studioDir, localStudioEnv(LOCAL_PROJECT_ID, LOCAL_DATASET), console.log);
const work = await mkdtemp(path.join(tmpdir(), 'ksp-bench-local-'));
const platform = await startLocalPlatform({
  repoRoot: ROOT,
  lakeDir: path.join(work, 'lake'),
  studioDir,
  env: { RELEASES_DIR: path.join(work, 'releases'), DAILY_REBUILD: 'off' },
  publishLog: () => undefined,
});
const client = lakeClient(platform.lake);

async function serves(text: string): Promise<boolean> {
  const response = await fetch(`${platform.siteUrl}${PAGE}`).catch(() => undefined);
  return Boolean(response?.ok && (await response.text()).includes(text));
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

try {
  await waitFor('the first release', () => serves('Sperrmüll'), 300_000);
  await platform.app.queue.idle();
  const times: number[] = [];
  for (let run = 1; run <= runs; run += 1) {
    const title = `Sperrmüll anmelden (Lauf ${run}, ${Date.now()})`;
    await client.action({
      actionType: 'sanity.action.document.edit',
      draftId: `drafts.${SERVICE}`,
      publishedId: SERVICE,
      patch: { set: { 'title.de': title } },
    });
    const started = performance.now();
    await client.action({ actionType: 'sanity.action.document.publish', draftId: `drafts.${SERVICE}`, publishedId: SERVICE });
    await waitFor(`run ${run} to go live`, () => serves(title), 180_000);
    const ms = Math.round(performance.now() - started);
    times.push(ms);
    console.log(`run ${run}: publish → live in ${(ms / 1000).toFixed(1)} s`);
    await platform.app.queue.idle();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  console.log(
    `median of ${runs}: ${(median / 1000).toFixed(1)} s (min ${(sorted[0]! / 1000).toFixed(1)} s, max ${(sorted.at(-1)! / 1000).toFixed(1)} s)`,
  );
} finally {
  await platform.close();
  await rm(work, { recursive: true, force: true });
}
