// Runs the Sanity CLI of the studio workspace with the project's Node (24), offline.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './studio-validation.ts';

export const STUDIO_DIR = path.join(ROOT, 'studio');
const SANITY_BIN = path.join(ROOT, 'node_modules/sanity/bin/sanity');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runSanity(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SANITY_BIN, ...args], {
      cwd: STUDIO_DIR,
      env: {
        ...process.env,
        DO_NOT_TRACK: '1',
        SANITY_TELEMETRY_DISABLED: '1',
        CI: 'true',
        NO_COLOR: '1',
        FORCE_COLOR: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
