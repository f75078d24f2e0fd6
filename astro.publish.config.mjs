// @ts-check
// The published-content renderer of fast publishes (src/build/fast-publish.ts): the same pages,
// components and content layer as astro.config.mjs, compiled once per code version for rendering
// on request (output: 'server'), so a publish renders only the pages whose key changed instead of
// running `astro build`. It renders the published perspective like the static build (the build's
// settings, src/lib/build-config.ts); nothing of the drafts preview (no banner, no overlays).
import { defineConfig } from 'astro/config';
import { siteConfig as site } from './astro.config.mjs';
import renderer from './src/publish-renderer/integration.ts';

export default defineConfig({
  ...site,
  output: 'server',
  // Never Astro's incremental cache of the static build (KSP_BUILD_CACHE is off for this build).
  // src/build/fast-publish.ts passes --outDir (in the build cache).
  outDir: './.cache/publish-renderer',
  // Its own adapter (src/publish-renderer/integration.ts) and no other integration: the static
  // build's sitemap, records, images and 404 copies run on the finished site in
  // src/build/fast-publish.ts, with the static build's code.
  adapter: renderer(),
  integrations: [],
});
