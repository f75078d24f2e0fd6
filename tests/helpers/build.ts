// Runs the real build (scripts/build.ts) in a child process, asynchronously so that servers in
// the test process (e.g. the local Content Lake) keep answering while it runs.
import { spawn } from 'node:child_process';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');

export interface BuildResult {
  code: number | null;
  output: string;
}

export function runBuild(outDir: string, env: Record<string, string | undefined> = {}): Promise<BuildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'build.ts'), '--out', outDir], {
      cwd: root,
      env: Object.fromEntries(
        Object.entries({ ...process.env, SITE_URL: 'http://localhost:4321', ...env }).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
