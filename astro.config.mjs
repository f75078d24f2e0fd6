// @ts-check
import { defineConfig } from 'astro/config';
import tailwindcss from '@tailwindcss/vite';
import { siteUrl } from './src/lib/site-url.ts';
import cmsImages from './src/integrations/cms-images.ts';
import kspSitemap from './src/integrations/sitemap.ts';
import localized404 from './src/integrations/localized-404.ts';
import devImageService from './server/images/astro-dev.ts';

const site = siteUrl(process.env);

// Thin on purpose: integrations live in their own files; the content source is chosen at
// build time by src/lib/sanity/source.ts from the environment. The preview build
// (astro.preview.config.mjs) starts from the same settings.
/** @satisfies {import('astro').AstroUserConfig} */
export const siteConfig = {
  site,
  trailingSlash: 'ignore',
  // devImageService answers image URLs in `astro dev` only (the publish server's image service).
  integrations: [cmsImages(), kspSitemap(site), localized404(), devImageService()],
  build: {
    format: 'directory',
    // No inline <style> or <script>: the Content-Security-Policy forbids 'unsafe-inline'.
    inlineStylesheets: 'never',
  },
  vite: {
    plugins: [tailwindcss()],
    build: { assetsInlineLimit: 0 },
  },
};

export default defineConfig(siteConfig);
