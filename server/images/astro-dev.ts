// `astro dev` answers the image URLs of the pages it renders the way the publish server does:
// netlify.toml's image rewrites through the on-demand image service (./image-handler.ts), and the
// originals a build would publish (src/integrations/cms-images.ts) from where they lie. Added
// to the site's integrations by astro.config.mjs, which passes the site's settings and its
// register of originals; it does nothing in a build.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { loadNetlifyRules } from '../../core/publish/netlify-config.ts';
import { ORIGINALS_ROUTE } from '../../core/images.ts';
import { createImageHandler, type ImageHandlerOptions } from './image-handler.ts';

export interface DevImageOptions extends Pick<ImageHandlerOptions, 'cacheDir' | 'imageSources'> {
  /** The originals the pages rendered so far registered: file name → file (src/lib/images.ts). */
  originals: () => ReadonlyMap<string, string>;
}

export default function devImageService({ cacheDir, imageSources, originals }: DevImageOptions): AstroIntegration {
  return {
    name: 'ksp-dev-image-service',
    hooks: {
      'astro:server:setup': ({ server }) => {
        const handleImage = createImageHandler({
          rules: loadNetlifyRules(path.join(process.cwd(), 'netlify.toml')),
          cacheDir,
          imageSources,
          readSiteOriginal: async (name) => {
            const file = originals().get(name);
            return file ? readFile(file) : undefined;
          },
        });
        server.middlewares.use((req, res, next) => {
          const file = req.url?.startsWith(ORIGINALS_ROUTE) ? originals().get(path.basename(req.url.split('?')[0]!)) : undefined;
          if (file) {
            readFile(file).then((bytes) => res.end(bytes), next);
            return;
          }
          handleImage(req, res).then((handled) => {
            if (!handled) next();
          }, next);
        });
      },
    },
  };
}
