// `npm run bench:publish [-- --runs 5] [--docs 1000 --docs 10000]`: publish-to-live latency of
// the self-hosted publish server. Per dataset (the embedded site without --docs; a generated one
// of N documents per --docs) it starts the server on a free port with a private state directory,
// waits for the first release (a full build: empty build cache, pages and search index), then per
// run changes one service's body text, sends a signed webhook and measures until the live page
// shows it (a fast publish, src/build/fast-publish.ts, or else the incremental build; pages first,
// server/search-catch-up.ts) and until GET /status says search caught up. Prints each run with the
// path it took and the fast path's steps, the medians beside the full build (without compiling
// the fast path's renderer, which the first build after a code change adds and which is printed
// apart), the ratio, and the peak memory of the server's process tree (builds and Pagefind
// included). Not a test. Measured (two shared cores, 7 December 2026, medians of 5): 1,000
// documents 2.6 s publish→live against a 13.1 s full build; 10,000 documents 8.4 s against 77.7 s
// on a quiet machine (a second run: 10.3 s against 84.3 s), search current after 23.8 s, peak
// 2.13 GiB; under load (load average about 5) 15.2 s against 121.8 s, search current after 36.8 s.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { signBody } from '../core/publish/signature.ts';
import { generateDataset } from './lib/dataset.ts';
import { treeRssKb } from './lib/measure.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, docs: { type: 'string', multiple: true, default: [] } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
  console.error(`--runs "${values.runs}" must be a whole number from 1 to 50.`);
  process.exit(1);
}
const sizes = values.docs.map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 10 || n > 20_000)) {
  console.error(`--docs ${values.docs.join(', ')}: each must be a whole number of documents from 10 to 20000.`);
  process.exit(1);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const escapeHtml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const gib = (kb: number) => `${(kb / 1024 / 1024).toFixed(2)} GiB`;

interface Status {
  current: { id: string } | null;
  lastBuild: { ok: boolean; error: string | null; durationMs: number } | null;
  search: { state: string; release: string | null };
}

interface Doc {
  _id: string;
  _type: string;
  _rev?: string;
  slug: { current: string };
  body: { de: { children?: { text?: string }[] }[] };
}

interface Figures {
  label: string;
  pages: number;
  fullMs: number;
  rendererMs: number;
  liveMs: number[];
  searchMs: number[];
  peakKb: number;
}

async function benchDataset(label: string, contentFile: string): Promise<Figures> {
  const work = mkdtempSync(path.join(tmpdir(), 'ksp-bench-publish-'));
  const secret = randomBytes(24).toString('base64url');
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'scripts', 'publish-server.ts')], {
    cwd: root,
    env: { ...process.env, SANITY_WEBHOOK_SECRET: secret, PORT: '0', HOST: '127.0.0.1', KSP_STATE_DIR: path.join(work, 'state'), KSP_CONTENT_FILE: contentFile, DAILY_REBUILD: 'off', BUILD_TIMEOUT_SECONDS: '3600' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Characters the server has written so far (output keeps only the last 200,000).
  let written = 0;
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    written += text.length;
    output = (output + text).slice(-200_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  // Peak memory of the server and everything it runs, sampled every 250 ms.
  let peakKb = 0;
  const sampler = setInterval(() => void treeRssKb(child.pid!).then((kb) => (peakKb = Math.max(peakKb, kb))), 250);

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 50): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (child.exitCode !== null) throw new Error(`The publish server exited while waiting for ${what}:\n${output.slice(-5000)}`);
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await sleep(intervalMs);
    }
  }

  try {
    const url = await until('the server to listen', async () => /"event":"listening","url":"([^"]+)"/.exec(output)?.[1], 60_000);
    const status = async () => (await (await fetch(`${url}/status`)).json()) as Status;
    const first = await until(
      'the first release',
      async () => {
        const s = await status();
        if (s.lastBuild && !s.lastBuild.ok) throw new Error(`The first build failed: ${s.lastBuild.error}`);
        return s.current && s.lastBuild ? s : undefined;
      },
      3_600_000,
      200,
    );
    // The first build also compiles the renderer of fast publishes (once per code version).
    const rendererMs = Number(/Compiled the renderer of fast publishes in ([\d.]+) s/.exec(output)?.[1] ?? 0) * 1000;
    const fullMs = first.lastBuild!.durationMs - rendererMs;
    const pages = (readFileSync(path.join(work, 'state', 'releases', first.current!.id, 'sitemap-0.xml'), 'utf8').match(/<loc>/g) ?? []).length;
    console.log(`\n${label}: full build (empty cache, pages and search index) ${seconds(fullMs)}, then compiling the fast path's renderer ${seconds(rendererMs)}; ${pages} pages in the sitemap`);

    // The service whose detail page the benchmark watches.
    const lines = readFileSync(contentFile, 'utf8').split('\n');
    const index = lines.findIndex((line) => line.includes('"_type":"service"') && !line.includes('"_id":"drafts.') && line.includes('"body"'));
    const doc = JSON.parse(lines[index]!) as Doc;
    const span = doc.body.de.find((block) => block.children?.[0]?.text)!.children![0]!;
    const baseText = span.text!;
    const pagePath = `/dienstleistungen/${doc.slug.current}/`;
    console.log(`Watching ${pagePath} (service ${doc._id}) · ${runs} runs: the body text changes`);
    console.log('run  publish→page live  publish→search current  build (server)  path');

    const liveMs: number[] = [];
    const searchMs: number[] = [];
    for (let run = 1; run <= runs; run += 1) {
      const logFrom = written;
      const marker = `Benchmarklauf${run}x${Date.now()}`;
      span.text = `${baseText} ${marker}`;
      doc._rev = `bench-${run}-${Date.now()}`;
      lines[index] = JSON.stringify(doc);
      writeFileSync(contentFile, lines.join('\n'));
      const body = JSON.stringify({ _id: doc._id, _type: doc._type, _rev: doc._rev, operation: 'update' });
      const started = performance.now();
      const response = await fetch(`${url}/webhooks/sanity`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sanity-webhook-signature': await signBody(body, secret), 'idempotency-key': `bench-${run}-${Date.now()}` },
        body,
      });
      if (response.status !== 202) throw new Error(`The webhook answered ${response.status}: ${await response.text()}`);
      await until('the new text', async () => ((await (await fetch(`${url}${pagePath}`)).text()).includes(escapeHtml(marker)) ? true : undefined), 3_600_000, 25);
      const live = performance.now() - started;
      const pagesRelease = (await status()).current!.id;
      // Search is current once a release newer than the pages' one carries the caught-up index.
      await until('search to catch up', async () => {
        const s = await status();
        if (s.search.state === 'failed') throw new Error(`Search did not catch up: ${JSON.stringify(s.search)}`);
        return s.search.state === 'current' && s.current?.id !== pagesRelease ? true : undefined;
      }, 3_600_000, 100);
      const searched = performance.now() - started;
      const s = await status();
      liveMs.push(live);
      searchMs.push(searched);
      // Which path the publish took, and the fast path's own steps (src/build/fast-publish.ts).
      const log = output.slice(Math.max(0, output.length - (written - logFrom)));
      const fastLine = /Fast publish: ([^\n]*)/.exec(log)?.[1];
      const path_ = fastLine ? `fast: ${fastLine}` : `astro build (${/Fast publish not possible \(([^\n]*)\)/.exec(log)?.[1] ?? 'incremental'})`;
      console.log(`${String(run).padStart(3)}  ${seconds(live).padStart(17)}  ${seconds(searched).padStart(22)}  ${seconds(s.lastBuild?.durationMs ?? Number.NaN).padStart(14)}  ${path_}`);
      // The catch-up's own account: whether each search archive was taken over from the build cache, and its time.
      const catchUp = [...log.matchAll(/Search archive \([a-z]+\): [^\n]*|Indexed \d+ pages of [^\n]*/g)].map((match) => match[0].trim());
      if (catchUp.length > 0) console.log(`     search: ${catchUp.join(' · ')}`);
    }
    return { label, pages, fullMs, rendererMs, liveMs, searchMs, peakKb };
  } finally {
    clearInterval(sampler);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(work, { recursive: true, force: true });
  }
}

const results: Figures[] = [];
const data = mkdtempSync(path.join(tmpdir(), 'ksp-bench-publish-data-'));
try {
  if (sizes.length === 0) {
    const contentFile = path.join(data, 'content', 'dataset.ndjson');
    mkdirSync(path.dirname(contentFile));
    cpSync(path.join(root, 'content', 'dataset.ndjson'), contentFile);
    symlinkSync(path.join(root, 'content', 'images'), path.join(data, 'content', 'images'));
    results.push(await benchDataset('embedded site', contentFile));
  }
  for (const n of sizes) {
    const { file } = await generateDataset(n, path.join(data, String(n)), root, { photos: 'none' });
    results.push(await benchDataset(`${n.toLocaleString('en')} documents`, file));
  }
} finally {
  rmSync(data, { recursive: true, force: true });
}

console.log(`\nOne-document publish (a service's body text), median of ${runs}, beside a full build in the same run:`);
console.log('dataset            pages   full build   publish→live   ratio   publish→search current   peak memory   renderer (once per code)');
for (const r of results) {
  const live = median(r.liveMs);
  console.log(
    `${r.label.padEnd(17)} ${String(r.pages).padStart(6)} ${seconds(r.fullMs).padStart(12)} ${seconds(live).padStart(14)} ${(live / r.fullMs).toFixed(2).padStart(7)} ${seconds(median(r.searchMs)).padStart(24)} ${gib(r.peakKb).padStart(13)}   ${seconds(r.rendererMs).padStart(24)}`,
  );
}
