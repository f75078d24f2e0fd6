// core/file-tree.ts listFiles: the files below a directory, read level by level.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { listFiles } from '../../core/file-tree.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('lists every file below the directory, sorted, relative, without directories or links', async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ksp-file-tree-'));
  const files = ['index.html', 'en/index.html', 'presse/a/index.html', 'presse/b/index.html', '_astro/x.css', ...Array.from({ length: 150 }, (_, i) => `d/${i}/index.html`)];
  for (const file of files) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), file);
  }
  await mkdir(path.join(dir, 'empty', 'deeper'), { recursive: true });
  await symlink(path.join(dir, 'index.html'), path.join(dir, 'link.html'));
  expect(await listFiles(dir)).toEqual([...files].sort());
});

it('fails as readdir does for a directory that is not there', async () => {
  await expect(listFiles(path.join(tmpdir(), 'ksp-no-such-dir-9f3a'))).rejects.toMatchObject({ code: 'ENOENT' });
});
