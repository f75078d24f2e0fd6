// The renderer's records (src/lib/render-records.ts): what each rendered page leaves behind for
// the sitemap and the image originals, noted as in an incremental static build, for every page
// (here nothing is prerendered). fast-publish renders one page at a time.
import { defineMiddleware } from 'astro:middleware';
import { recordRender } from '../lib/render-records-middleware.ts';

export const onRequest = defineMiddleware(recordRender);
