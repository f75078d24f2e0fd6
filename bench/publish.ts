// `npm run bench:publish [-- --runs 5]`: webhook-to-live latency of the self-hosted publish
// server on the embedded site. Starts the server on a free port with a private copy of the
// dataset, then per run changes a service title, sends a signed webhook and measures until the
// live site serves the new title. Prints each run and the median. Not a test.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { signBody } from '../core/publish/signature.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
  console.error(`--runs "${values.runs}" must be a whole number from 1 to 50.`);
  process.exit(1);
}

const work = mkdtempSync(path.join(tmpdir(), 'ksp-bench-publish-'));
const contentFile = path.join(work, 'content', 'dataset.ndjson');
mkdirSync(path.dirname(contentFile));
cpSync(path.join(root, 'content', 'dataset.ndjson'), contentFile);
symlinkSync(path.join(root, 'content', 'images'), path.join(work, 'content', 'images'));
const releasesDir = path.join(work, 'releases');
const secret = randomBytes(24).toString('base64url');

const child = spawn(process.execPath, [path.join(root, 'scripts', 'publish-server.ts')], {
  cwd: root,
  env: { ...process.env, SANITY_WEBHOOK_SECRET: secret, PORT: '0', HOST: '127.0.0.1', RELEASES_DIR: releasesDir, KSP_CONTENT_FILE: contentFile, DAILY_REBUILD: 'off' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (child.exitCode !== null) throw new Error(`The publish server exited while waiting for ${what}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}
const escapeHtml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

interface Status {
  current: { id: string } | null;
  lastBuild: { ok: boolean; error: string | null; durationMs: number } | null;
}

try {
  const url = await until('the server to listen', async () => /"event":"listening","url":"([^"]+)"/.exec(output)?.[1], 20_000);
  const status = async () => (await (await fetch(`${url}/status`)).json()) as Status;
  const firstStarted = Date.now();
  const first = await until(
    'the first release',
    async () => {
      const s = await status();
      if (s.lastBuild && !s.lastBuild.ok) throw new Error(`The first build failed: ${s.lastBuild.error}`);
      return s.current ? s : undefined;
    },
    600_000,
    200,
  );
  console.log(`First release (cold start, no release yet): ${seconds(Date.now() - firstStarted)}`);

  // The service whose detail page the benchmark watches.
  const lines = readFileSync(contentFile, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes('"_type":"service"') && !line.includes('"_id":"drafts.'));
  const doc = JSON.parse(lines[index]) as { _id: string; _type: string; _rev?: string; title: { de: string } };
  const liveDir = path.join(releasesDir, first.current!.id);
  const baseTitle = doc.title.de;
  const pagePath = (function find(dir: string, prefix: string): string | undefined {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !['en', '_astro', 'pagefind'].includes(entry.name)) {
        const found = find(path.join(dir, entry.name), `${prefix}${entry.name}/`);
        if (found) return found;
      } else if (entry.name === 'index.html' && readFileSync(path.join(dir, entry.name), 'utf8').match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1].includes(escapeHtml(baseTitle))) {
        return prefix;
      }
    }
    return undefined;
  })(liveDir, '/');
  if (!pagePath) throw new Error(`No page with the heading "${baseTitle}" found in the first release.`);
  console.log(`Watching ${pagePath} (service ${doc._id}) · ${runs} runs\n`);
  console.log('run  webhook→live  build (server)');

  const latencies: number[] = [];
  const builds: number[] = [];
  for (let run = 1; run <= runs; run += 1) {
    const title = `${baseTitle} (Bench ${run} ${Date.now()})`;
    doc.title.de = title;
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
    await until('the new title', async () => ((await (await fetch(`${url}${pagePath}`)).text()).includes(escapeHtml(title)) ? true : undefined), 600_000, 25);
    const latency = performance.now() - started;
    const s = await status();
    latencies.push(latency);
    builds.push(s.lastBuild?.durationMs ?? Number.NaN);
    console.log(`${String(run).padStart(3)}  ${seconds(latency).padStart(12)}  ${seconds(s.lastBuild?.durationMs ?? Number.NaN).padStart(14)}`);
  }
  const pages = (function count(dir: string): number {
    return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? count(path.join(dir, e.name)) : e.name.endsWith('.html') ? 1 : 0), 0);
  })(path.join(releasesDir, (await status()).current!.id));
  console.log(
    `\nWebhook-to-live latency, embedded site (${pages} HTML pages), ${runs} runs: median ${seconds(median(latencies))} (min ${seconds(Math.min(...latencies))}, max ${seconds(Math.max(...latencies))}); build median ${seconds(median(builds))}`,
  );
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(work, { recursive: true, force: true });
}
