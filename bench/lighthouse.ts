// Lighthouse benchmark (not a test): the start page, a service page, a press page and the search
// page, with Lighthouse's default mobile settings (Moto G-class screen, simulated slow 4G and 4×
// CPU slowdown), served with the production headers of netlify.toml. Prints the four category
// scores and LCP / CLS / TBT per page, and every audit that kept a score below 100.
//
//   npm run bench:lighthouse                   builds into a temporary directory first
//   npm run bench:lighthouse -- --dist dist    uses an existing build (its canonical URLs then name
//                                              its SITE_URL, which Lighthouse's SEO audit may flag)
//   npm run bench:lighthouse -- --runs 3       median of three runs per page
//
// The site is built for the local origin, so canonical URLs and hreflang links are on the same
// host as the pages (Lighthouse flags canonicals that point to another host). Chromium is the
// project's own (@sparticuz/chromium), started with --remote-debugging-port; Lighthouse connects
// to that port, so nothing downloads a browser. Scores on a busy two-core machine are lower than
// on a quiet one: Lighthouse's simulated throttling scales the measured CPU time.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import chromium from '@sparticuz/chromium';
import lighthouse from 'lighthouse';
import { createNetlifyStaticHandler } from '../server/static-server.ts';
import { loadNetlifyRules } from '../core/publish/netlify-config.ts';
import { CHROMIUM_ARGS, siteImageSettings } from '../tests/helpers/browser.ts';
import { readSitemap } from '../tests/helpers/quality-site.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { dist: { type: 'string' }, runs: { type: 'string', default: '1' } } });
const runs = Math.max(1, Number(values.runs) || 1);

// 1. A server with the production headers and on-demand image variants, on a port known before the build.
let siteDir = values.dist ? path.resolve(root, values.dist) : '';
const rules = loadNetlifyRules(path.join(root, 'netlify.toml'));
const server = createServer(createNetlifyStaticHandler(() => siteDir, rules, undefined, siteImageSettings()));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

let work: string | undefined;
if (!siteDir) {
  work = await mkdtemp(path.join(tmpdir(), 'ksp-lighthouse-'));
  siteDir = path.join(work, 'dist');
  console.log(`Building the site for ${origin} into ${siteDir} …`);
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.ts'), '--out', siteDir], {
    cwd: root,
    env: { ...process.env, SITE_URL: origin },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) {
    console.error('The build failed; run `npm run build` to see why.');
    process.exit(1);
  }
}

// 2. The four pages, taken from the build's sitemap so the script follows the content.
const sitemap = await readSitemap(siteDir);
const first = (pattern: RegExp, preferred?: string) => {
  const paths = sitemap.entries.map((entry) => entry.path);
  return (preferred && paths.includes(preferred) ? preferred : paths.find((p) => pattern.test(p))) ?? null;
};
const targets = [
  { name: 'start', path: '/' },
  { name: 'service', path: first(/^\/dienstleistungen\/[^/]+\/$/, '/dienstleistungen/reisepass-abholen/') },
  { name: 'press item', path: first(/^\/presse\/(?!seite\/|\d+\/)[^/]+\/$/) },
  { name: 'search', path: first(/^\/suche\/$/) },
].filter((target): target is { name: string; path: string } => target.path !== null);

// 3. The project's Chromium with a DevTools port for Lighthouse.
const chrome = spawn(
  await chromium.executablePath(),
  ['--headless=new', ...CHROMIUM_ARGS, '--remote-debugging-port=0', '--remote-debugging-address=127.0.0.1', 'about:blank'],
  { stdio: ['ignore', 'ignore', 'pipe'] },
);
const port = await new Promise<number>((resolve, reject) => {
  let output = '';
  const timer = setTimeout(() => reject(new Error(`Chromium did not open a DevTools port within 30 s:\n${output}`)), 30_000);
  chrome.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output);
    if (match) {
      clearTimeout(timer);
      resolve(Number(match[1]));
    }
  });
  chrome.once('exit', (code) => reject(new Error(`Chromium exited with ${code}:\n${output}`)));
});

interface Row {
  page: string;
  path: string;
  performance: number;
  accessibility: number;
  'best-practices': number;
  seo: number;
  'LCP ms': number;
  CLS: number;
  'TBT ms': number;
}
const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;
const rows: Row[] = [];
const shortfalls: string[] = [];
let version = '';

try {
  for (const target of targets) {
    const samples: Row[] = [];
    for (let run = 0; run < runs; run++) {
      const result = await lighthouse(`${origin}${target.path}`, {
        port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      });
      if (!result) throw new Error(`Lighthouse returned no result for ${target.path}`);
      const { lhr } = result;
      version = lhr.lighthouseVersion;
      if (lhr.runtimeError) throw new Error(`Lighthouse on ${target.path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      samples.push({
        page: target.name,
        path: target.path,
        performance: score('performance'),
        accessibility: score('accessibility'),
        'best-practices': score('best-practices'),
        seo: score('seo'),
        'LCP ms': Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? NaN),
        CLS: Number((lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN).toFixed(3)),
        'TBT ms': Math.round(lhr.audits['total-blocking-time']?.numericValue ?? NaN),
      });
      if (run === runs - 1) {
        // Which elements moved, when anything did.
        const shifts = (lhr.audits['layout-shifts']?.details as { items?: { node?: { selector?: string; snippet?: string }; score?: number }[] } | undefined)?.items ?? [];
        for (const item of shifts) {
          shortfalls.push(`${target.name} (${target.path}) · layout shift ${item.score?.toFixed(3)} · ${item.node?.selector ?? ''} ${item.node?.snippet?.slice(0, 100) ?? ''}`);
        }
        // What kept a category below 100, from the last run.
        for (const category of Object.values(lhr.categories)) {
          for (const ref of category.auditRefs) {
            const audit = lhr.audits[ref.id];
            if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) {
              shortfalls.push(`${target.name} (${target.path}) · ${category.title} · ${audit.title}: ${audit.displayValue ?? `score ${Math.round(audit.score * 100)}`}`);
            }
          }
        }
      }
    }
    const keys = ['performance', 'accessibility', 'best-practices', 'seo', 'LCP ms', 'CLS', 'TBT ms'] as const;
    rows.push({ page: target.name, path: target.path, ...Object.fromEntries(keys.map((key) => [key, median(samples.map((sample) => sample[key]))])) } as Row);
  }
} finally {
  chrome.kill();
  server.closeAllConnections();
  server.close();
  if (work) await rm(work, { recursive: true, force: true });
}

console.log(`\nLighthouse ${version} · mobile · ${runs === 1 ? 'one run' : `median of ${runs} runs`} per page · served with netlify.toml headers\n`);
console.table(rows);
console.log(shortfalls.length === 0 ? '\nEvery weighted audit passed on every page, and nothing moved.' : `\nAudits below 100 and layout shifts:\n  ${shortfalls.join('\n  ')}`);

