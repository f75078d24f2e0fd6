// Builds the Sanity Studio with `sanity build` when its build is stale: when the Studio's
// sources (studio/ and the core/ it imports), the installed `sanity` version or the SANITY_STUDIO_* settings differ from the ones
// the existing build was made with (recorded in <outDir>/.ksp-build.json). Parallel callers
// (test workers) wait for one build instead of building twice.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inheritedEnv } from './config.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const STUDIO_DIR = path.join(ROOT, 'studio');
const STAMP = '.ksp-build.json';
const SKIP = new Set(['dist', 'node_modules', '.sanity']);
const LOCK_STALE_MS = 10 * 60 * 1000;

async function sourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.env')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(full)));
    else files.push(full);
  }
  return files.sort();
}

/** A fingerprint of everything that goes into the Studio bundle. */
export async function studioFingerprint(env: Record<string, string>): Promise<string> {
  const hash = createHash('sha256');
  for (const dir of [STUDIO_DIR, path.join(ROOT, 'core')]) {
    for (const file of await sourceFiles(dir)) hash.update(path.relative(ROOT, file)).update(await readFile(file));
  }
  hash.update(await readFile(path.join(ROOT, 'node_modules', 'sanity', 'package.json')));
  hash.update(JSON.stringify(Object.entries(env).sort()));
  return hash.digest('hex');
}

function runBuild(outDir: string, env: Record<string, string>, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'sanity', 'bin', 'sanity'), 'build', outDir, '--yes'], {
      cwd: STUDIO_DIR,
      env: { ...inheritedEnv(), SANITY_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) return resolve();
      log(output);
      reject(new Error(`sanity build failed (exit ${code}). Last output:\n${output}`));
    });
  });
}

async function withLock<T>(lockDir: string, run: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a crashed build is taken over once it is old.
      const age = Date.now() - (await stat(lockDir).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > LOCK_STALE_MS) await rm(lockDir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await run();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/**
 * Makes sure `outDir` holds a Studio built with `env` (SANITY_STUDIO_* variables); returns
 * whether it had to build.
 */
export async function ensureStudioBuild(
  outDir: string,
  env: Record<string, string>,
  log: (line: string) => void = () => undefined,
): Promise<boolean> {
  const fingerprint = await studioFingerprint(env);
  const isCurrent = async () => {
    try {
      return (JSON.parse(await readFile(path.join(outDir, STAMP), 'utf8')) as { fingerprint?: string }).fingerprint === fingerprint;
    } catch {
      return false;
    }
  };
  if (await isCurrent()) return false;
  await mkdir(path.dirname(outDir), { recursive: true });
  return withLock(`${outDir}.lock`, async () => {
    if (await isCurrent()) return false;
    log('Building the Studio (sanity build) …');
    await runBuild(outDir, env, log);
    await writeFile(path.join(outDir, STAMP), `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString() })}\n`);
    return true;
  });
}

/** The SANITY_STUDIO_* settings of a Studio that talks to the local lake serving it. */
export function localStudioEnv(projectId: string, dataset: string): Record<string, string> {
  return {
    SANITY_STUDIO_PROJECT_ID: projectId,
    SANITY_STUDIO_DATASET: dataset,
    SANITY_STUDIO_API_HOST: 'same-origin',
    SANITY_STUDIO_LOGIN_METHOD: 'token',
    // The lake implements Content Releases and scheduled drafts (dev/lake/releases.ts).
    SANITY_STUDIO_RELEASES: 'on',
  };
}
