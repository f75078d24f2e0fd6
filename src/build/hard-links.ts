// Hard links between site trees (fast publishes, src/build/fast-publish.ts): a release takes the
// unchanged files of the last build as links to the same files, so it is complete and its own
// without copying. Also run in a worker thread (./link-snapshot-worker.ts).
import { link, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Hard-links `files` from one tree into another, 64 at a time; directories are made as needed. */
export async function linkFiles(from: string, to: string, files: readonly string[]): Promise<void> {
  const made = new Set<string>();
  for (let i = 0; i < files.length; i += 64) {
    const batch = files.slice(i, i + 64);
    for (const dir of new Set(batch.map((file) => path.dirname(path.join(to, file))))) {
      if (!made.has(dir)) {
        await mkdir(dir, { recursive: true });
        made.add(dir);
      }
    }
    await Promise.all(
      batch.map((file) =>
        link(path.join(from, file), path.join(to, file)).catch((error: NodeJS.ErrnoException) => {
          throw new Error(`${file} could not be linked from ${from} (${error.code ?? error.message})`, { cause: error });
        }),
      ),
    );
  }
}

/** Links `sizes`' files and checks that each is as large as recorded (a snapshot nobody changed). */
export async function linkSnapshot(from: string, to: string, sizes: Readonly<Record<string, number>>): Promise<void> {
  const files = Object.keys(sizes);
  await linkFiles(from, to, files);
  for (let i = 0; i < files.length; i += 64) {
    const batch = files.slice(i, i + 64);
    const stats = await Promise.all(batch.map((file) => stat(path.join(to, file))));
    stats.forEach((st, j) => {
      if (st.size !== sizes[batch[j]!]) throw new Error(`${batch[j]} in the snapshot of the last build has changed size`);
    });
  }
}
