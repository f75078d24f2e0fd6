// @ts-check
// The preview build: the same pages, components and content layer as astro.config.mjs, rendered
// on request (output: 'server') from the drafts of the Content Lake. `npm run build:preview`
// writes it to dist-preview/; the static build and its dist/ are not touched by it.
//
// Self-hosted (default): @astrojs/node, served by the publish server on PREVIEW_PORT.
// Netlify (NETLIFY=true, set by Netlify's build): @astrojs/netlify, for a second Netlify site.
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import { siteConfig as site } from './astro.config.mjs';
import preview from './src/preview/integration.ts';

export default defineConfig({
  ...site,
  output: 'server',
  outDir: './dist-preview',
  adapter: node({ mode: 'standalone', experimentalDisableStreaming: true }),
  // Only the preview's own integration: the static build's sitemap, English 404 copy and image
  // copying work on a finished dist/, which a server build has not.
  integrations: [preview()],
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
