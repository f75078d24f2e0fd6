// The pages of a static build in the order Astro wrote them (the page list astro:build:done gets),
// for the search index: Pagefind numbers pages in the order it is given them, so an index has the
// same bytes as another only when that order is the same. Astro's log names the pages too, and
// src/build/build-site.ts indexes them from it while Astro runs, but the log is no record: the
// astro command exits without waiting for a full pipe, and on a loaded machine its last lines are
// lost. Written only when the build asks for it (KSP_PAGE_ORDER_FILE, set by build-site.ts).
import type { AstroIntegration } from 'astro';
import { writeFileAtomic } from '../../core/write-atomic.ts';

export default function pageOrder(file: string | undefined): AstroIntegration {
  return {
    name: 'ksp-page-order',
    hooks: {
      'astro:build:done': async ({ pages }) => {
        if (file) await writeFileAtomic(file, JSON.stringify(pages.map((page) => page.pathname)));
      },
    },
  };
}
