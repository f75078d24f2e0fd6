// Builds the public site: `astro build` into the output directory, then the Pagefind index over
// the finished HTML (astro build empties its outDir, so indexing must come after it).
//
//   node scripts/build.ts [--out <dir>]        default: dist
//
// The content source is chosen by the environment (see src/lib/sanity/source.ts).
import { spawnSync } from 'node:child_process';
import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { indexSite } from './lib/index-search.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist' } } });
const outDir = path.resolve(root, values.out);
// Astro writes its prerender chunks into <outDir>/.prerender, but for an outDir outside the
// project it falls back to the shared <project>/.astro/, where two builds running at once (tests,
// the publish server, a benchmark) delete each other's chunks. Such builds are staged inside the
// project and copied out when complete.
const inside = outDir.startsWith(root + path.sep);
const buildDir = inside ? outDir : path.join(root, '.cache', 'builds', `${process.pid}-${Date.now()}`);
if (!inside) await mkdir(path.dirname(buildDir), { recursive: true });

const started = performance.now();
const astroBin = path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
const result = spawnSync(process.execPath, [astroBin, 'build', '--outDir', buildDir], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
if (result.status !== 0) {
  if (!inside) await rm(buildDir, { recursive: true, force: true });
  console.error(`\nBuild failed: astro build exited with ${result.status ?? result.signal}. See the message above.`);
  process.exit(result.status ?? 1);
}
const astroMs = performance.now() - started;

const indexStarted = performance.now();
let pages: number;
try {
  pages = await indexSite(buildDir);
  if (!inside) {
    await rm(outDir, { recursive: true, force: true });
    await cp(buildDir, outDir, { recursive: true });
  }
} finally {
  if (!inside) await rm(buildDir, { recursive: true, force: true });
}
const indexMs = performance.now() - indexStarted;

console.log(
  `\nBuilt ${outDir}: astro ${(astroMs / 1000).toFixed(1)} s, Pagefind ${(indexMs / 1000).toFixed(1)} s (${pages} pages indexed), total ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
