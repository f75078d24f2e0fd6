// `npm run bench`: how the build scales with content, against what Astro itself allows.
//
//   node scripts/bench.ts [--docs 1000] [--docs 10000] [--rebuild] [--no-floor] [--repo <dir>] [--label <name>] [--keep]
//
// For each N (default 100, 1,000 and 10,000): a deterministic synthetic dataset is written to a
// temp directory; content loading is timed in this process (groq-js, @sanity/client against the
// local stand-in of Sanity's API, the incremental sync); the real build (scripts/build.ts: astro
// + Pagefind) runs from that dataset (KSP_CONTENT_FILE) into a temp directory while the memory of
// its process tree is sampled; then a bare Astro project renders the same number of pages of the
// same size (the floor). Results: printed, and written as JSON + Markdown to .bench/.
// `--repo` builds another checkout (e.g. a worktree of an older commit) for before/after numbers.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchContent, type ContentBench, type SyncStep } from './lib/bench-content.ts';
import { corpusSentences, generateDataset } from './lib/bench-dataset.ts';
import { writeFloorProject } from './lib/bench-floor.ts';
import { averageMainText, parseBuildSummary, runMeasured, siteStats, type RunResult, type SiteStats } from './lib/bench-measure.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    docs: { type: 'string', multiple: true },
    rebuild: { type: 'boolean', default: false },
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
}

interface SizeResult {
  docs: number;
  datasetBytes: number;
  counts: Record<string, number>;
  content: ContentBench;
  build: BuildMeasure;
  rebuild?: BuildMeasure;
  floor?: BuildMeasure;
  ratio?: number;
}

async function readReport(file: string): Promise<unknown[]> {
  try {
    return (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown);
  } catch {
    return [];
  }
}

function toMeasure(run: RunResult, site: SiteStats, astroMs: number, pagefindMs: number, pages: number, report: unknown[], indexed?: number): BuildMeasure {
  return { ms: run.ms, cpuMs: run.cpuMs, astroMs, pagefindMs, peakTreeRssMb: mb(run.peakTreeRssKb), peakProcessMb: mb(run.peakProcessKb), load: run.load, site, pages, indexed, report };
}

async function buildSite(outDir: string, env: NodeJS.ProcessEnv): Promise<BuildMeasure> {
  const reportFile = `${outDir}.report.ndjson`;
  const run = await runMeasured(node, [path.join(siteRoot, 'scripts', 'build.ts'), '--out', outDir], {
    cwd: siteRoot,
    env: { ...process.env, SITE_URL: 'http://localhost:4321', KSP_CONTENT_REPORT: reportFile, ...env },
  });
  if (run.code !== 0) throw new Error(`The build failed (exit ${run.code}):\n${run.output.slice(-4000)}`);
  const summary = parseBuildSummary(run.output);
  const site = await siteStats(outDir);
  return toMeasure(run, site, summary.astroMs ?? NaN, summary.pagefindMs ?? NaN, site.htmlFiles, await readReport(reportFile), summary.indexed);
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
  const indexScript = `import { indexSite } from ${JSON.stringify(path.join(root, 'scripts', 'lib', 'index-search.ts'))};
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
      lines.push(`| ${r.docs} | Sanity (@sanity/client → stand-in) | ${step(sanity.cold)} | ${step(sanity.noChange)} | ${step(sanity.oneDoc)} |`);
      lines.push(`| ${r.docs} | embedded NDJSON | ${step(embedded.cold)} | ${step(embedded.noChange)} | ${step(embedded.oneDoc)} |`);
    }
  }
  if (results.some((r) => r.rebuild)) {
    lines.push('', '| docs | full build (s) | no-change rebuild, whole build (s) | bodies fetched in the rebuild |', '|---:|---:|---:|---:|');
    for (const r of results.filter((x) => x.rebuild)) {
      const sync = (r.rebuild!.report.find((line) => (line as { sync?: unknown }).sync) as { sync?: { fetched: number } } | undefined)?.sync;
      lines.push(`| ${r.docs} | ${fmt(s(r.build.ms))} | ${fmt(s(r.rebuild!.ms))} | ${sync?.fetched ?? '–'} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const results: SizeResult[] = [];
const benchDir = path.join(root, '.bench');
await mkdir(benchDir, { recursive: true });
// Image variants are cached between builds in production (Netlify keeps node_modules/.cache);
// the bench keeps its own warm cache so it measures the build, not first-time AVIF encoding.
const imageCache = path.join(benchDir, 'image-cache');

for (const docs of sizes) {
  const work = await mkdtemp(path.join(tmpdir(), `ksp-bench-${docs}-`));
  try {
    console.error(`\n== ${docs} documents (${label}) in ${work}`);
    const dataset = await generateDataset(docs, path.join(work, 'data'), root);
    console.error(`dataset: ${(dataset.bytes / 1048576).toFixed(1)} MB`, dataset.counts);
    const content = await benchContent(siteRoot, dataset.file, work);
    console.error(`content: groq-js ${content.groqJsMs.toFixed(0)} ms, @sanity/client ${content.clientMs.toFixed(0)} ms`);
    const env = { KSP_CONTENT_FILE: dataset.file, KSP_CONTENT_CACHE: path.join(work, 'content-cache'), KSP_IMAGE_CACHE: imageCache, SANITY_PROJECT_ID: '' };
    // Inside the site's root: Astro puts its prerender chunks into <cwd>/.astro/ when outDir is
    // outside the project, a directory every such build shares (concurrent builds break).
    const outBase = path.join(siteRoot, '.bench', `dist-${label}-${docs}-${process.pid}`);
    const build = await buildSite(outBase, env);
    console.error(`build: ${s(build.ms).toFixed(1)} s, CPU ${s(build.cpuMs).toFixed(1)} s (astro ${s(build.astroMs).toFixed(1)} s, Pagefind ${s(build.pagefindMs).toFixed(1)} s), ${build.pages} pages, peak RSS ${build.peakTreeRssMb.toFixed(0)} MB`);
    const result: SizeResult = { docs, datasetBytes: dataset.bytes, counts: dataset.counts, content, build };
    if (values.rebuild) {
      result.rebuild = await buildSite(`${outBase}-rebuild`, env);
      console.error(`no-change rebuild: ${s(result.rebuild.ms).toFixed(1)} s`);
    }
    if (!values['no-floor']) {
      const englishShare = (await countEnglish(outBase)) / Math.max(1, build.site.htmlFiles);
      const textBytes = await averageMainText(outBase);
      result.floor = await buildFloor(work, build.site.htmlFiles, build.indexed ?? build.site.htmlFiles, build.site.htmlBytes / Math.max(1, build.site.htmlFiles), textBytes, englishShare);
      result.ratio = build.ms / result.floor.ms;
      console.error(`floor: ${s(result.floor.ms).toFixed(1)} s, CPU ${s(result.floor.cpuMs).toFixed(1)} s for ${result.floor.pages} pages → total / floor = ${result.ratio.toFixed(2)}`);
    }
    results.push(result);
  } finally {
    if (!values.keep) {
      await rm(work, { recursive: true, force: true });
      for (const suffix of ['', '-rebuild', '.report.ndjson', '-rebuild.report.ndjson']) {
        await rm(`${path.join(siteRoot, '.bench', `dist-${label}-${docs}-${process.pid}`)}${suffix}`, { recursive: true, force: true });
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
