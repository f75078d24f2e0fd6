// @ts-check
import { defineConfig } from 'astro/config';
import tailwindcss from '@tailwindcss/vite';
import { buildConfig } from './src/lib/build-config.ts';
import { siteIntegrations } from './src/integrations/site.ts';
import devImageService from './server/images/astro-dev.ts';
import { publishedOriginals } from './src/lib/images.ts';

const settings = buildConfig();
const site = settings.siteUrl;

// Thin on purpose: integrations live in their own files; the settings (site URL, content source)
// come from the environment through src/lib/build-config.ts. The preview build
// (astro.preview.config.mjs) starts from the same settings.
/** @satisfies {import('astro').AstroUserConfig} */
export const siteConfig = {
  site,
  trailingSlash: 'ignore',
  // The build's integrations (src/integrations/site.ts); devImageService answers image URLs in
  // `astro dev` only (the publish server's image service).
  integrations: [...siteIntegrations(settings), devImageService({ cacheDir: settings.imageCacheDir, imageSources: settings.imageSources, originals: publishedOriginals })],
  build: {
    format: 'directory',
    // No inline <style> or <script>: the Content-Security-Policy forbids 'unsafe-inline'.
    inlineStylesheets: 'never',
  },
  // Incremental builds (KSP_BUILD_CACHE): pages whose cacheKey (src/lib/page-keys.ts) and code are
  // unchanged are copied from the previous build. Astro keeps that cache in cacheDir.
  ...(settings.buildCacheDir ? { cacheDir: settings.buildCacheDir, experimental: { incrementalBuild: true } } : {}),
  vite: {
    plugins: [tailwindcss()],
    build: { assetsInlineLimit: 0 },
  },
};

export default defineConfig(siteConfig);
