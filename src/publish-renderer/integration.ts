// The published-content renderer (astro.publish.config.mjs): the site's pages compiled for
// rendering on request, which src/build/fast-publish.ts uses to render only the pages a publish
// changed. Its own adapter, because the publish step needs Astro's App (routes, page modules,
// render) inside the process, not an HTTP server: the entry exports the App and nothing starts.
// Its middleware notes what each page leaves behind (sitemap record, image originals) exactly as
// the static build's incremental records do.
import type { AstroIntegration } from 'astro';

export default function publishRenderer(): AstroIntegration {
  return {
    name: 'ksp-publish-renderer',
    hooks: {
      'astro:config:setup': ({ addMiddleware }) => {
        addMiddleware({ entrypoint: new URL('./middleware.ts', import.meta.url), order: 'pre' });
      },
      'astro:config:done': ({ setAdapter }) => {
        setAdapter({
          name: 'ksp-publish-renderer',
          entrypointResolution: 'auto',
          serverEntrypoint: new URL('./entry.ts', import.meta.url),
          adapterFeatures: { buildOutput: 'server' },
          supportedAstroFeatures: { serverOutput: 'stable', hybridOutput: 'stable', staticOutput: 'stable', sharpImageService: 'stable' },
        });
      },
    },
  };
}
