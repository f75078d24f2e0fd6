// The build's own page list (src/integrations/page-order.ts: pathnames as astro:build:done gets
// them) as the HTML files of the site, which the search index takes its page order from.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { pageFiles } from '../../src/build/build-site.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('finds each listed page where it was written or moved, in the list’s order, and skips what is not there', async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ksp-page-files-'));
  for (const file of ['index.html', 'presse/index.html', 'presse/meldung/index.html', '404.html', 'en/404.html', 'en/index.html']) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), '<!DOCTYPE html><html lang="de"></html>');
  }
  expect(pageFiles(dir, ['presse/meldung/', '', 'presse/', '404/', 'en/404/', 'en/', 'gone/', '/presse/meldung'])).toEqual([
    'presse/meldung/index.html',
    'index.html',
    'presse/index.html',
    '404.html',
    'en/404.html',
    'en/index.html',
    'presse/meldung/index.html',
  ]);
});
