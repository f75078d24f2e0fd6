// Builds the public site: `astro build` into the output directory, then the Pagefind index over
// the finished HTML (astro build empties its outDir, so indexing must come after it).
//
//   node scripts/build.ts [--out <dir>]        default: dist
//
// The content source is chosen by the environment (see src/lib/sanity/source.ts).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { indexSite } from './lib/index-search.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist' } } });
const outDir = path.resolve(root, values.out);

const started = performance.now();
const astroBin = path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
const result = spawnSync(process.execPath, [astroBin, 'build', '--outDir', outDir], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
if (result.status !== 0) {
  console.error(`\nBuild failed: astro build exited with ${result.status ?? result.signal}. See the message above.`);
  process.exit(result.status ?? 1);
}
const astroMs = performance.now() - started;

const indexStarted = performance.now();
const pages = await indexSite(outDir);
const indexMs = performance.now() - indexStarted;

console.log(
  `\nBuilt ${outDir}: astro ${(astroMs / 1000).toFixed(1)} s, Pagefind ${(indexMs / 1000).toFixed(1)} s (${pages} pages indexed), total ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
