// Every file below a directory, as sorted paths relative to it ("en/index.html"). Node's
// readdir({ recursive: true }) reads one directory after the other: 1.0 s for the 17,700
// directories of a 10,000-document site, where reading up to 64 at a time takes 0.2 s. A missing
// root, or one that is a file, fails as readdir does (ENOENT, ENOTDIR); symbolic links are not
// followed (nor listed).
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Directories read at once. */
const WIDTH = 64;

export async function listFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  let level = [''];
  while (level.length > 0) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += WIDTH) {
      await Promise.all(
        level.slice(i, i + WIDTH).map(async (dir) => {
          for (const entry of await readdir(path.join(root, dir), { withFileTypes: true })) {
            const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
            if (entry.isDirectory()) next.push(relative);
            else if (entry.isFile()) files.push(relative);
          }
        }),
      );
    }
    level = next;
  }
  return files.sort();
}
