// `npm run bench`: how the build scales with content and photos, against what Astro itself allows.
//
//   node bench/build.ts [--docs 1000] [--docs 10000] [--photos distinct|shared] [--no-floor]
//                         [--repo <dir>] [--label <name>] [--keep]
//
// For each N (default 100, 1,000 and 10,000): two deterministic synthetic datasets are written
// to a temp directory, identical but for the photos of press items and events: one distinct
// camera-like photo each (`--photos shared`: 0–2 of content/images' 7 files, as before), and none.
// Photos are generated once into .bench/photos (KSP_BENCH_PHOTOS) and reused (beyond 2,000, as
// distinct copies of rendered ones: bench/lib/photos.ts). Content loading is
// timed in this process (groq-js, @sanity/client against the local Content Lake (dev/lake), the
// incremental sync). The real build (scripts/build.ts: astro + Pagefind) runs four times while
// the memory of its process tree is sampled: with photos cold (empty image and content caches:
// a new server, a cleared cache), again warm (a publish that changed nothing), and the same
// without photos, cold and warm. Then a bare Astro project renders the same number of pages of
// the same size (the floor, no images). Last, the on-demand image service answers variants of
// sampled photos from the warm build: first request (encoding) and later ones (disk), and the
// bytes a visitor gets. Results: printed, and written as JSON + Markdown to .bench/.
// `--repo` builds another checkout (e.g. a worktree of an older commit) for before/after numbers.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchContent, type ContentBench, type SyncStep } from './lib/content.ts';
import { corpusSentences, generateDataset, type PhotoMode } from './lib/dataset.ts';
import { writeFloorProject } from './lib/floor.ts';
import { benchImageServing, countFiles, type ServingBench } from './lib/images.ts';
import { averageMainText, parseBuildSummary, runMeasured, siteStats, type RunResult, type SiteStats } from './lib/measure.ts';
import { ensurePhotos, photoCacheDir } from './lib/photos.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    docs: { type: 'string', multiple: true },
    photos: { type: 'string', default: 'distinct' },
    'no-floor': { type: 'boolean', default: false },
    repo: { type: 'string' },
    label: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const sizes = (values.docs ?? ['100', '1000', '10000']).flatMap((v) => v.split(',')).map((v) => Number(v.replace(/[_,]/g, '')));
if (sizes.some((n) => !Number.isInteger(n) || n < 10)) {
  console.error('--docs takes whole numbers of at least 10, e.g. --docs 1000');
  process.exit(2);
}
if (values.photos !== 'distinct' && values.photos !== 'shared') {
  console.error('--photos takes "distinct" (one generated photo per press item and event) or "shared" (the 7 files of content/images).');
  process.exit(2);
}
const photoMode = values.photos as PhotoMode;
const siteRoot = path.resolve(values.repo ?? root);
const label = values.label ?? (values.repo ? path.basename(siteRoot) : 'current');
const node = process.execPath;
const s = (ms: number) => ms / 1000;
const mb = (kb: number) => kb / 1024;

interface BuildMeasure {
  ms: number;
  cpuMs: number;
  astroMs: number;
  pagefindMs: number;
  peakTreeRssMb: number;
  peakProcessMb: number;
  load: [number, number];
  site: SiteStats;
  /** HTML pages written. */
  pages: number;
  /** Pages Pagefind indexed (only those with data-pagefind-body). */
  indexed?: number | undefined;
  report: unknown[];
  /** Image variants written into the image cache during this build (encoded at build time). */
  variantsEncoded: number;
  /** Originals the build published under /_img/o/ (for variants made on demand). */
  originalsPublished: number;
}

interface SizeResult {
  docs: number;
  photos: number;
  /** Seconds spent generating photos not in the cache yet (not part of any build). */
  photoGenerationS: number;
  datasetBytes: number;
  counts: Record<string, number>;
  content: ContentBench;
  /** With photos, warm caches: the steady state every publish sees. */
  build: BuildMeasure;
  cold: BuildMeasure;
  noPhotosCold: BuildMeasure;
  noPhotosWarm: BuildMeasure;
  floor?: BuildMeasure;
  /** Warm build with photos / floor. */
  ratio?: number;
  serving?: ServingBench;
}

async function readReport(file: string): Promise<unknown[]> {
  try {
    return (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown);
  } catch {
    return [];
  }
}

function toMeasure(run: RunResult, site: SiteStats, astroMs: number, pagefindMs: number, pages: number, report: unknown[], indexed?: number, images = { variantsEncoded: 0, originalsPublished: 0 }): BuildMeasure {
  return { ms: run.ms, cpuMs: run.cpuMs, astroMs, pagefindMs, peakTreeRssMb: mb(run.peakTreeRssKb), peakProcessMb: mb(run.peakProcessKb), load: run.load, site, pages, indexed, report, ...images };
}

async function buildSite(outDir: string, env: NodeJS.ProcessEnv & { KSP_IMAGE_CACHE: string }): Promise<BuildMeasure> {
  const reportFile = `${outDir}.report.ndjson`;
  const variantsBefore = await countFiles(env.KSP_IMAGE_CACHE, /\.(avif|webp|jpe?g|png|svg)$/);
  const run = await runMeasured(node, [path.join(siteRoot, 'scripts', 'build.ts'), '--out', outDir], {
    cwd: siteRoot,
    env: { ...process.env, SITE_URL: 'http://localhost:4321', KSP_CONTENT_REPORT: reportFile, ...env },
  });
  if (run.code !== 0) throw new Error(`The build failed (exit ${run.code}):\n${run.output.slice(-4000)}`);
  const summary = parseBuildSummary(run.output);
  const site = await siteStats(outDir);
  const images = {
    variantsEncoded: (await countFiles(env.KSP_IMAGE_CACHE, /\.(avif|webp|jpe?g|png|svg)$/)) - variantsBefore,
    originalsPublished: await countFiles(path.join(outDir, '_img', 'o')),
  };
  return toMeasure(run, site, summary.astroMs ?? NaN, summary.pagefindMs ?? NaN, site.htmlFiles, await readReport(reportFile), summary.indexed, images);
}

async function countEnglish(dir: string): Promise<number> {
  try {
    return (await siteStats(path.join(dir, 'en'))).htmlFiles;
  } catch {
    return 0;
  }
}

async function buildFloor(work: string, pages: number, indexedPages: number, pageBytes: number, textBytes: number, englishShare: number): Promise<BuildMeasure> {
  const dir = await writeFloorProject(path.join(work, 'floor'), root, { pages, indexedPages, pageBytes, textBytes, englishShare, corpus: await corpusSentences(root) });
  const outDir = path.join(dir, 'dist');
  const astro = await runMeasured(node, [path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build', '--outDir', outDir], { cwd: dir, env: { ...process.env } });
  if (astro.code !== 0) throw new Error(`The floor build failed:\n${astro.output.slice(-3000)}`);
  const indexScript = `import { indexSite } from ${JSON.stringify(path.join(root, 'src', 'build', 'index-search.ts'))};
const started = performance.now(); const pages = await indexSite(${JSON.stringify(outDir)}, { checkSearchMeta: false });
console.log(JSON.stringify({ ms: performance.now() - started, pages }));`;
  const index = await runMeasured(node, ['--input-type=module', '-e', indexScript], { cwd: dir, env: { ...process.env } });
  if (index.code !== 0) throw new Error(`Pagefind on the floor failed:\n${index.output.slice(-3000)}`);
  const { ms: pagefindMs, pages: indexed } = JSON.parse(index.output.trim().split('\n').at(-1)!) as { ms: number; pages: number };
  if (indexed !== indexedPages) throw new Error(`The floor's Pagefind indexed ${indexed} pages, expected ${indexedPages}: the floor would not be comparable.`);
  const site = await siteStats(outDir);
  const combined: RunResult = {
    ...astro,
    ms: astro.ms + index.ms,
    cpuMs: astro.cpuMs + index.cpuMs,
    peakTreeRssKb: Math.max(astro.peakTreeRssKb, index.peakTreeRssKb),
    peakProcessKb: Math.max(astro.peakProcessKb, index.peakProcessKb),
    load: [astro.load[0], index.load[1]],
  };
  return toMeasure(combined, site, astro.ms, pagefindMs, site.htmlFiles, [], indexed);
}

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const step = (x: SyncStep) => `${x.fetched} docs, ${x.requests} req, ${fmt(x.ms, 0)} ms`;

function markdown(results: SizeResult[]): string {
  const lines = [
    `# Bench: ${label} (${new Date().toISOString()}, ${cpus().length} cores, Node ${process.version})`,
    '',
    '| docs | pages (indexed) | content load groq-js (ms) | content load @sanity/client (ms) | astro build (s) | Pagefind (s) | total (s) | pages/s | CPU (s) | peak RSS tree (MB) | peak RSS one process (MB) | dist (MB) | files | floor total (s) | total / floor | CPU / floor CPU | load avg |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const b = r.build;
    lines.push(
      `| ${r.docs} | ${b.pages} (${b.indexed ?? '–'}) | ${fmt(r.content.groqJsMs, 0)} | ${fmt(r.content.clientMs, 0)} | ${fmt(s(b.astroMs))} | ${fmt(s(b.pagefindMs))} | ${fmt(s(b.ms))} | ${fmt(b.pages / s(b.ms), 0)} | ${fmt(s(b.cpuMs))} | ${fmt(b.peakTreeRssMb, 0)} | ${fmt(b.peakProcessMb, 0)} | ${fmt(b.site.bytes / 1048576)} | ${b.site.files} | ${r.floor ? fmt(s(r.floor.ms)) : '–'} | ${r.ratio ? fmt(r.ratio, 2) : '–'} | ${r.floor ? fmt(b.cpuMs / r.floor.cpuMs, 2) : '–'} | ${fmt(b.load[0])}→${fmt(b.load[1])} |`,
    );
  }
  if (results.some((r) => r.floor)) {
    lines.push('', '| docs | floor pages (indexed) | floor astro (s) | floor Pagefind (s) | floor total (s) | floor CPU (s) | our astro / floor astro | our total / floor total |', '|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of results.filter((x) => x.floor)) {
      const f = r.floor!;
      lines.push(`| ${r.docs} | ${f.pages} (${f.indexed ?? '–'}) | ${fmt(s(f.astroMs))} | ${fmt(s(f.pagefindMs))} | ${fmt(s(f.ms))} | ${fmt(s(f.cpuMs))} | ${fmt(r.build.astroMs / f.astroMs, 2)} | ${fmt(r.ratio!, 2)} |`);
    }
  }
  if (results.some((r) => r.content.sync)) {
    lines.push('', '| docs | source | cold sync | no-change rebuild | one-document rebuild |', '|---:|---|---|---|---|');
    for (const r of results.filter((x) => x.content.sync)) {
      const { sanity, embedded } = r.content.sync!;
      lines.push(`| ${r.docs} | Sanity (@sanity/client → local lake) | ${step(sanity.cold)} | ${step(sanity.noChange)} | ${step(sanity.oneDoc)} |`);
      lines.push(`| ${r.docs} | embedded NDJSON | ${step(embedded.cold)} | ${step(embedded.noChange)} | ${step(embedded.oneDoc)} |`);
    }
  }
  lines.push(
    '',
    `Photos (${photoMode}): builds with and without them, in this run. "encoded" = image variants written at build time; "published" = originals linked into /_img/o/ for variants on demand.`,
    '',
    '| docs | photos | cold (s) | warm (s) | no photos cold (s) | no photos warm (s) | cold / no photos | warm / no photos | CPU cold / no photos | CPU warm / no photos | floor (s) | warm / floor | encoded cold / warm | published | peak RSS tree cold / warm (MB) | dist (MB) of which /_img | bodies fetched warm |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of results) {
    const sync = (r.build.report.find((line) => (line as { sync?: unknown }).sync) as { sync?: { fetched: number } } | undefined)?.sync;
    lines.push(
      `| ${r.docs} | ${r.photos} | ${fmt(s(r.cold.ms))} | ${fmt(s(r.build.ms))} | ${fmt(s(r.noPhotosCold.ms))} | ${fmt(s(r.noPhotosWarm.ms))} | ${fmt(r.cold.ms / r.noPhotosCold.ms, 2)} | ${fmt(r.build.ms / r.noPhotosWarm.ms, 2)} | ${fmt(r.cold.cpuMs / r.noPhotosCold.cpuMs, 2)} | ${fmt(r.build.cpuMs / r.noPhotosWarm.cpuMs, 2)} | ${r.floor ? fmt(s(r.floor.ms)) : '–'} | ${r.ratio ? fmt(r.ratio, 2) : '–'} | ${r.cold.variantsEncoded} / ${r.build.variantsEncoded} | ${r.build.originalsPublished} | ${fmt(r.cold.peakTreeRssMb, 0)} / ${fmt(r.build.peakTreeRssMb, 0)} | ${fmt(r.build.site.bytes / 1048576)} of which ${fmt((r.serving?.imgDirBytes ?? NaN) / 1048576)} | ${sync?.fetched ?? '–'} |`,
    );
  }
  const served = results.filter((r) => r.serving && r.serving.sampled > 0);
  if (served.length > 0) {
    lines.push(
      '',
      'On-demand variants (self-hosted service, the warm build\'s originals, an empty variant cache): widest AVIF first request (encodes) and again (disk); what a 1280 px desktop visitor gets (800 w) per photo.',
      '',
      '| docs | photos sampled (MP) | first 1600 w AVIF: median / max (ms) | same from disk: median (ms) | original (KB) | 800 w AVIF / WebP / JPEG (KB) | 1600 w AVIF (KB) | all 12 variants of one photo, one after another (s) | CPU cores |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const r of served) {
      const v = r.serving!;
      lines.push(
        `| ${r.docs} | ${v.sampled} (${fmt(v.megapixels.min)}–${fmt(v.megapixels.max)}) | ${fmt(v.firstMs.median, 0)} / ${fmt(v.firstMs.max, 0)} | ${fmt(v.diskMs.median, 1)} | ${fmt(v.originalKb, 0)} | ${fmt(v.kb.avif, 0)} / ${fmt(v.kb.webp, 0)} / ${fmt(v.kb.jpg, 0)} | ${fmt(v.kb.avif1600, 0)} | ${fmt(s(v.allVariantsMsPerPhoto))} | ${cpus().length} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

const results: SizeResult[] = [];
const benchDir = path.join(root, '.bench');
await mkdir(benchDir, { recursive: true });

const photoDir = photoCacheDir(root);
for (const docs of sizes) {
  const work = await mkdtemp(path.join(tmpdir(), `ksp-bench-${docs}-`));
  const outBase = path.join(siteRoot, '.bench', `dist-${label}-${docs}-${process.pid}`);
  try {
    console.error(`\n== ${docs} documents (${label}) in ${work}`);
    const dataset = await generateDataset(docs, path.join(work, 'data'), root, { photos: photoMode, photoDir });
    const bare = await generateDataset(docs, path.join(work, 'data-no-photos'), root, { photos: 'none' });
    const generated = await ensurePhotos(photoDir, dataset.photoSeeds, (done, total) => console.error(`photos: ${done} of ${total} generated`));
    console.error(`dataset: ${(dataset.bytes / 1048576).toFixed(1)} MB, ${dataset.photoSeeds.length} distinct photos (${generated.made} generated now in ${s(generated.ms).toFixed(0)} s)`, dataset.counts);
    const content = await benchContent(siteRoot, dataset.file, work);
    console.error(`content: groq-js ${content.groqJsMs.toFixed(0)} ms, @sanity/client ${content.clientMs.toFixed(0)} ms`);
    // Caches in the work directory: "cold" starts with none, "warm" reuses the cold build's.
    const envFor = (file: string, name: string) => ({ KSP_CONTENT_FILE: file, KSP_CONTENT_CACHE: path.join(work, `content-cache-${name}`), KSP_IMAGE_CACHE: path.join(work, `image-cache-${name}`), SANITY_PROJECT_ID: '' });
    // Inside the site's root: Astro puts its prerender chunks into <cwd>/.astro/ when outDir is
    // outside the project, a directory every such build shares (concurrent builds break).
    const measure = async (name: string, file: string, cache: string) => {
      const result = await buildSite(`${outBase}-${name}`, envFor(file, cache));
      console.error(`${name}: ${s(result.ms).toFixed(1)} s, CPU ${s(result.cpuMs).toFixed(1)} s (astro ${s(result.astroMs).toFixed(1)} s, Pagefind ${s(result.pagefindMs).toFixed(1)} s), ${result.pages} pages, ${result.variantsEncoded} variants encoded, ${result.originalsPublished} originals published, peak RSS ${result.peakTreeRssMb.toFixed(0)} MB`);
      return result;
    };
    const cold = await measure('photos-cold', dataset.file, 'photos');
    const build = await measure('photos-warm', dataset.file, 'photos');
    const noPhotosCold = await measure('no-photos-cold', bare.file, 'bare');
    const noPhotosWarm = await measure('no-photos-warm', bare.file, 'bare');
    const result: SizeResult = { docs, photos: dataset.photoSeeds.length, photoGenerationS: s(generated.ms), datasetBytes: dataset.bytes, counts: dataset.counts, content, build, cold, noPhotosCold, noPhotosWarm };
    if (!values['no-floor']) {
      const warmDir = `${outBase}-photos-warm`;
      const englishShare = (await countEnglish(warmDir)) / Math.max(1, build.site.htmlFiles);
      const textBytes = await averageMainText(warmDir);
      result.floor = await buildFloor(work, build.site.htmlFiles, build.indexed ?? build.site.htmlFiles, build.site.htmlBytes / Math.max(1, build.site.htmlFiles), textBytes, englishShare);
      result.ratio = build.ms / result.floor.ms;
      console.error(`floor: ${s(result.floor.ms).toFixed(1)} s, CPU ${s(result.floor.cpuMs).toFixed(1)} s for ${result.floor.pages} pages → warm total / floor = ${result.ratio.toFixed(2)}`);
    }
    result.serving = await benchImageServing(siteRoot, `${outBase}-photos-warm`, path.join(work, 'serving-cache'));
    if (result.serving.sampled > 0) console.error(`serving: first 1600 w AVIF median ${result.serving.firstMs.median.toFixed(0)} ms (max ${result.serving.firstMs.max.toFixed(0)}), from disk ${result.serving.diskMs.median.toFixed(1)} ms`);
    results.push(result);
  } finally {
    if (!values.keep) {
      await rm(work, { recursive: true, force: true });
      for (const name of ['photos-cold', 'photos-warm', 'no-photos-cold', 'no-photos-warm']) {
        for (const suffix of ['', '.report.ndjson']) await rm(`${outBase}-${name}${suffix}`, { recursive: true, force: true });
      }
    }
  }
}

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const table = markdown(results);
const base = path.join(benchDir, `bench-${label}-${stamp}`);
await writeFile(`${base}.json`, JSON.stringify({ label, siteRoot, node: process.version, cores: cpus().length, results }, null, 2));
await writeFile(`${base}.md`, table);
console.log(`\n${table}`);
console.log(`Written: ${path.relative(root, base)}.json and .md (${(await readdir(benchDir)).length} files in .bench/)`);
