// `npm run serve`: builds the site if dist/ is missing, then serves only dist/ on
// http://localhost:4321 (PORT and HOST override), with the headers of netlify.toml, so the preview
// runs under the same Content-Security-Policy as production. No Studio, no lake, no rebuilds
// (that is `npm start`). For production use the publish server or Netlify.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { loadNetlifyRules } from '../core/publish/netlify-config.ts';
import { readDevConfig } from '../dev/config.ts';
import { createNetlifyStaticHandler } from '../server/static-server.ts';
import { buildConfig } from '../src/lib/build-config.ts';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const config = readDevConfig(root);
const port = config.sitePort;
const host = config.host ?? 'localhost';

if (!existsSync(path.join(dist, 'index.html')) || !existsSync(path.join(dist, 'pagefind'))) {
  console.log('No complete build in dist/ yet: building the site first (npm run build) …');
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.ts')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Image variants as the site's own settings allow them (KSP_IMAGE_HOSTS, the image cache).
const { imageCacheDir, imageSources } = buildConfig();
const server = createServer(createNetlifyStaticHandler(() => dist, loadNetlifyRules(path.join(root, 'netlify.toml')), undefined, { cacheDir: imageCacheDir, imageSources }));
server.listen(port, host, () => {
  console.log(`Kassel Service Point site: http://${host}:${port}/  (serving ${path.relative(root, dist)}/, Ctrl+C to stop)`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
