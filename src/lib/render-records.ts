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
  /** A list or feed's key (src/lib/page-keys.ts staticPageKey), noted while it rendered. */
  key?: string;
}

interface RenderingPage {
  images: Map<string, string>;
  key?: string;
}

interface Store {
  current?: RenderingPage | undefined;
  finished: Map<string, PageRenderRecord>;
}

const store: Store = ((globalThis as { __kspRenderRecords?: Store }).__kspRenderRecords ??= { finished: new Map() });

/** Starts collecting for one page; the returned function ends it and keeps the record. */
export function beginPage(pathname: string): (seo: PageRecord | undefined) => void {
  const page: RenderingPage = { images: new Map() };
  store.current = page;
  return (seo) => {
    store.current = undefined;
    store.finished.set(pathname, { seo: seo ?? null, images: [...page.images], ...(page.key === undefined ? {} : { key: page.key }) });
  };
}

/** Notes an image original for the page that is rendering (if any). */
export function noteImage(name: string, source: string): void {
  store.current?.images.set(name, source);
}

/**
 * Notes the key of the list or feed that is rendering (its `pageKey`), computed only when records
 * are kept (an incremental build): the build that renders the page also records its key, so the
 * next fast publish (src/build/fast-publish.ts) can take the page over instead of rendering it.
 */
export async function notePageKey(pageKey: () => Promise<string>): Promise<void> {
  const page = store.current;
  if (page) page.key = await pageKey();
}

/** Records of the pages rendered in this build, by normalised path. */
export function finishedRecords(): ReadonlyMap<string, PageRenderRecord> {
  return store.finished;
}
