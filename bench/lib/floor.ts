// The floor for the bench: a bare Astro project (no content layer, no CSS framework, no
// integrations) that renders the same number of pages of the same size from an in-memory array,
// built with the repository's own astro (node_modules is a symlink), then indexed by Pagefind.
// Its <main> carries data-pagefind-body like the site's content pages: without it the indexer
// skips every page, and the floor's "Pagefind" time was only reading files (1.8 s instead of the
// ~25 s that indexing 16,000 pages takes at 10,000 documents).
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface FloorSpec {
  pages: number;
  /** Average bytes of one HTML page of the real build. */
  pageBytes: number;
  /** Average bytes of text in <main> of the real build: what Pagefind indexes. */
  textBytes: number;
  /** Pages the site's Pagefind indexed (content pages); the floor marks as many for indexing. */
  indexedPages: number;
  /** Share of pages in English (lang="en"), so Pagefind builds both indexes as for the site. */
  englishShare: number;
  corpus: { de: string[]; en: string[] };
}

const PAGE = `---
import corpus from '../corpus.json';

export function getStaticPaths() {
  const { pages, pageBytes, textBytes, englishShare, indexedPages } = __SPEC__;
  const list = [];
  for (let i = 0; i < pages; i++) {
    const lang = i < pages * englishShare ? 'en' : 'de';
    const sentences = corpus[lang];
    const paragraphs = [];
    // As much text as the site's pages have, then markup without text (like the site's
    // navigation, classes and attributes) up to the same page size. The shell is ~250 bytes.
    let text = 0;
    for (let k = 0; text < textBytes; k++) {
      const paragraph = [0, 1, 2].map((j) => sentences[(i * 7 + k * 3 + j) % sentences.length]).join(' ');
      paragraphs.push(paragraph);
      text += Buffer.byteLength(paragraph);
    }
    const padding = Math.max(0, Math.round((pageBytes - 250 - text - paragraphs.length * 7) / 64));
    // Exactly indexedPages pages are marked for the search index, spread evenly over both languages.
    const indexed = Math.floor(((i + 1) * indexedPages) / pages) > Math.floor((i * indexedPages) / pages);
    list.push({ params: { slug: lang + '/seite-' + i }, props: { lang, title: 'Seite ' + i, paragraphs, padding, indexed } });
  }
  return list;
}

const { lang, title, paragraphs, padding, indexed } = Astro.props;
---
<!doctype html>
<html lang={lang}>
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>{title}</title>
  </head>
  <body>
    <div class="layout">{Array.from({ length: padding }, (_, k) => <span class="mx-auto max-w-5xl px-4 py-2" data-k={k}></span>)}</div>
    <main data-pagefind-body={indexed ? '' : undefined}>
      <h1>{title}</h1>
      {paragraphs.map((text) => <p>{text}</p>)}
    </main>
  </body>
</html>
`;

/** Writes the floor project into `dir`; returns the directory to run `astro build` in. */
export async function writeFloorProject(dir: string, root: string, spec: FloorSpec): Promise<string> {
  await mkdir(path.join(dir, 'src', 'pages'), { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'ksp-bench-floor', private: true, type: 'module' }, null, 2));
  await writeFile(path.join(dir, 'astro.config.mjs'), `import { defineConfig } from 'astro/config';\nexport default defineConfig({ build: { format: 'directory' } });\n`);
  await writeFile(path.join(dir, 'src', 'corpus.json'), JSON.stringify(spec.corpus));
  const constants = JSON.stringify({ pages: spec.pages, pageBytes: Math.round(spec.pageBytes), textBytes: Math.round(spec.textBytes), englishShare: spec.englishShare, indexedPages: spec.indexedPages });
  await writeFile(path.join(dir, 'src', 'pages', '[...slug].astro'), PAGE.replace('__SPEC__', constants));
  await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules')).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return dir;
}
