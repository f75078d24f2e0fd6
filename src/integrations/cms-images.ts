// Publishes the image variants src/lib/images.ts made during a build: on `astro:build:done` the
// files the pages used are copied from the cache into <outDir>/_img/. In `astro dev` the cache
// is served directly under the same path.
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { IMAGE_ROUTE, imageCacheDir, usedImageFiles } from '../lib/images.ts';

const TYPES: Record<string, string> = { '.avif': 'image/avif', '.webp': 'image/webp', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml' };

export default function cmsImages(): AstroIntegration {
  return {
    name: 'ksp-cms-images',
    hooks: {
      'astro:server:setup': ({ server }) => {
        server.middlewares.use(async (req, res, next) => {
          const url = req.url ?? '';
          if (!url.startsWith(IMAGE_ROUTE)) return next();
          const name = path.basename(url.slice(IMAGE_ROUTE.length).split('?')[0] ?? '');
          try {
            const bytes = await readFile(path.join(imageCacheDir(), name));
            res.setHeader('Content-Type', TYPES[path.extname(name)] ?? 'application/octet-stream');
            res.end(bytes);
          } catch {
            next();
          }
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const target = path.join(fileURLToPath(dir), IMAGE_ROUTE);
        const files = [...usedImageFiles()];
        await mkdir(target, { recursive: true });
        await Promise.all(files.map((name) => copyFile(path.join(imageCacheDir(), name), path.join(target, name))));
        logger.info(`${files.length} image variants copied to ${IMAGE_ROUTE}`);
      },
    },
  };
}
