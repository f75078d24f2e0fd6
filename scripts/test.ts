// `npm test`: builds the site (the browser tests run against dist/), then runs the whole
// suite with Vitest. Extra arguments go to Vitest, e.g. `npm test -- tests/unit`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env }).status ?? 1;

// Tests compare builds against each other; a fixed origin keeps them comparable.
process.env.SITE_URL ??= 'http://localhost:4321';
if (!process.env.SKIP_BUILD) {
  const status = run([path.join(root, 'scripts', 'build.ts')]);
  if (status !== 0) process.exit(status);
}
process.exit(run([path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...process.argv.slice(2)]));
