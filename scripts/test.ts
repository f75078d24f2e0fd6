// `npm test`: checks types (site and Studio), lints, builds the site (the browser tests run
// against dist/) and the drafts preview (dist-preview/), then runs the whole suite with Vitest.
// Extra arguments go to Vitest, e.g. `npm test -- tests/unit`; SKIP_BUILD=1 reuses dist/ and
// dist-preview/ and skips the type check and lint.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env }).status ?? 1;

// Tests compare builds against each other; a fixed origin keeps them comparable.
process.env.SITE_URL ??= 'http://localhost:4321';
// Tools that phone home stay quiet in tests (Astro's telemetry; the Sanity CLI's is off in its helpers).
process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
if (!process.env.SKIP_BUILD) {
  const steps = [
    [path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'check'],
    [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit'],
    [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'studio'],
    [path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.', '--max-warnings', '0'],
    [path.join(root, 'scripts', 'build.ts')],
    [path.join(root, 'scripts', 'build-preview.ts')],
  ];
  for (const step of steps) {
    const status = run(step);
    if (status !== 0) {
      console.error(`\nnpm test stopped: "${path.relative(root, step[0]!)} ${step.slice(1).join(' ')}" failed (see above).`);
      process.exit(status);
    }
  }
}
process.exit(run([path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...process.argv.slice(2)]));
