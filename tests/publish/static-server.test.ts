// The static handler that `npm start`, the publish server and the browser tests share
// (createNetlifyStaticHandler with the rules of netlify.toml), over real HTTP on 127.0.0.1, on a
// small site written for each test run. Requests are sent as-is (rawRequest), as curl
// --path-as-is would send them.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetlifyStaticHandler, pathSegments } from '../../server/static-server.ts';
import { sameSiteLocation } from '../../core/http/redirect.ts';
import { loadNetlifyRules } from '../../core/publish/netlify-config.ts';
import { siteImageSettings } from '../helpers/browser.ts';
import { rawRequest, repoRoot } from './helpers.ts';

const work = mkdtempSync(path.join(tmpdir(), 'ksp-static-'));
const site = path.join(work, 'site');
let server: Server;
let origin = '';

function write(file: string, text: string) {
  mkdirSync(path.dirname(path.join(site, file)), { recursive: true });
  writeFileSync(path.join(site, file), text);
}

beforeAll(async () => {
  write('index.html', '<h1>Startseite</h1>');
  write('404.html', '<h1>Seite nicht gefunden</h1>');
  write('en/index.html', '<h1>Home</h1>');
  write('en/404.html', '<h1>Page not found</h1>');
  write('dienstleistungen/index.html', '<h1>Dienstleistungen</h1>');
  write('_astro/site.1a2b3c.css', 'body{}');
  write('.env', 'SANITY_READ_TOKEN=sk-geheim');
  write('.git/config', '[core]');
  write('.staging-2026/index.html', '<h1>Halb gebaut</h1>');
  write('.well-known/security.txt', 'Contact: mailto:security@kassel.de');
  writeFileSync(path.join(work, 'secret.txt'), 'nicht öffentlich');
  mkdirSync(path.join(work, 'outside'));
  writeFileSync(path.join(work, 'outside', 'index.html'), '<h1>nicht öffentlich</h1>');
  symlinkSync(path.join(work, 'secret.txt'), path.join(site, 'secret.txt'));
  symlinkSync(path.join(work, 'outside'), path.join(site, 'outside'));
  symlinkSync('/etc/hostname', path.join(site, 'hostname.txt'));
  // A symlink that stays inside the site is fine.
  symlinkSync(path.join(site, 'en', 'index.html'), path.join(site, 'english.html'));
  // An earlier release: its hashed assets stay servable, its pages do not.
  const earlier = path.join(work, 'earlier');
  for (const [file, text] of [
    ['_astro/site.0f9e8d.css', 'body{color:red}'],
    ['pagefind/fragment/de_0f9e8d.pf_fragment', 'chunk'],
    ['_img/0f9e8d-400.webp', 'webp'],
    ['alte-seite/index.html', '<h1>Alte Seite</h1>'],
  ]) {
    mkdirSync(path.dirname(path.join(earlier, file)), { recursive: true });
    writeFileSync(path.join(earlier, file), text);
  }
  server = createServer(createNetlifyStaticHandler(() => site, loadNetlifyRules(path.join(repoRoot, 'netlify.toml')), () => [earlier], siteImageSettings()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

/** Where a redirect would take a browser, resolved as a browser resolves a Location. */
function target(location: string | string[] | undefined): URL {
  return new URL(String(location), origin);
}

describe('redirects of the static handler', () => {
  it.each([
    '/.//evil.example/..%2fen',
    '/x/..//evil.example/..%2fen',
    '/%2e//evil.example/..%2fen',
    '//evil.example/..%2fen',
    '//evil.example/en',
    '/.//evil.example/dienstleistungen',
    '//dienstleistungen',
    '/%2e/%2e//evil.example/de/presse/',
    '//evil.example/services/x',
  ])('never sends a client off the site: %s', async (rawPath) => {
    const response = await rawRequest(origin, rawPath);
    if (response.status >= 300 && response.status < 400) {
      expect(String(response.headers.location)).toMatch(/^\/[^/\\]/);
      expect(target(response.headers.location).origin).toBe(origin);
    } else {
      expect(response.status).toBe(404);
    }
  });

  it('still adds the trailing slash and keeps the query, on a path of this site', async () => {
    const slash = await rawRequest(origin, '/dienstleistungen?x=1');
    expect(slash.status).toBe(301);
    expect(slash.headers.location).toBe('/dienstleistungen/?x=1');
    // A doubled slash is the same path (as nginx merges slashes), and the redirect leaves it.
    const doubled = await rawRequest(origin, '//dienstleistungen');
    expect(doubled.status).toBe(301);
    expect(doubled.headers.location).toBe('/dienstleistungen/');
  });

  it('applies the redirects of netlify.toml (npm start and the publish server alike)', async () => {
    expect((await rawRequest(origin, '/services/reisepass/')).headers.location).toBe('/dienstleistungen/reisepass/');
    expect((await rawRequest(origin, '/de/presse/?seite=2')).headers.location).toBe('/presse/?seite=2');
    expect((await rawRequest(origin, '/de//evil.example/')).headers.location).toBe('/evil.example/');
    const index = await rawRequest(origin, '/index.html');
    expect(index.status).toBe(301);
    expect(index.headers.location).toBe('/');
    expect(index.headers['content-security-policy']).toBeTruthy();
  });

  it('does not read an encoded slash as a folder: "..%2f" names no file', async () => {
    expect((await rawRequest(origin, '/dienstleistungen/..%2fen/')).status).toBe(404);
    expect((await rawRequest(origin, '/en/..%2f..%2findex.html')).status).toBe(404);
    expect((await rawRequest(origin, '/%5cevil.example')).status).toBe(404);
  });
});

describe('what the static handler refuses to serve', () => {
  it.each(['/secret.txt', '/outside/', '/outside/index.html', '/hostname.txt', '/hostname'])('follows no symlink out of the site: %s', async (rawPath) => {
    const response = await rawRequest(origin, rawPath);
    expect(response.status).toBe(404);
    expect(response.body).toContain('Seite nicht gefunden');
    expect(response.body).not.toContain('nicht öffentlich');
  });

  it.each(['/.env', '/.git/config', '/.staging-2026/', '/.staging-2026/index.html', '/%2eenv', '/en/.env', '/.git'])('serves no hidden file: %s', async (rawPath) => {
    const response = await rawRequest(origin, rawPath);
    expect(response.status).toBe(404);
    expect(response.body).not.toMatch(/sk-geheim|\[core\]|Halb gebaut/);
  });

  it('still serves a symlink inside the site and /.well-known/', async () => {
    expect((await rawRequest(origin, '/english.html')).body).toContain('Home');
    expect((await rawRequest(origin, '/.well-known/security.txt')).status).toBe(200);
  });
});

describe('skew protection and caching of misses', () => {
  it('serves an earlier release\'s hashed asset the current one lacks, with its long cache', async () => {
    for (const rawPath of ['/_astro/site.0f9e8d.css', '/pagefind/fragment/de_0f9e8d.pf_fragment', '/_img/0f9e8d-400.webp']) {
      const response = await rawRequest(origin, rawPath);
      expect(response.status, rawPath).toBe(200);
    }
    expect((await rawRequest(origin, '/_astro/site.0f9e8d.css')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // The current release wins where both have the file.
    expect((await rawRequest(origin, '/_astro/site.1a2b3c.css')).body).toBe('body{}');
  });

  it('never serves an earlier release\'s pages', async () => {
    expect((await rawRequest(origin, '/alte-seite/')).status).toBe(404);
  });

  it('sends a 404 under /_astro/ and /_img/ without "immutable"', async () => {
    for (const rawPath of ['/_astro/gibt-es-nicht.css', '/_img/gibt-es-nicht.webp', '/pagefind/fragment/nie.pf_fragment', '/gibt-es-nicht/']) {
      const response = await rawRequest(origin, rawPath);
      expect(response.status, rawPath).toBe(404);
      expect(response.headers['cache-control'], rawPath).toBe('public, max-age=0, must-revalidate');
      expect(response.headers['content-security-policy'], rawPath).toBeTruthy();
    }
  });
});

describe('malformed percent-encoding', () => {
  it.each(['/%ff', '/en/%ff', '/de/%ff', '/services/%ff', '/de/%e4x', '/services/a%2', '/_astro/%c3'])('answers 400 for %s, not 500', async (rawPath) => {
    const response = await rawRequest(origin, rawPath);
    expect(response.status).toBe(400);
    expect(response.body).toMatch(/percent-encoding/);
  });
});

describe('path helpers', () => {
  it('keep a Location on this site', () => {
    expect(sameSiteLocation('//evil.example/x')).toBe('/evil.example/x');
    expect(sameSiteLocation('/\\evil.example/x')).toBe('/evil.example/x');
    expect(sameSiteLocation('/en/')).toBe('/en/');
  });

  it.each(['/.//evil.example', '/%2e//evil.example', '/%2E%2E//evil.example', '/./\\evil.example', '/a/../..//evil.example', '/\t/evil.example', '\\\\evil.example'])(
    'keep %s on this site as a browser resolves it (dot segments, encoded or not, before the slashes)',
    (abuse) => {
      const location = sameSiteLocation(`${abuse}/de/?q=1`);
      expect(location).toBe('/evil.example/de/?q=1');
      expect(new URL(location, 'https://ksp.example').origin).toBe('https://ksp.example');
    },
  );

  it('decode segments and refuse those that cannot name a file', () => {
    expect(pathSegments('/dienstleistungen/reisepa%C3%9F/')).toEqual(['dienstleistungen', 'reisepaß']);
    expect(pathSegments('//a//b')).toEqual(['a', 'b']);
    for (const bad of ['/a/..%2fb', '/a%5cb', '/a%00', '/%ff', '/a/../b', '/./a', '/.env', '/a/.git/config']) expect(pathSegments(bad), bad).toBeUndefined();
    expect(pathSegments('/.well-known/security.txt')).toEqual(['.well-known', 'security.txt']);
  });
});
