// Release directories of the self-hosted publish server:
//
//   <releases>/2025-06-01T10-00-00-000Z/       a complete site (HTML + Pagefind index)
//   <releases>/2025-06-01T10-00-00-000Z.json  its record: id, trigger, start and end of its build
//   <releases>/current -> 2025-06-01T…         symlink to the live release (survives restarts)
//   <releases>/.staging-<id>/                  a build in progress; never served
//
// A build writes into a staging directory, which is renamed to its release name only after the
// build and the search index are complete and its record is written; the `current` symlink is
// then replaced with rename(2), which is atomic. A staging directory left by a crash is removed at
// the next start. The record lies beside the release, not in it, so it is never served.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readlink, rename, rm, stat, symlink, writeFile, readFile, open } from 'node:fs/promises';
import path from 'node:path';
import { parseBuildTrigger, type BuildTrigger } from '../core/publish/build-trigger.ts';
import { writeFileAtomic } from '../core/write-atomic.ts';

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

export const RELEASE_RECORD_VERSION = 1;

/** What the server knows of a release after a restart: the record written beside it. */
export interface ReleaseRecord {
  version: typeof RELEASE_RECORD_VERSION;
  id: string;
  /** null for a release written before records were. */
  trigger: BuildTrigger | null;
  /** When its build started (ISO). */
  startedAt: string;
  /** When its build ended (ISO); null for a release written before records were. */
  endedAt: string | null;
}

/** Checks a record read from disk; undefined when it is not one of this version for `id`. */
export function parseReleaseRecord(value: unknown, id: string): ReleaseRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (r.version !== RELEASE_RECORD_VERSION || r.id !== id || typeof r.startedAt !== 'string' || Number.isNaN(Date.parse(r.startedAt))) return undefined;
  const endedAt = typeof r.endedAt === 'string' && !Number.isNaN(Date.parse(r.endedAt)) ? r.endedAt : null;
  return { version: RELEASE_RECORD_VERSION, id, trigger: parseBuildTrigger(r.trigger) ?? null, startedAt: r.startedAt, endedAt };
}

/**
 * The releases to delete: all but the newest `keep`, never `current`, and none replaced less than
 * SKEW_PROTECTION_MS before `now`. A release counts as replaced when the build of the next newer
 * release started, which is a little before that release went live.
 */
export function prunable(releases: readonly Pick<ReleaseRecord, 'id' | 'startedAt'>[], current: string | undefined, keep: number, now: Date): string[] {
  const sorted = [...releases].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sorted
    .slice(0, Math.max(0, sorted.length - keep))
    .filter((release, index) => {
      const successor = sorted[index + 1];
      return release.id !== current && successor !== undefined && now.getTime() - Date.parse(successor.startedAt) >= SKEW_PROTECTION_MS;
    })
    .map((release) => release.id);
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

  const recordPath = (id: string) => path.join(dir, `${id}.json`);

  /** The record of a release; for one written before records, its directory's time stands in. */
  async function readRecord(id: string): Promise<ReleaseRecord> {
    try {
      const record = parseReleaseRecord(JSON.parse(await readFile(recordPath(id), 'utf8')), id);
      if (record) return record;
    } catch {
      // none, or unreadable: as old as the release
    }
    const { mtime } = await stat(path.join(dir, id));
    return { version: RELEASE_RECORD_VERSION, id, trigger: null, startedAt: mtime.toISOString(), endedAt: null };
  }

  return {
    dir,

    async init(): Promise<void> {
      await mkdir(dir, { recursive: true });
      // Half-written builds from a crash or a kill -9, and records whose release never appeared.
      const entries = await readdir(dir);
      for (const entry of entries) {
        const orphanRecord = entry.endsWith('.json') && isReleaseName(entry.slice(0, -'.json'.length)) && !entries.includes(entry.slice(0, -'.json'.length));
        if (entry.startsWith(STAGING_PREFIX) || entry.startsWith('.current-') || entry.endsWith('.tmp') || orphanRecord) await rm(path.join(dir, entry), { recursive: true, force: true });
      }
    },

    list,
    readRecord,

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

    /**
     * Turns a complete staging directory into a release with its record and makes it current,
     * atomically. The record is written first: a release never lacks one.
     */
    async promote(record: ReleaseRecord): Promise<string> {
      const { id } = record;
      const release = path.join(dir, id);
      await writeFileAtomic(recordPath(id), `${JSON.stringify(record)}\n`);
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
      const records = await Promise.all((await list()).map((id) => readRecord(id)));
      const doomed = prunable(records, current, keep, now);
      for (const id of doomed) {
        await rm(path.join(dir, id), { recursive: true, force: true });
        await rm(recordPath(id), { force: true });
      }
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
