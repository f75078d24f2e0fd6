// Publishes the originals src/lib/images.ts registered while pages were rendered: on
// `astro:build:done` each is hard-linked (copied across file systems) into <outDir>/_img/o/, where
// Netlify Image CDN and the publish server read it to make variants on demand. No image is
// encoded during the build. In `astro dev` the image rewrites of netlify.toml are answered by the
// same on-demand service as on the publish server, reading originals from where they lie.
import { copyFile, link, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { imageCacheDir, ORIGINALS_ROUTE, publishedOriginals } from '../lib/images.ts';
import { createImageHandler } from '../../server/images/image-handler.ts';
import { loadNetlifyRules } from '../../core/publish/netlify-config.ts';

async function publish(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    // Another file system, or one without hard links: copy.
    if (code === 'EXDEV' || code === 'EPERM' || code === 'ENOTSUP') await copyFile(source, target);
    else throw new Error(`Publishing image ${source} failed (${code ?? (error as Error).message}). Check that the file exists and is readable.`, { cause: error });
  }
}

export default function cmsImages(): AstroIntegration {
  return {
    name: 'ksp-cms-images',
    hooks: {
      'astro:server:setup': ({ server }) => {
        const handleImage = createImageHandler({
          rules: loadNetlifyRules(path.join(process.cwd(), 'netlify.toml')),
          cacheDir: imageCacheDir(),
          readSiteOriginal: async (name) => {
            const file = publishedOriginals().get(name);
            return file ? readFile(file) : undefined;
          },
        });
        server.middlewares.use((req, res, next) => {
          const file = req.url?.startsWith(ORIGINALS_ROUTE) ? publishedOriginals().get(path.basename(req.url.split('?')[0]!)) : undefined;
          if (file) {
            readFile(file).then((bytes) => res.end(bytes), next);
            return;
          }
          handleImage(req, res).then((handled) => {
            if (!handled) next();
          }, next);
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const target = path.join(fileURLToPath(dir), ORIGINALS_ROUTE);
        const originals = [...publishedOriginals()];
        await mkdir(target, { recursive: true });
        // Bounded parallelism: thousands of links at once would exhaust file handles.
        for (let i = 0; i < originals.length; i += 64) {
          await Promise.all(originals.slice(i, i + 64).map(([name, file]) => publish(file, path.join(target, name))));
        }
        logger.info(`${originals.length} image originals published to ${ORIGINALS_ROUTE}; variants are made on demand`);
      },
    },
  };
}
