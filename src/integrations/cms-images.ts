// Publishes the originals src/lib/images.ts registered while pages were rendered: on
// `astro:build:done` each is hard-linked (copied across file systems) into <outDir>/_img/o/, where
// Netlify Image CDN and the publish server read it to make variants on demand. No image is
// encoded during the build. (`astro dev` answers the image URLs through server/images/astro-dev.ts.)
import { copyFile, link, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { ORIGINALS_ROUTE } from '../../core/images.ts';
import { publishedOriginals } from '../lib/images.ts';

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
