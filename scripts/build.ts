// Builds the public site: `astro build` into the output directory and the Pagefind index of its
// HTML. Pagefind reads each page as soon as Astro reports it written (its build log line
// "├─ /path/index.html (+2ms)"), so indexing runs on the second core while Astro renders on
// the first; what is left (pages the log did not name, and writing the index) runs after Astro.
//
//   node scripts/build.ts [--out <dir>]        default: dist
//
// The content source is chosen by the environment (see src/lib/sanity/source.ts).
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { cp, mkdir, rm } from 'node:fs/promises';
import { setPriority } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SearchIndexer, writtenPage } from '../src/build/index-search.ts';
import { stampManifest } from '../src/build/stamp-manifest.ts';
import { buildIdFromEnv } from '../core/publish/build-manifest.ts';

const root = path.resolve(import.meta.dirname, '..');

// The Netlify preview site (KSP_NETLIFY_SITE=preview, README "A preview site on Netlify") runs
// this same build command and builds the drafts preview instead (@astrojs/netlify into dist/).
const netlifySite = process.env.KSP_NETLIFY_SITE?.trim();
if (netlifySite === 'preview') {
  const preview = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-preview.ts')], { cwd: root, stdio: 'inherit', env: { ...process.env, KSP_PREVIEW_ADAPTER: 'netlify' } });
  process.exit(preview.status ?? 1);
} else if (netlifySite && netlifySite !== 'public') {
  console.error(`KSP_NETLIFY_SITE "${netlifySite}" is neither "public" nor "preview". Leave it unset on the public site; set it to "preview" on the preview site.`);
  process.exit(1);
}
const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist' } } });
const outDir = path.resolve(root, values.out);
// Astro writes its prerender chunks into <outDir>/.prerender, but for an outDir outside the
// project it falls back to the shared <project>/.astro/, where two builds running at once (tests,
// the publish server, a benchmark) delete each other's chunks. Such builds are staged inside the
// project and copied out when complete.
const inside = outDir.startsWith(root + path.sep);
const buildDir = inside ? outDir : path.join(root, '.cache', 'builds', `${process.pid}-${Date.now()}`);
if (!inside) await mkdir(path.dirname(buildDir), { recursive: true });

const startedAt = new Date();
const started = performance.now();
const astroBin = path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
const indexer = new SearchIndexer(buildDir);
// The build id is chosen here, where the build starts (the manifest page renders later).
const buildId = buildIdFromEnv(process.env, startedAt);
const astro = spawn(process.execPath, [astroBin, 'build', '--outDir', buildDir], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'], env: { ...process.env, KSP_BUILD_ID: buildId } });
// Astro renders on one core and waits for its file writes; Pagefind uses what is left. This
// process, and the Pagefind processes it starts from now on, yield to Astro when both want a core.
try {
  setPriority(10);
} catch (error) {
  console.warn(`Could not lower the indexer's CPU priority (${(error as Error).message}); the build goes on at normal priority.`);
}
// Astro's log goes on to the terminal as before; the pages it names go to the indexer.
const lines = createInterface({ input: astro.stdout, crlfDelay: Infinity });
const logged = (async () => {
  for await (const line of lines) {
    process.stdout.write(`${line}\n`);
    const page = writtenPage(line);
    if (page) indexer.addPage(page);
  }
})();
const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => astro.on('close', (code, sig) => resolve([code, sig])));
await logged;
if (status !== 0) {
  await indexer.abort();
  if (!inside) await rm(buildDir, { recursive: true, force: true });
  console.error(`\nBuild failed: astro build exited with ${status ?? signal}. See the message above.`);
  process.exit(status ?? 1);
}
const astroMs = performance.now() - started;

const indexStarted = performance.now();
let pages: number;
try {
  pages = await indexer.finish();
  await stampManifest(buildDir, startedAt, new Date());
  if (!inside) {
    await rm(outDir, { recursive: true, force: true });
    await cp(buildDir, outDir, { recursive: true });
  }
} finally {
  if (!inside) await rm(buildDir, { recursive: true, force: true });
}
const indexMs = performance.now() - indexStarted;

console.log(
  `\nBuilt ${outDir}: astro ${(astroMs / 1000).toFixed(1)} s, Pagefind ${(indexMs / 1000).toFixed(1)} s (${pages} pages indexed; ${indexer.addedDuringBuild} of them while astro ran; after astro: ${(indexer.finishMs.backlog / 1000).toFixed(1)} s catching up, ${(indexer.finishMs.rest / 1000).toFixed(1)} s for pages the log did not name, ${(indexer.finishMs.write / 1000).toFixed(1)} s writing), total ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
