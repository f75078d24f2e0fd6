// Added by src/integrations/incremental.ts for incremental builds only: notes what each page
// leaves behind while it renders (./render-records.ts). The body is read here, inside the
// middleware, so the whole page has rendered before its record is closed. The renderer of fast
// publishes (src/publish-renderer/middleware.ts) records every page it renders the same way.
import type { MiddlewareHandler } from 'astro';
import { defineMiddleware } from 'astro:middleware';
import { beginPage } from './render-records.ts';
import { normalisePath, pageRecord } from './seo.ts';

/** Notes the record of the page this request renders. */
export const recordRender: MiddlewareHandler = async (context, next) => {
  const pathname = normalisePath(context.url.pathname);
  const end = beginPage(pathname);
  const response = await next();
  const body = await response.arrayBuffer();
  end(pageRecord(pathname));
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
};

export const onRequest = defineMiddleware((context, next) => (context.isPrerendered ? recordRender(context, next) : next()));
