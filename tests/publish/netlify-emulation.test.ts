// The Netlify deployment on Netlify's own tooling, offline. `netlify serve --offline` (netlify-cli)
// runs Netlify Build on a copy of this project (netlify.toml's build command and publish
// directory, its build environment, the functions bundled with esbuild as on Netlify) and serves
// the result through Netlify's local emulation of its CDN (headers, redirects, the image rewrites
// to Image CDN, 404 handling), Functions and Blobs. Every Node process it starts loads fixtures/offline-guard.mjs, which
// refuses and records any connection leaving this machine; telemetry and update checks are off.
//
// Not emulated offline, so not tested here: Edge Functions (they need Deno, which netlify-cli
// downloads; the project has none, so they are switched off); the cron schedule of the scheduled
// function (netlify serve runs no schedules; the function is invoked as Netlify would); the
// Cache-Control rules of netlify.toml (the emulation's static server sends "public, max-age=0" on
// every file, over any rule; the publish server's tests check them); malformed percent-encoding
// ("/de/%ff" ends netlify serve with a URIError in its redirect rewriter, a fault of the emulation).
//
// netlify serve listens on all interfaces (it has no host option), on ports picked free here.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../core/publish/build-manifest.ts';
import { headersForPath, loadNetlifyRules } from '../../core/publish/netlify-config.ts';
import { signBody } from '../../core/publish/signature.ts';
import { nodeBinary, publishedDoc, rawRequest, repoRoot, SECRET, waitFor } from './helpers.ts';

const START_TIMEOUT_MS = 300_000;
const HOOK_TOKEN = '7c1e5a9b3d2f4e6a8b0c';
const work = mkdtempSync(path.join(tmpdir(), 'ksp-netlify-'));
const site = path.join(work, 'site');
const guardLog = path.join(work, 'offline-guard.log');
const rules = loadNetlifyRules(path.join(repoRoot, 'netlify.toml'));
let netlify: ChildProcess | undefined;
let output = '';
let origin = '';
let hook: Server;
let hookCalls: string[] = [];

/** The project as a clean checkout has it (tracked and new files, nothing ignored), node_modules linked. */
function copyProject() {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(path.join(repoRoot, file))) continue; // deleted in the work tree
    mkdirSync(path.dirname(path.join(site, file)), { recursive: true });
    copyFileSync(path.join(repoRoot, file), path.join(site, file));
  }
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(site, 'node_modules'));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function plain(text: string): string {
  // eslint-disable-next-line no-control-regex -- ANSI colour codes of the CLI's output
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

beforeAll(async () => {
  copyProject();
  hook = createServer((req, res) => {
    hookCalls.push(req.url ?? '');
    req.resume();
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const [port, staticPort, functionsPort] = [await freePort(), await freePort(), await freePort()];
  const home = path.join(work, 'home');
  mkdirSync(home);
  netlify = spawn(
    nodeBinary,
    [
      path.join(repoRoot, 'node_modules', 'netlify-cli', 'bin', 'run.js'),
      'serve',
      '--offline',
      // Edge Functions need Deno, which netlify-cli would download; the project has none.
      '--internal-disable-edge-functions',
      '--port', String(port),
      '--staticServerPort', String(staticPort),
      '--functions-port', String(functionsPort),
      '--geo', 'mock',
      '--country', 'DE',
    ],
    {
      cwd: site,
      // A process group, so the test can stop the CLI together with its function and static servers.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Only what the test chooses: no Sanity project or token of the developer's shell leaks in.
      env: {
        PATH: `${path.dirname(nodeBinary)}${path.delimiter}${process.env.PATH ?? ''}`,
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, '.config'),
        // Netlify CLI: no telemetry (CI), no update check, no browser; Astro: no telemetry.
        CI: '1',
        NO_UPDATE_NOTIFIER: '1',
        BROWSER: 'none',
        ASTRO_TELEMETRY_DISABLED: '1',
        NO_COLOR: '1',
        NODE_OPTIONS: `--import=${path.join(repoRoot, 'tests', 'publish', 'fixtures', 'offline-guard.mjs')}`,
        OFFLINE_GUARD_LOG: guardLog,
        SITE_URL: 'http://localhost:4321',
        SANITY_WEBHOOK_SECRET: SECRET,
        NETLIFY_BUILD_HOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/build_hooks/${HOOK_TOKEN}`,
        // The external link check would ask the real addresses of the content; it runs against local
        // servers in netlify-link-check.test.ts.
        LINK_CHECK: 'off',
      },
    },
  );
  netlify.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  netlify.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<never>((_, reject) => netlify?.once('exit', (code) => reject(new Error(`netlify serve exited with ${code}:\n${plain(output)}`))));
  await Promise.race([waitFor('netlify serve to be ready', () => /Local dev server ready/.test(plain(output)), START_TIMEOUT_MS, 250), exited]);
  origin = `http://127.0.0.1:${port}`;
}, START_TIMEOUT_MS + 30_000);

afterAll(async () => {
  if (netlify?.pid && netlify.exitCode === null) {
    const gone = new Promise((resolve) => netlify?.once('exit', resolve));
    process.kill(-netlify.pid, 'SIGTERM');
    const force = setTimeout(() => netlify?.pid && process.kill(-netlify.pid, 'SIGKILL'), 5000);
    await gone;
    clearTimeout(force);
  }
  await new Promise((resolve) => hook?.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

/** Every file of the build, as URL paths. */
function builtFiles(dir = path.join(site, 'dist'), prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? builtFiles(path.join(dir, entry.name), `${prefix}/${entry.name}`) : [`${prefix}/${entry.name}`],
  );
}

function urlPathOf(file: string): string {
  return file.endsWith('/index.html') ? file.slice(0, -'index.html'.length) : file;
}

/**
 * netlify.toml's headers for a path, as Netlify's emulation sends them: all but Cache-Control,
 * which its static server sets to "public, max-age=0" whatever the rules say.
 */
function expectNetlifyHeaders(response: Response, urlPath: string) {
  for (const [name, value] of Object.entries(headersForPath(rules, urlPath))) {
    if (name.toLowerCase() === 'cache-control') expect(response.headers.get(name), `${name} on ${urlPath}`).toBe('public, max-age=0');
    else expect(response.headers.get(name), `${name} on ${urlPath}`).toBe(value);
  }
}

async function sendWebhook(body: string, options: { secret?: string; timestamp?: number; idempotencyKey?: string; signature?: string } = {}) {
  const signature = options.signature ?? (await signBody(body, options.secret ?? SECRET, options.timestamp ?? Date.now()));
  return fetch(`${origin}/webhooks/sanity`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'sanity-webhook-signature': signature, ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}) },
    body,
  });
}

describe('Netlify Build (netlify serve --offline)', () => {
  it('ran the build command of netlify.toml and bundled every function', () => {
    const log = plain(output);
    expect(log).toContain('$ npm run build');
    expect(log).toMatch(/build\.command completed/);
    expect(log).toMatch(/Packaging Functions from netlify\/functions directory:\s+- build-status\.ts\s+- deploy-succeeded\.ts\s+- feedback\.ts\s+- link-check-background\.ts\s+- review-digest\.ts\s+- review-mail-status\.ts\s+- sanity-webhook\.ts\s+- scheduled-rebuild\.ts/);
    expect(log).toContain('Netlify Build Complete');
    expect(existsSync(path.join(site, 'dist', 'pagefind', 'pagefind.js'))).toBe(true);
  });
});

describe('Netlify CDN emulation', () => {
  it('sends the headers of netlify.toml on every page', async () => {
    const pages = builtFiles().filter((file) => file.endsWith('.html') && !file.endsWith('/404.html')).map(urlPathOf);
    expect(pages.length).toBeGreaterThan(50);
    for (const urlPath of pages) {
      const response = await fetch(`${origin}${urlPath}`, { redirect: 'manual' });
      await response.arrayBuffer();
      expect(response.status, urlPath).toBe(200);
      expectNetlifyHeaders(response, urlPath);
    }
  });

  it('sends the headers of netlify.toml on every other kind of file', async () => {
    const files = builtFiles().filter((file) => !file.endsWith('.html'));
    // One file per folder and extension: stylesheets, scripts, image variants, feeds, calendars,
    // the sitemap, robots.txt, the favicon and each kind of Pagefind file.
    const byKind = new Map<string, string>();
    for (const file of files) byKind.set(`${path.dirname(file).split('/')[1]}:${path.extname(file)}`, file);
    expect(byKind.size).toBeGreaterThan(10);
    for (const urlPath of byKind.values()) {
      const response = await fetch(`${origin}${urlPath}`, { redirect: 'manual' });
      await response.arrayBuffer();
      expect(response.status, urlPath).toBe(200);
      expectNetlifyHeaders(response, urlPath);
    }
  });

  it('applies the redirects of netlify.toml', async () => {
    const cases = [
      ['/index.html', '/'],
      ['/en/index.html', '/en/'],
      ['/services/reisepass-abholen/', '/dienstleistungen/reisepass-abholen/'],
      ['/de/presse/', '/presse/'],
    ];
    for (const [from, to] of cases) {
      const response = await fetch(`${origin}${from}`, { redirect: 'manual' });
      expect(response.status, from).toBe(301);
      expect(new URL(response.headers.get('location') ?? '', origin).pathname, from).toBe(to);
    }
  });

  it('answers unknown English paths with the English 404 page (the /en/* rule), others with the German one', async () => {
    const english = await fetch(`${origin}/en/gibt-es-nicht/`);
    expect(english.status).toBe(404);
    expect(await english.text()).toContain('<title>Page not found');
    const german = await fetch(`${origin}/gibt-es-nicht/`);
    expect(german.status).toBe(404);
    expect(await german.text()).toContain('<title>Seite nicht gefunden');
  });

  it('answers the image variants a page names through the rewrites to Netlify Image CDN (placeholders in the query)', async () => {
    const page = builtFiles().find((file) => file.startsWith('/presse/') && file.endsWith('/index.html') && readFileSync(path.join(site, 'dist', file), 'utf8').includes('<picture>'));
    expect(page, 'a press item with a photo').toBeDefined();
    const html = readFileSync(path.join(site, 'dist', page!), 'utf8');
    const expected = { avif: 'image/avif', webp: 'image/webp', jpg: 'image/jpeg' } as const;
    for (const [format, type] of Object.entries(expected)) {
      const match = new RegExp(`(/_img/${format}/(\\d+)/o/[\\w.]+)`).exec(html);
      expect(match, `a ${format} variant on ${page}`).not.toBeNull();
      const [, urlPath, width] = match!;
      const response = await fetch(`${origin}${urlPath}`, { redirect: 'manual' });
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(response.status, urlPath).toBe(200);
      expect(response.headers.get('content-type'), urlPath).toBe(type);
      const meta = await sharp(bytes).metadata();
      expect({ format: meta.format === 'heif' ? 'avif' : meta.format === 'jpeg' ? 'jpg' : meta.format, width: meta.width }, urlPath).toEqual({ format, width: Number(width) });
    }
  });

  it("lets Image CDN fetch no other project's images: the build allowed only this site's sources (none without a Sanity project)", async () => {
    const config = JSON.parse(readFileSync(path.join(site, '.netlify', 'v1', 'config.json'), 'utf8')) as { images?: { remote_images?: string[] } };
    expect(config.images?.remote_images).toEqual([]);
    const before = existsSync(guardLog) ? readFileSync(guardLog, 'utf8') : '';
    const response = await fetch(`${origin}/_img/jpg/640/https/cdn.sanity.io/images/fremdes1/production/0a1b2c-1200x800.jpg`, { redirect: 'manual' });
    await response.arrayBuffer();
    expect(response.status).toBeGreaterThanOrEqual(400);
    // Refused before any fetch: no connection to Sanity's CDN was even tried.
    expect(existsSync(guardLog) ? readFileSync(guardLog, 'utf8') : '').toBe(before);
  });

  it('answers a missing hashed asset with 404, and sends no one off the site', async () => {
    const missing = await fetch(`${origin}/_astro/gibt-es-nicht.css`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(headersForPath(rules, '/_astro/x.css')['Content-Security-Policy']);
    const dotted = await rawRequest(origin, '/.//evil.example/..%2fen');
    expect(dotted.headers.location).toBeUndefined();
    expect(dotted.status).toBe(404);
  });
});

describe('Netlify Functions emulation', () => {
  it('routes /webhooks/sanity to the function: a valid delivery calls the build hook once', async () => {
    hookCalls = [];
    const response = await sendWebhook(JSON.stringify(publishedDoc()), { idempotencyKey: 'netlify-valid' });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: 'accepted', build: 'requested' });
    expect(hookCalls).toHaveLength(1);
    expect(hookCalls[0]).toMatch(new RegExp(`^/build_hooks/${HOOK_TOKEN}\\?trigger_title=Sanity`));
  });

  it('refuses a bad signature and a stale one with 401, a replay with 409, and calls no build hook', async () => {
    hookCalls = [];
    const body = JSON.stringify(publishedDoc());
    expect((await sendWebhook(body, { secret: 'another-secret-of-24-chars' })).status).toBe(401);
    expect((await sendWebhook(body, { timestamp: Date.now() - 6 * 60 * 1000 })).status).toBe(401);
    expect((await fetch(`${origin}/webhooks/sanity`)).status).toBe(405);

    const accepted = await signBody(body, SECRET);
    expect((await sendWebhook(body, { signature: accepted, idempotencyKey: 'netlify-replay' })).status).toBe(202);
    expect(hookCalls).toHaveLength(1);
    // The very same request, and Sanity's retry of it (signed again), through Netlify Blobs.
    expect((await sendWebhook(body, { signature: accepted, idempotencyKey: 'netlify-replay' })).status).toBe(409);
    expect((await sendWebhook(body, { timestamp: Date.now() + 1000, idempotencyKey: 'netlify-replay' })).status).toBe(409);
    expect(hookCalls).toHaveLength(1);
    // The replay store is Netlify Blobs, not the function's own memory.
    expect(plain(output)).toContain('Netlify Blobs running in sandbox mode');
    expect(plain(output)).not.toContain('replay-store-memory');
  });

  it('runs the scheduled rebuild, which reads the live manifest (netlify serve sets URL to itself) and builds nothing while no change is due', async () => {
    hookCalls = [];
    const manifest = parseManifest(await (await fetch(`${origin}/build-manifest.json`)).json());
    expect(manifest?.nextChange === null || Date.parse(manifest!.nextChange.at) > Date.now()).toBe(true);
    const response = await fetch(`${origin}/.netlify/functions/scheduled-rebuild`, { method: 'POST' });
    // Built a moment ago, today in Kassel, with its next change ahead: nothing to do.
    expect(response.status).toBe(204);
    expect(hookCalls).toHaveLength(0);
  });

  it('runs the deploy event function, whose IndexNow is off without INDEXNOW_KEY and link check with LINK_CHECK=off, and reaches nothing', async () => {
    const response = await fetch(`${origin}/.netlify/functions/deploy-succeeded`, { method: 'POST', body: JSON.stringify({ payload: { id: 'd1', context: 'production' } }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ indexNow: 'off', linkCheck: 'off' });
    // The link check is a background function: Netlify answers 202 at once, whatever it then does.
    const background = await fetch(`${origin}/.netlify/functions/link-check-background`, { method: 'POST', body: '{}' });
    await background.arrayBuffer();
    expect(background.status).toBe(202);
  });
});

describe('offline', () => {
  it('reached no address outside this machine, in any process of the build or the server', () => {
    const attempts = existsSync(guardLog) ? readFileSync(guardLog, 'utf8').trim() : '';
    expect(attempts).toBe('');
  });
});
