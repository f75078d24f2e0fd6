// @astrojs/sitemap with both languages: each URL lists its counterpart as an hreflang link,
// taken from what BaseLayout recorded while rendering (src/lib/seo.ts), because German and
// English slugs differ and cannot be paired by path. 404 pages and noindex pages are left out.
import sitemap from '@astrojs/sitemap';
import { pageRecord, sitemapLinks } from '../lib/seo.ts';

export default function kspSitemap(site: string) {
  return sitemap({
    filter: (page) => {
      const { pathname } = new URL(page);
      if (/\/404\/?$/.test(pathname)) return false;
      return !pageRecord(pathname)?.noindex;
    },
    serialize: (item) => {
      const record = pageRecord(new URL(item.url).pathname);
      if (!record) return item;
      const links = sitemapLinks(record, site);
      return links.length > 0 ? { ...item, links } : item;
    },
  });
}
