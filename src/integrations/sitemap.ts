// @astrojs/sitemap with both languages: each URL lists its counterpart as an hreflang link,
// taken from what BaseLayout recorded while rendering (src/lib/seo.ts), because German and
// English slugs differ and cannot be paired by path. 404 pages and noindex pages are left out.
// Each entry carries the page's `lastmod` when it has a reliable one (src/lib/lastmod.ts), and
// every entry goes into the build manifest too (path → lastmod), which is what the next release
// is compared with to tell search engines what changed (core/publish/indexnow.ts).
import sitemap from '@astrojs/sitemap';
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { recordPages } from '../build/stamp-manifest.ts';
import { pageRecord, sitemapLinks } from '../lib/seo.ts';

export default function kspSitemap(site: string): AstroIntegration[] {
  // Filled by `serialize`, which @astrojs/sitemap calls once per entry in its astro:build:done.
  const entries = new Map<string, string | null>();
  return [
    sitemap({
      filter: (page) => {
        const { pathname } = new URL(page);
        if (/\/404\/?$/.test(pathname)) return false;
        return !pageRecord(pathname)?.noindex;
      },
      serialize: (item) => {
        const { pathname } = new URL(item.url);
        const record = pageRecord(pathname);
        entries.set(pathname, record?.lastmod ?? null);
        if (!record) return item;
        const links = sitemapLinks(record, site);
        return { ...item, ...(links.length > 0 ? { links } : {}), ...(record.lastmod ? { lastmod: record.lastmod } : {}) };
      },
    }),
    {
      // After the sitemap's own astro:build:done (hooks run in the order of the integrations).
      name: 'ksp-manifest-pages',
      hooks: {
        'astro:build:done': async ({ dir }) => {
          await recordPages(fileURLToPath(dir), site, entries);
        },
      },
    },
  ];
}
