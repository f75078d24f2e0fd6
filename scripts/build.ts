// `npm run build`: the public site into dist/ with its Pagefind index (src/build/build-site.ts).
//
//   node scripts/build.ts [--out <dir>]        default: dist
//   node scripts/build.ts --search later       no search index: scripts/index-search.ts adds it,
//                                              taking the pages in the order <dir>.pages.json lists
//
// On the Netlify preview site (KSP_NETLIFY_SITE=preview, README "A preview site on Netlify") the
// same build command builds the drafts preview instead (@astrojs/netlify into dist/).
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSite } from '../src/build/build-site.ts';

const root = path.resolve(import.meta.dirname, '..');

const netlifySite = process.env.KSP_NETLIFY_SITE?.trim();
if (netlifySite === 'preview') {
  const preview = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-preview.ts')], { cwd: root, stdio: 'inherit', env: { ...process.env, KSP_PREVIEW_ADAPTER: 'netlify' } });
  process.exit(preview.status ?? 1);
} else if (netlifySite && netlifySite !== 'public') {
  console.error(`KSP_NETLIFY_SITE "${netlifySite}" is neither "public" nor "preview". Leave it unset on the public site; set it to "preview" on the preview site.`);
  process.exit(1);
}

const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist' }, search: { type: 'string', default: 'now' } } });
if (values.search !== 'now' && values.search !== 'later') {
  console.error(`--search "${values.search}" is neither "now" nor "later".`);
  process.exit(1);
}
const outDir = path.resolve(root, values.out);
const result = await buildSite({ root, outDir, env: process.env, search: values.search === 'now' });
if (!result.ok) {
  console.error(`\nBuild failed: astro build exited with ${result.exit ?? result.signal}. See the message above.`);
  process.exit(result.exit ?? 1);
}
const { pages, astroMs, indexMs, totalMs, indexer, written } = result;
if (values.search === 'later') {
  await writeFile(`${outDir}.pages.json`, JSON.stringify(written));
  console.log(`\nBuilt ${outDir} without its search index (astro ${(astroMs / 1000).toFixed(1)} s); index it with scripts/index-search.ts --site ${outDir}`);
  process.exit(0);
}
const s = (ms: number) => (ms / 1000).toFixed(1);
console.log(
  `\nBuilt ${outDir}: astro ${s(astroMs)} s, Pagefind ${s(indexMs)} s (${pages} pages indexed; ${indexer.addedDuringBuild} of them while astro ran; after astro: ${s(indexer.finishMs.backlog)} s catching up, ${s(indexer.finishMs.rest)} s for pages the log did not name, ${s(indexer.finishMs.write)} s writing), total ${s(totalMs)} s`,
);
