// What one page left behind while it rendered, beyond its HTML: its sitemap record and the image
// originals it shows (see src/integrations/incremental.ts). Shared through globalThis because
// Astro renders pages from a separately bundled copy of this module. Pages render one at a time
// in an incremental build (Astro turns it off with build.concurrency > 1), so "the page that is
// rendering now" is well defined.
import type { PageRecord } from './seo.ts';

export interface PageRenderRecord {
  seo: PageRecord | null;
  /** Image originals: published name → source file. */
  images: [string, string][];
}

interface Store {
  current?: Map<string, string> | undefined;
  finished: Map<string, PageRenderRecord>;
}

const store: Store = ((globalThis as { __kspRenderRecords?: Store }).__kspRenderRecords ??= { finished: new Map() });

/** Starts collecting for one page; the returned function ends it and keeps the record. */
export function beginPage(pathname: string): (seo: PageRecord | undefined) => void {
  const images = new Map<string, string>();
  store.current = images;
  return (seo) => {
    store.current = undefined;
    store.finished.set(pathname, { seo: seo ?? null, images: [...images] });
  };
}

/** Notes an image original for the page that is rendering (if any). */
export function noteImage(name: string, source: string): void {
  store.current?.set(name, source);
}

/** Records of the pages rendered in this build, by normalised path. */
export function finishedRecords(): ReadonlyMap<string, PageRenderRecord> {
  return store.finished;
}
