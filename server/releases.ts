// Release directories of the self-hosted publish server:
//
//   <releases>/2025-06-01T10-00-00-000Z/   a complete site (HTML + Pagefind index)
//   <releases>/current -> 2025-06-01T…     symlink to the live release (survives restarts)
//   <releases>/.staging-<id>/              a build in progress; never served
//
// A build writes into a staging directory, which is renamed to its release name only after the
// build and the search index are complete; the `current` symlink is then replaced with rename(2),
// which is atomic. A staging directory left by a crash is removed at the next start.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readlink, rename, rm, stat, symlink, writeFile, readFile, open } from 'node:fs/promises';
import path from 'node:path';

const RELEASE_NAME = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z(?:-\d+)?$/;
const STAGING_PREFIX = '.staging-';
const CURRENT = 'current';

/**
 * How long a replaced release is kept even beyond KEEP_RELEASES: pages loaded before a switch still
 * ask for its hashed CSS, scripts, images and search chunks (skew protection, see static-server.ts).
 */
export const SKEW_PROTECTION_MS = 60 * 60 * 1000;

/** Files that must exist for a build to count as complete. */
export const REQUIRED_FILES = ['index.html', path.join('pagefind', 'pagefind.js')];

export function isReleaseName(name: string): boolean {
  return RELEASE_NAME.test(name);
}

/** The build start time encoded in a release name. */
export function releaseTime(name: string): Date {
  const [, date, h, m, s, ms] = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z/.exec(name) ?? [];
  return new Date(`${date}T${h}:${m}:${s}.${ms}Z`);
}

/**
 * The releases to delete: all but the newest `keep`, never `current`, and none replaced less than
 * SKEW_PROTECTION_MS before `now`. A release counts as replaced when the build of the next newer
 * release started (its name), which is a little before that release went live.
 */
export function prunable(ids: readonly string[], current: string | undefined, keep: number, now: Date): string[] {
  const sorted = [...ids].sort();
  return sorted.slice(0, Math.max(0, sorted.length - keep)).filter((id, index) => {
    const successor = sorted[index + 1];
    return id !== current && successor !== undefined && now.getTime() - releaseTime(successor).getTime() >= SKEW_PROTECTION_MS;
  });
}

export function createReleases(dir: string) {
  const usedIds = new Set<string>();

  async function list(): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory() && isReleaseName(entry.name))
      .map((entry) => entry.name)
      .sort();
  }

  return {
    dir,

    async init(): Promise<void> {
      await mkdir(dir, { recursive: true });
      // Half-written builds from a crash or a kill -9.
      for (const entry of await readdir(dir)) {
        if (entry.startsWith(STAGING_PREFIX) || entry.startsWith('.current-')) await rm(path.join(dir, entry), { recursive: true, force: true });
      }
    },

    list,

    /** A new, unique release id based on the current time (sortable). */
    newId(now = new Date()): string {
      const base = now.toISOString().replace(/[:.]/g, '-');
      let id = base;
      for (let n = 1; usedIds.has(id) || existsSync(path.join(dir, id)) || existsSync(this.stagingPath(id)); n += 1) id = `${base}-${n}`;
      usedIds.add(id);
      return id;
    },

    stagingPath(id: string): string {
      return path.join(dir, `${STAGING_PREFIX}${id}`);
    },

    releasePath(id: string): string {
      return path.join(dir, id);
    },

    /** Names the first required file that is missing, or undefined when the site is complete. */
    async missingFile(siteDir: string): Promise<string | undefined> {
      for (const file of REQUIRED_FILES) {
        try {
          if ((await stat(path.join(siteDir, file))).isFile()) continue;
        } catch {
          // missing
        }
        return file;
      }
      return undefined;
    },

    /** Turns a complete staging directory into a release and makes it current, atomically. */
    async promote(id: string): Promise<string> {
      const release = path.join(dir, id);
      await rename(this.stagingPath(id), release);
      const temporaryLink = path.join(dir, `.current-${id}`);
      await rm(temporaryLink, { force: true });
      await symlink(id, temporaryLink);
      await rename(temporaryLink, path.join(dir, CURRENT));
      return release;
    },

    /** The live release from a previous run, if its directory is complete. */
    async readCurrent(): Promise<string | undefined> {
      let target: string;
      try {
        target = await readlink(path.join(dir, CURRENT));
      } catch {
        return undefined;
      }
      const id = path.basename(target);
      if (!isReleaseName(id) || (await this.missingFile(path.join(dir, id)))) return undefined;
      return id;
    },

    async removeStaging(id: string): Promise<void> {
      await rm(this.stagingPath(id), { recursive: true, force: true });
    },

    /** Deletes what `prunable` names (all but the newest `keep` and the recently replaced). Returns the deleted ids. */
    async prune(keep: number, current: string | undefined, now = new Date()): Promise<string[]> {
      const doomed = prunable(await list(), current, keep, now);
      for (const id of doomed) await rm(path.join(dir, id), { recursive: true, force: true });
      return doomed;
    },

    /**
     * Makes sure only one publish server uses this directory: a second one would race on the
     * `current` link. Returns a function that releases the lock.
     */
    async lock(): Promise<() => Promise<void>> {
      const lockFile = path.join(dir, '.lock');
      for (let attempt = 0; attempt < 2; attempt += 1) {
        try {
          const handle = await open(lockFile, 'wx');
          await handle.writeFile(String(process.pid));
          await handle.close();
          return () => rm(lockFile, { force: true });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          const pid = Number(await readFile(lockFile, 'utf8').catch(() => ''));
          if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
            // eslint-disable-next-line preserve-caught-error -- EEXIST is expected here; the live pid is the whole story
            throw new Error(
              `${dir} is in use by another publish server (pid ${pid}). Stop it first, or give this one its own KSP_STATE_DIR (or RELEASES_DIR).`,
            );
          }
          await writeFile(lockFile, '').catch(() => undefined);
          await rm(lockFile, { force: true });
        }
      }
      throw new Error(`Could not lock ${dir}; remove ${lockFile} if no publish server is running.`);
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type Releases = ReturnType<typeof createReleases>;
