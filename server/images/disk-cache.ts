// The image service's disk cache keeps within a size budget (KSP_IMAGE_CACHE_MB, server/config.ts):
// when a new file takes it over the budget, the least recently used files go first. Variants and
// originals are made again on their next request, so eviction loses nothing but time.
//
// Recency lives in memory (a Map in use order) and, coarsely, in each file's mtime, so a restart
// finds the order again. Only the service's own files are counted and evicted (`isEntry`): the
// build keeps other files in the same directory (src/lib/images.ts, remote SVGs).
import { readdir, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';

/** How often a file's mtime is moved forward at most while it keeps being used. */
const TOUCH_INTERVAL_MS = 10 * 60_000;

export interface DiskCacheOptions {
  dir: string;
  maxBytes: number;
  /** Whether a path relative to `dir` (with "/") is a file of this cache. */
  isEntry: (relative: string) => boolean;
}

export interface DiskCache {
  /** Records that `file` (of `size` bytes) was written or used now; evicts until within the budget. */
  record(file: string, size: number): Promise<void>;
  /** Bytes of the cache as this process counts them (after the start's scan). */
  bytes(): Promise<number>;
}

async function filesBelow(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

export function createDiskCache({ dir, maxBytes, isEntry }: DiskCacheOptions): DiskCache {
  /** Least recently used first. */
  const entries = new Map<string, { size: number; touched: number }>();
  let total = 0;

  function track(file: string, size: number, touched: number) {
    const known = entries.get(file);
    if (known) {
      total -= known.size;
      entries.delete(file);
    }
    entries.set(file, { size, touched });
    total += size;
  }

  async function evict() {
    while (total > maxBytes) {
      const [file, entry] = entries.entries().next().value!;
      // Taken out of the count before the removal, so concurrent evictions never pick it twice.
      entries.delete(file);
      total -= entry.size;
      // A file that cannot be removed is left (and no longer counted): a request never fails for it.
      await rm(file, { force: true }).catch(() => undefined);
    }
  }

  // The files earlier runs left, oldest first; files recorded meanwhile are more recent.
  const ready = (async () => {
    const found: { file: string; size: number; mtime: number }[] = [];
    for (const file of await filesBelow(dir)) {
      if (!isEntry(path.relative(dir, file).split(path.sep).join('/'))) continue;
      try {
        const info = await stat(file);
        found.push({ file, size: info.size, mtime: info.mtimeMs });
      } catch {
        // removed meanwhile
      }
    }
    found.sort((a, b) => a.mtime - b.mtime);
    const recent = [...entries];
    entries.clear();
    total = 0;
    for (const { file, size, mtime } of found) track(file, size, mtime);
    for (const [file, { size, touched }] of recent) track(file, size, touched);
    await evict();
  })();

  return {
    async record(file, size) {
      await ready;
      const now = Date.now();
      const known = entries.get(file);
      const touched = known && now - known.touched < TOUCH_INTERVAL_MS ? known.touched : now;
      track(file, size, touched);
      if (touched === now && known) await utimes(file, new Date(now), new Date(now)).catch(() => undefined);
      await evict();
    },
    async bytes() {
      await ready;
      return total;
    },
  };
}
