// Astro writes src/pages/en/404.astro as en/404/index.html (directory format); static hosts and
// server/static-server.ts look for en/404.html, as for the root 404.html. Move it there.
import { mkdir, rename, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

export default function localized404(prefixes: string[] = ['en']): AstroIntegration {
  return {
    name: 'ksp-localized-404',
    hooks: {
      'astro:build:done': async ({ dir }) => {
        const out = fileURLToPath(dir);
        for (const prefix of prefixes) {
          const from = path.join(out, prefix, '404', 'index.html');
          try {
            await mkdir(path.join(out, prefix), { recursive: true });
            await rename(from, path.join(out, prefix, '404.html'));
            await rmdir(path.dirname(from));
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
          }
        }
      },
    },
  };
}
