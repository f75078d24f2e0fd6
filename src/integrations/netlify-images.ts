// Netlify Image CDN makes variants only of remote images its `remote_images` allow. Only the build
// knows this project's images (core/images.ts allowedImageSources: the Sanity project and dataset,
// KSP_IMAGE_HOSTS), so the allowance is written at build time through Netlify's Frameworks API
// (.netlify/v1/config.json, `images.remote_images`), not in netlify.toml, whose entries Netlify
// would add to these. The preview's Netlify adapter writes that file as well (before this hook:
// Astro runs the adapter's hooks first); everything else in it is kept.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { netlifyRemoteImages } from '../../core/images.ts';
import { writeFileAtomic } from '../../core/write-atomic.ts';

/** The Frameworks API file below the project. */
export const NETLIFY_CONFIG_FILE = path.join('.netlify', 'v1', 'config.json');

/** Sets `images.remote_images` of the project's Frameworks API file to exactly these sources. */
export async function writeNetlifyImageConfig(root: string, imageSources: readonly string[]): Promise<void> {
  const file = path.join(root, NETLIFY_CONFIG_FILE);
  let config: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) config = parsed as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) throw error;
  }
  const images = config.images && typeof config.images === 'object' ? (config.images as Record<string, unknown>) : {};
  config.images = { ...images, remote_images: netlifyRemoteImages(imageSources) };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(config, null, 2)}\n`);
}

/** On Netlify (`enabled`), allows Netlify's image service this project's remote images, no others. */
export default function netlifyImages({ enabled, imageSources }: { enabled: boolean; imageSources: readonly string[] }): AstroIntegration {
  let root = process.cwd();
  return {
    name: 'ksp-netlify-images',
    hooks: {
      'astro:config:done': ({ config }) => {
        // Fast publishes (src/build/fast-publish.ts) run this hook with a partial config: no root.
        if (config.root) root = fileURLToPath(config.root);
      },
      'astro:build:done': async ({ logger }) => {
        if (!enabled) return;
        await writeNetlifyImageConfig(root, imageSources);
        logger.info(`Netlify Image CDN may fetch remote images from: ${imageSources.length > 0 ? imageSources.join(', ') : 'nowhere (no Sanity project, no KSP_IMAGE_HOSTS)'}`);
      },
    },
  };
}
