// `npm run build:preview`: builds the preview server (astro.preview.config.mjs) into
// dist-preview/. It holds code only, no content (every request reads the drafts), so it is built
// once per code version; `npm start` and the publish server build it when it is missing or
// stale (server/preview-build.ts).
//
// Astro warns for every dynamic route that its getStaticPaths is ignored on demand; the preview
// calls it itself (src/lib/route-props.ts), so those lines are summed up in one.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { writePreviewStamp } from '../server/preview-build.ts';

const root = path.resolve(import.meta.dirname, '..');
// KSP_PREVIEW_ADAPTER=netlify (the Netlify preview site) writes into dist/ and .netlify/ instead.
const PREVIEW_DIR = path.join(root, process.env.KSP_PREVIEW_ADAPTER === 'netlify' ? 'dist' : 'dist-preview');

const IGNORED_STATIC_PATHS = /getStaticPaths\(\) ignored in dynamic page/;

const started = performance.now();
const astro = spawn(process.execPath, [path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build', '--config', 'astro.preview.config.mjs'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
});
let ignored = 0;
for await (const line of createInterface({ input: astro.stdout, crlfDelay: Infinity })) {
  if (IGNORED_STATIC_PATHS.test(line)) ignored += 1;
  else process.stdout.write(`${line}\n`);
}
const status = await new Promise<number | null>((resolve) => astro.on('close', resolve));
if (status !== 0) {
  console.error(`\nPreview build failed: astro build exited with ${status}. See the message above.`);
  process.exit(status ?? 1);
}
// The Netlify build goes to dist/ and is deployed, never served from here.
if (process.env.KSP_PREVIEW_ADAPTER !== 'netlify') await writePreviewStamp();
if (ignored > 0) console.log(`(${ignored} dynamic routes find their page per request through src/lib/route-props.ts, as intended.)`);
console.log(`Built the preview server into ${path.relative(root, PREVIEW_DIR)}/ in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
