// The preview build (dist-preview/, `npm run build:preview`) and whether it is stale: it is
// code only, so it is made again when a file it is built from changed (src/, public/, the
// Astro configs, netlify.toml, the lock file), not when content changes. The fingerprint of
// those files is kept in dist-preview/.ksp-build.json.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
export const PREVIEW_DIR = path.join(root, 'dist-preview');
export const PREVIEW_ENTRY = path.join(PREVIEW_DIR, 'server', 'entry.mjs');
const STAMP = path.join(PREVIEW_DIR, '.ksp-build.json');
const INPUTS = ['src', 'core', 'public', 'astro.config.mjs', 'astro.preview.config.mjs', 'netlify.toml', 'package-lock.json'];

async function files(entry: string): Promise<string[]> {
  const full = path.join(root, entry);
  const items = await readdir(full, { withFileTypes: true, recursive: true }).catch(() => undefined);
  if (!items) return [full];
  return items.filter((item) => item.isFile()).map((item) => path.join(item.parentPath, item.name));
}

export async function previewFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of (await Promise.all(INPUTS.map(files))).flat().sort()) {
    hash.update(path.relative(root, file)).update(await readFile(file).catch(() => Buffer.alloc(0)));
  }
  return hash.digest('hex');
}

export async function writePreviewStamp(): Promise<void> {
  await writeFile(STAMP, JSON.stringify({ fingerprint: await previewFingerprint() }));
}

async function isFresh(): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(STAMP, 'utf8')) as { fingerprint?: string };
    return stamp.fingerprint === (await previewFingerprint());
  } catch {
    return false;
  }
}

/** `npm run build:preview`, awaited; throws when it fails. */
export async function buildPreview(): Promise<void> {
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'build-preview.ts')], { cwd: root, stdio: 'inherit' });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (status !== 0) throw new Error(`npm run build:preview failed (exit ${status}); see the output above.`);
}

/** Builds the preview when it is missing or stale; returns whether it built. */
export async function ensurePreviewBuild(): Promise<boolean> {
  if (await isFresh()) return false;
  await buildPreview();
  return true;
}
