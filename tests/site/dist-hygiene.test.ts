// The built site obeys the CSP (no inline scripts or styles: JSON-LD is data and allowed), serves
// its own images, and has robots.txt and a sitemap with both languages. Also reports the JS
// shipped per page type (gzip) for the closing note.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../helpers/dist-files.ts';
import { siteDirUnderTest } from '../helpers/browser.ts';

const dist = siteDirUnderTest();

describe('built HTML', async () => {
  const htmlFiles = (await listFiles(dist)).filter((f) => f.endsWith('.html'));

  it('has no inline scripts, inline styles or style attributes', async () => {
    expect(htmlFiles.length).toBeGreaterThan(20);
    for (const file of htmlFiles) {
      const html = await readFile(file, 'utf8');
      const rel = path.relative(dist, file);
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
        expect(/\bsrc=/.test(tag) || /type="application\/ld\+json"/.test(tag), `${rel}: ${tag}`).toBe(true);
      }
      expect(html, rel).not.toMatch(/<style\b/);
      expect(html, rel).not.toMatch(/\sstyle="/);
      expect(html, rel).not.toMatch(/\son[a-z]+="/);
    }
  });

  it('references images only from the site itself', async () => {
    for (const file of htmlFiles) {
      const html = await readFile(file, 'utf8');
      for (const src of html.match(/\s(?:src|srcset)="[^"]+"/g) ?? []) {
        expect(src, path.relative(dist, file)).not.toMatch(/https?:\/\/|file:/);
      }
    }
  });

  it('reports JavaScript bytes per page type', async () => {
    const types: Record<string, string> = {
      start: 'index.html',
      services: 'dienstleistungen/index.html',
      service: 'dienstleistungen/reisepass-abholen/index.html',
      hours: 'oeffnungszeiten/index.html',
      content: 'impressum/index.html',
      notFound: '404.html',
    };
    const report: Record<string, number> = {};
    for (const [type, rel] of Object.entries(types)) {
      const html = await readFile(path.join(dist, rel), 'utf8');
      let bytes = 0;
      for (const [, src] of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) bytes += gzipSync(await readFile(path.join(dist, src!))).length;
      report[type] = bytes;
    }
    console.log('JS shipped per page type (gzip bytes, own scripts incl. search):', report);
    expect(report.hours).toBeGreaterThan(0);
  });
});

describe('robots.txt and sitemap', () => {
  it('robots.txt points to the sitemap at the canonical origin', async () => {
    const robots = await readFile(path.join(dist, 'robots.txt'), 'utf8');
    expect(robots).toMatch(/^Sitemap: https?:\/\/[^/]+\/sitemap-index\.xml$/m);
  });
  it('the sitemap lists both languages with hreflang pairs and no 404', async () => {
    const xml = await readFile(path.join(dist, 'sitemap-0.xml'), 'utf8');
    expect(xml).toMatch(/<loc>[^<]+\/en\/services\/reisepass-abholen\/<\/loc>/);
    // A content page: its lastmod (src/lib/lastmod.ts), then its language versions.
    expect(xml).toMatch(/<loc>[^<]+\/dienstleistungen\/reisepass-abholen\/<\/loc><lastmod>\d{4}-\d\d-\d\dT[\d:.]+Z<\/lastmod><xhtml:link rel="alternate" hreflang="de"/);
    expect(xml).toContain('hreflang="x-default"');
    expect(xml).not.toMatch(/404/);
    expect(xml).toMatch(/<loc>[^<]+\/leichte-sprache\/<\/loc><lastmod>[^<]+<\/lastmod><\/url>/);
  });
});
