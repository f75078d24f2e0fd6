// The cache of incremental builds (KSP_BUILD_CACHE: Astro's cacheDir with experimental
// incrementalBuild, and the page records of src/integrations/incremental.ts). Astro re-renders a
// page when its cacheKey (src/lib/page-keys.ts) or its module graph changed; this module adds the
// rules that keep a cache from ever producing a wrong site:
//
// - The cache is used only with the code and settings that wrote it: a digest of the site's code
//   (src/, core/, public/, the Astro config, the lock file), the Node version and the build
//   settings that reach the HTML. Anything else and the cache is emptied: a full build.
// - It is used only when it is whole: the stamp written after a successful build holds a digest
//   of the name and size of every file in it and of the bytes of its manifests (Astro's
//   incremental-build.json, the page records); a file added, missing, cut short or grown (a disk
//   error, a cache restored halfway) or a changed manifest empties it. Reading every cached page
//   again would cost seconds on a large site, so a page changed in place at the same size is not
//   caught. A build that fails or is stopped leaves no stamp, so the next one starts over.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readBuildConfig } from '../lib/build-config.ts';
import { FAST_DIR } from './fast-publish.ts';
import { SEARCH_CACHE_DIR } from './search-archive-cache.ts';

export const CACHE_STAMP = 'ksp-build-cache.json';
const STAMP_VERSION = 2;

/** Code and settings the cache belongs to. */
const CODE = ['src', 'core', 'public', 'astro.config.mjs', 'astro.publish.config.mjs', 'scripts/fast-publish.ts', 'package-lock.json', 'tsconfig.json'];

interface Stamp {
  version: number;
  inputs: string;
  files: string;
}

async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return [dir];
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function fileDigest(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('base64url')));
  });
}

/** One digest of the files (names relative to `base`, and bytes), 32 read at a time. */
async function digestFiles(base: string, files: readonly string[]): Promise<string> {
  const digests: string[] = new Array<string>(files.length);
  for (let i = 0; i < files.length; i += 32) {
    const batch = files.slice(i, i + 32);
    const done = await Promise.all(batch.map((file) => fileDigest(file)));
    done.forEach((d, j) => (digests[i + j] = `${path.relative(base, batch[j]!)}\0${d}`));
  }
  return createHash('sha256').update(digests.join('\n')).digest('base64url');
}

/** The digest of the code and settings a build runs with. */
export async function buildInputs(root: string, env: NodeJS.ProcessEnv): Promise<string> {
  const files = (await Promise.all(CODE.map((entry) => filesUnder(path.join(root, entry))))).flat();
  const { siteUrl, imageSources, source } = readBuildConfig(env);
  const settings = JSON.stringify({ node: process.version, siteUrl, imageSources, source: source.kind === 'sanity' ? [source.sanity.projectId, source.sanity.dataset] : source.kind });
  return createHash('sha256')
    .update(await digestFiles(root, files))
    .update(settings)
    .digest('base64url');
}

async function cacheFiles(cacheDir: string): Promise<string[]> {
  // The fast path's part of the cache (./fast-publish.ts) and the search archive's
  // (./search-archive-cache.ts, written after the seal) keep their own state and checks.
  return (await filesUnder(cacheDir)).filter((file) => {
    const relative = path.relative(cacheDir, file);
    const top = relative.split(path.sep)[0];
    return relative !== CACHE_STAMP && top !== FAST_DIR && top !== SEARCH_CACHE_DIR;
  });
}

/** Names and sizes of every file in the cache, and the bytes of the manifests at its top. */
async function cacheDigest(cacheDir: string): Promise<string> {
  const files = await cacheFiles(cacheDir);
  const manifests = files.filter((file) => path.dirname(file) === cacheDir && file.endsWith('.json'));
  const sizes: string[] = [];
  for (let i = 0; i < files.length; i += 64) {
    const batch = files.slice(i, i + 64);
    const stats = await Promise.all(batch.map((file) => stat(file)));
    stats.forEach((st, j) => sizes.push(`${path.relative(cacheDir, batch[j]!)}\0${st.size}`));
  }
  return createHash('sha256')
    .update(sizes.join('\n'))
    .update(await digestFiles(cacheDir, manifests))
    .digest('base64url');
}

export type CacheState = { warm: true } | { warm: false; reason: string };

/**
 * Before a build: keeps the cache when it belongs to `inputs` and is whole, else empties it.
 * Either way the stamp is removed, so only a build that completes makes the cache usable again.
 */
export async function openCache(cacheDir: string, inputs: string): Promise<CacheState> {
  const state = await checkCache(cacheDir, inputs);
  if (!state.warm) await rm(cacheDir, { recursive: true, force: true });
  await mkdir(cacheDir, { recursive: true });
  await rm(path.join(cacheDir, CACHE_STAMP), { force: true });
  return state;
}

type StampCheck = { warm: true; stamp: Stamp } | { warm: false; reason: string };

async function readStamp(cacheDir: string, inputs: string): Promise<StampCheck> {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(await readFile(path.join(cacheDir, CACHE_STAMP), 'utf8')) as Stamp;
  } catch {
    return { warm: false, reason: 'no complete earlier build in the cache' };
  }
  if (stamp.version !== STAMP_VERSION || stamp.inputs !== inputs) return { warm: false, reason: 'the code or the build settings changed' };
  return { warm: true, stamp };
}

/**
 * Without reading the cache's files: whether the last astro build with this cache completed with
 * this code and these settings. Enough for a fast publish (./fast-publish.ts), which neither reads
 * nor writes Astro's part of the cache (its snapshot has checks of its own) and so leaves the
 * stamp true; an astro build that follows it still calls openCache, which checks every file.
 */
export async function cacheStamped(cacheDir: string, inputs: string): Promise<CacheState> {
  const read = await readStamp(cacheDir, inputs);
  return read.warm ? { warm: true } : read;
}

async function checkCache(cacheDir: string, inputs: string): Promise<CacheState> {
  const read = await readStamp(cacheDir, inputs);
  if (!read.warm) return read;
  if ((await cacheDigest(cacheDir)) !== read.stamp.files) return { warm: false, reason: 'the cache failed its integrity check' };
  return { warm: true };
}

/** After a successful build: the cache may be used by the next build with the same inputs. */
export async function sealCache(cacheDir: string, inputs: string): Promise<void> {
  const stamp: Stamp = { version: STAMP_VERSION, inputs, files: await cacheDigest(cacheDir) };
  await writeFile(path.join(cacheDir, CACHE_STAMP), JSON.stringify(stamp));
}
