// The floor for the bench: a bare Astro project (no content layer, no CSS framework, no
// integrations) that renders the same number of pages of the same size from an in-memory array,
// built with the repository's own astro (node_modules is a symlink), then indexed by Pagefind.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface FloorSpec {
  pages: number;
  /** Average bytes of one HTML page of the real build. */
  pageBytes: number;
  /** Share of pages in English (lang="en"), so Pagefind builds both indexes as for the site. */
  englishShare: number;
  corpus: { de: string[]; en: string[] };
}

const PAGE = `---
import corpus from '../corpus.json';

export function getStaticPaths() {
  const { pages, pageBytes, englishShare } = __SPEC__;
  const list = [];
  for (let i = 0; i < pages; i++) {
    const lang = i < pages * englishShare ? 'en' : 'de';
    const sentences = corpus[lang];
    const paragraphs = [];
    // The page shell is about 250 bytes; fill the rest with text.
    let bytes = 250;
    for (let k = 0; bytes < pageBytes; k++) {
      const text = [0, 1, 2].map((j) => sentences[(i * 7 + k * 3 + j) % sentences.length]).join(' ');
      paragraphs.push(text);
      bytes += Buffer.byteLength(text) + 7;
    }
    list.push({ params: { slug: lang + '/seite-' + i }, props: { lang, title: 'Seite ' + i, paragraphs } });
  }
  return list;
}

const { lang, title, paragraphs } = Astro.props;
---
<!doctype html>
<html lang={lang}>
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>{title}</title>
  </head>
  <body>
    <main>
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
  const constants = JSON.stringify({ pages: spec.pages, pageBytes: Math.round(spec.pageBytes), englishShare: spec.englishShare });
  await writeFile(path.join(dir, 'src', 'pages', '[...slug].astro'), PAGE.replace('__SPEC__', constants));
  await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules')).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return dir;
}
