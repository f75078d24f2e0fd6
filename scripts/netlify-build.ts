// Netlify's build command (netlify.toml) for both Netlify sites of this repository: the public
// site (`npm run build`), or, on the preview site where KSP_NETLIFY_SITE=preview is set, the
// drafts preview with @astrojs/netlify (static files into dist/, the pages into a Netlify
// Function). See README, "A preview site on Netlify".
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const site = process.env.KSP_NETLIFY_SITE?.trim() || 'public';
if (site !== 'public' && site !== 'preview') {
  console.error(`KSP_NETLIFY_SITE "${site}" is neither "public" nor "preview". Leave it unset on the public site; set it to "preview" on the preview site.`);
  process.exit(1);
}
const [script, env] = site === 'preview' ? ['build-preview.ts', { KSP_PREVIEW_ADAPTER: 'netlify' }] : ['build.ts', {}];
const result = spawnSync(process.execPath, [path.join(root, 'scripts', script)], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
process.exit(result.status ?? 1);
