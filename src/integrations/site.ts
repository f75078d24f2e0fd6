// The integrations of the static build, in their order (astro.config.mjs), in one place: the fast
// path (src/build/fast-publish.ts) runs the same list's astro:build:done hooks on its site without
// loading the Astro config and its Vite plugins. incrementalRecords comes first: it restores the
// records of skipped pages that the sitemap and the image originals read.
import type { AstroIntegration } from 'astro';
import type { BuildConfig } from '../lib/build-config.ts';
import cmsImages from './cms-images.ts';
import incrementalRecords from './incremental.ts';
import indexNowKey from './indexnow-key.ts';
import localized404 from './localized-404.ts';
import netlifyImages from './netlify-images.ts';
import pageOrder from './page-order.ts';
import kspSitemap from './sitemap.ts';

export function siteIntegrations(settings: Pick<BuildConfig, 'siteUrl' | 'buildCacheDir' | 'indexNowKey' | 'onNetlify' | 'imageSources' | 'pageOrderFile'>): AstroIntegration[] {
  return [
    incrementalRecords(settings.buildCacheDir),
    cmsImages(),
    ...kspSitemap(settings.siteUrl),
    localized404(),
    indexNowKey(settings.indexNowKey),
    netlifyImages({ enabled: settings.onNetlify, imageSources: settings.imageSources }),
    pageOrder(settings.pageOrderFile),
  ];
}
