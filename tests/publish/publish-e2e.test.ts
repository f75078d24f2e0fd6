// End to end with the real build (scripts/build.ts, Astro + Pagefind) on the embedded dataset:
// a signed webhook after a change to the content source makes the served site show the change,
// and every page served by the publish server carries the netlify.toml headers and loads in
// Chromium without a CSP violation (Pagefind's WebAssembly included).
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headersForPath, loadNetlifyRules } from '../../core/publish/netlify-config.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { getStatus, repoRoot, sendWebhook, startPublishServer, waitFor, type RunningServer } from './helpers.ts';

const BUILD_TIMEOUT_MS = 170_000;
const work = mkdtempSync(path.join(tmpdir(), 'ksp-publish-e2e-'));
const contentFile = path.join(work, 'content', 'dataset.ndjson');
const releasesDir = path.join(work, 'releases');
const rules = loadNetlifyRules(path.join(repoRoot, 'netlify.toml'));
let server: RunningServer;

function htmlFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return entry.name === 'pagefind' || entry.name === '_astro' ? [] : htmlFiles(path.join(dir, entry.name), `${prefix}/${entry.name}`);
    return entry.name.endsWith('.html') ? [`${prefix}/${entry.name}`] : [];
  });
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** The URL path a static host serves an HTML file at. */
function urlPathOf(file: string): string {
  return file.endsWith('/index.html') ? file.slice(0, -'index.html'.length) : file;
}

beforeAll(async () => {
  // A private copy of the embedded dataset (images stay where the dataset expects them).
  cpSync(path.join(repoRoot, 'content', 'dataset.ndjson'), contentFile, { recursive: true });
  symlinkSync(path.join(repoRoot, 'content', 'images'), path.join(work, 'content', 'images'));
  server = await startPublishServer({ RELEASES_DIR: releasesDir, KSP_CONTENT_FILE: contentFile, SITE_URL: 'http://localhost:4321' });
  await waitFor(
    'the first real build',
    async () => {
      const status = await getStatus(server.url);
      if (status.lastBuild && !status.lastBuild.ok) throw new Error(`The first build failed: ${status.lastBuild.error}`);
      return status.current;
    },
    BUILD_TIMEOUT_MS,
    500,
  );
}, BUILD_TIMEOUT_MS + 20_000);

afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('publish server with the real build', () => {
  let liveDir = '';
  beforeAll(async () => {
    liveDir = path.join(releasesDir, (await getStatus(server.url)).current!.id);
  });

  it('serves every page with the headers of netlify.toml', async () => {
    const pages = htmlFiles(liveDir).map(urlPathOf);
    expect(pages.length).toBeGreaterThan(5);
    for (const urlPath of pages) {
      const response = await fetch(`${server.url}${urlPath}`);
      await response.arrayBuffer();
      expect(response.status, urlPath).toBe(200);
      for (const [name, value] of Object.entries(headersForPath(rules, urlPath))) expect(response.headers.get(name), `${name} on ${urlPath}`).toBe(value);
    }
  });

  it('has no inline scripts, styles or event handlers that the CSP would block', () => {
    const inline: string[] = [];
    for (const file of htmlFiles(liveDir)) {
      const html = readFileSync(path.join(liveDir, file), 'utf8');
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
        if (!/\bsrc=/.test(tag) && !/type="application\/ld\+json"/.test(tag)) inline.push(`${file}: ${tag}`);
      }
      if (/<style\b/.test(html)) inline.push(`${file}: <style>`);
      for (const attribute of html.match(/\s(?:style|on[a-z]+)="[^"]*"/g) ?? []) inline.push(`${file}:${attribute}`);
    }
    expect(inline).toEqual([]);
  });

  it('loads every page in Chromium without a CSP violation, and Pagefind runs under the CSP', async () => {
    const browser: Browser = await launchBrowser();
    try {
      const context = await browser.newContext();
      const violations: string[] = [];
      await context.exposeBinding('__reportCsp', (_source, text: string) => void violations.push(text));
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          (window as unknown as { __reportCsp: (t: string) => void }).__reportCsp(
            `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} on ${location.pathname}${event.sample ? `: ${event.sample}` : ''}`,
          );
        });
      });
      const page = await context.newPage();
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
      });
      // Violations inside Pagefind's worker are reported to the worker's console, not the page's.
      page.on('worker', (worker) =>
        worker.on('console', (message) => {
          if (/Content Security Policy/i.test(message.text())) violations.push(`worker ${worker.url()}: ${message.text()}`);
        }),
      );
      page.on('pageerror', (error) => violations.push(`${page.url()}: page error ${error.message}`));
      for (const urlPath of htmlFiles(liveDir).map(urlPathOf)) {
        await page.goto(`${server.url}${urlPath}`, { waitUntil: 'load' });
      }
      // Pagefind: load its module and search; the WebAssembly needs 'wasm-unsafe-eval'.
      await page.goto(`${server.url}/`);
      // A string, so Vitest does not rewrite the dynamic import.
      const hits = await page.evaluate<number>(
        `import('/pagefind/pagefind.js').then(async (pagefind) => (await pagefind.search('Reisepass')).results.length)`,
      );
      expect(hits).toBeGreaterThan(0);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 240_000);

  it('shows a changed title after a signed webhook', async () => {
    const lines = readFileSync(contentFile, 'utf8').split('\n');
    const index = lines.findIndex((line) => line.includes('"_type":"service"') && !line.includes('"_id":"drafts.'));
    const doc = JSON.parse(lines[index]) as { _id: string; _type: string; _rev?: string; title: { de: string } };
    const oldTitle = doc.title.de;
    const escaped = escapeHtml(oldTitle).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const heading = new RegExp(`<h1[^>]*>(?:(?!</h1>).)*${escaped}(?:(?!</h1>).)*</h1>`, 's');
    const page = htmlFiles(liveDir).find((file) => !file.startsWith('/en/') && heading.test(readFileSync(path.join(liveDir, file), 'utf8')));
    expect(page, `a page with the heading "${oldTitle}"`).toBeDefined();
    const newTitle = `${oldTitle} – geändert ${Date.now()}`;
    doc.title.de = newTitle;
    doc._rev = `e2e-${Date.now()}`;
    lines[index] = JSON.stringify(doc);
    writeFileSync(contentFile, lines.join('\n'));

    const started = Date.now();
    const response = await sendWebhook(`${server.url}/webhooks/sanity`, { _id: doc._id, _type: doc._type, _rev: doc._rev, operation: 'update' });
    expect(response.status).toBe(202);
    const url = `${server.url}${urlPathOf(page!)}`;
    await waitFor('the changed title on the live site', async () => (await (await fetch(url)).text()).includes(escapeHtml(newTitle)), BUILD_TIMEOUT_MS, 250);
    const status = await getStatus(server.url);
    expect(status.lastBuild?.ok).toBe(true);
    console.log(`webhook-to-live: ${((Date.now() - started) / 1000).toFixed(1)} s (build ${(status.lastBuild!.durationMs / 1000).toFixed(1)} s)`);
  }, BUILD_TIMEOUT_MS + 10_000);
});
