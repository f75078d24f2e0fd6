// Astro's incremental build (experimental.incrementalBuild, on when KSP_BUILD_CACHE names a cache
// directory; src/build/incremental.ts keeps that directory honest). Astro copies a skipped page's
// HTML from the previous build, but two things this site collects while pages render would be
// missing for it: the page's sitemap record (src/lib/seo.ts: language alternates, noindex) and the
// image originals it shows (src/lib/images.ts, published under /_img/o/). This integration keeps
// both per page in the cache (page-records.json): a middleware notes them while a page renders,
// and after the build the records of the skipped pages are taken from the previous build, before
// the sitemap and image integrations read them (so it must come first in `integrations`).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { finishedRecords, type PageRenderRecord } from '../lib/render-records.ts';
import { recordPage, normalisePath } from '../lib/seo.ts';
import { registerOriginal } from '../lib/images.ts';

export const PAGE_RECORDS_FILE = 'page-records.json';
/**
 * The keys the lists and feeds noted while they rendered (src/lib/render-records.ts notePageKey),
 * by normalised path, endpoints included: the first fast publish after this build compares them.
 */
export const STATIC_KEYS_FILE = 'static-page-keys.json';

export default function incrementalRecords(cacheDir: string | undefined): AstroIntegration {
  return {
    name: 'ksp-incremental-records',
    hooks: {
      'astro:config:setup': ({ addMiddleware }) => {
        if (cacheDir) addMiddleware({ entrypoint: new URL('../lib/render-records-middleware.ts', import.meta.url), order: 'pre' });
      },
      'astro:build:done': async ({ pages, logger }) => {
        if (!cacheDir) return;
        const file = path.join(cacheDir, PAGE_RECORDS_FILE);
        let previous: Record<string, PageRenderRecord> = {};
        try {
          previous = JSON.parse(await readFile(file, 'utf8')) as Record<string, PageRenderRecord>;
        } catch {
          // a first build: every page renders
        }
        const rendered = finishedRecords();
        const next: Record<string, PageRenderRecord> = {};
        let reused = 0;
        for (const { pathname } of pages) {
          const key = normalisePath(`/${pathname}`);
          const fresh = rendered.get(key);
          const record = fresh ?? previous[key];
          // A skipped page without its record means the cache is not the one Astro used: stop
          // instead of publishing a sitemap or images without it (the next build starts over).
          if (!record) throw new Error(`Incremental build: no render record for ${key} in ${file}. Delete ${cacheDir} to build in full.`);
          if (!fresh) {
            reused += 1;
            if (record.seo) recordPage(key, record.seo);
            for (const [name, source] of record.images) registerOriginal(name, source);
          }
          next[key] = record;
        }
        const keys = Object.fromEntries([...rendered].flatMap(([key, record]) => (record.key === undefined ? [] : [[key, record.key]])));
        await mkdir(cacheDir, { recursive: true });
        for (const [target, data] of [
          [file, next],
          [path.join(cacheDir, STATIC_KEYS_FILE), keys],
        ] as const) {
          await writeFile(`${target}.tmp`, JSON.stringify(data));
          await rename(`${target}.tmp`, target);
        }
        logger.info(`${pages.length - reused} pages rendered, ${reused} taken from the previous build`);
      },
    },
  };
}
