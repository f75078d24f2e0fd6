// Writes a file so that no reader ever sees it half-written: the data goes to a temporary file
// beside it (unique per call, so concurrent writers of one file never share it), which is then
// renamed into place. On failure the temporary file is removed and the error rethrown; the old
// file, if any, stays as it was.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
