// The renderer's records (src/lib/render-records.ts): what each rendered page leaves behind for
// the sitemap and the image originals, as src/lib/render-records-middleware.ts notes them in an
// incremental static build. The body is read here, so the whole page has rendered before its
// record is closed; fast-publish renders one page at a time.
import { defineMiddleware } from 'astro:middleware';
import { beginPage } from '../lib/render-records.ts';
import { normalisePath, pageRecord } from '../lib/seo.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  const pathname = normalisePath(context.url.pathname);
  const end = beginPage(pathname);
  const response = await next();
  const body = await response.arrayBuffer();
  end(pageRecord(pathname));
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
});
