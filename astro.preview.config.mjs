// @ts-check
// The preview build: the same pages, components and content layer as astro.config.mjs, rendered
// on request (output: 'server') from the drafts of the Content Lake. `npm run build:preview`
// writes it to dist-preview/; the static build and its dist/ are not touched by it.
//
// Self-hosted (default): @astrojs/node into dist-preview/, served by the publish server on
// PREVIEW_PORT. KSP_PREVIEW_ADAPTER=netlify (set by `npm run build` on the Netlify preview site):
// @astrojs/netlify, static files into dist/ and the pages into a Netlify Function.
import { defineConfig } from 'astro/config';
import netlify from '@astrojs/netlify';
import node from '@astrojs/node';
import { siteConfig as site } from './astro.config.mjs';
import { buildConfig } from './src/lib/build-config.ts';
import netlifyImages from './src/integrations/netlify-images.ts';
import preview from './src/preview/integration.ts';

const onNetlify = buildConfig().previewAdapter === 'netlify';

export default defineConfig({
  ...site,
  output: 'server',
  outDir: onNetlify ? './dist' : './dist-preview',
  // Netlify's image CDN would rewrite the site's own image URLs (src/lib/images.ts).
  // The function reads content from the Content Lake only, never from the build's files.
  adapter: onNetlify ? netlify({ imageCDN: false, excludeFiles: ['./.cache/**', './content/**'] }) : node({ mode: 'standalone', experimentalDisableStreaming: true }),
  // Only the preview's own integration: the static build's sitemap, English 404 copy and image
  // copying work on a finished dist/, which a server build has not.
  // netlifyImages narrows the image allowance the Netlify adapter writes (it runs after it).
  integrations: [preview(), netlifyImages({ enabled: onNetlify, imageSources: buildConfig().imageSources })],
  vite: {
    ...site.vite,
    build: {
      ...site.vite.build,
      // The click-to-edit overlays (React, Sanity UI) are one large chunk, loaded only inside
      // the Studio.
      chunkSizeWarningLimit: 1000,
      rollupOptions: {
        onwarn(warning, warn) {
          // "use client" in Sanity UI's dependencies means nothing outside React Server Components.
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
  },
});
