import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  headersForPath,
  loadNetlifyRules,
  NETLIFY_DEFAULT_CACHE_CONTROL,
  parseNetlifyRules,
  pathPattern,
  notFoundPageFor,
  redirectForPath,
} from '../../core/publish/netlify-config.ts';
import { BUILD_MANIFEST_PATH } from '../../core/publish/build-manifest.ts';
import { DEFAULT_STUDIO_ORIGIN } from '../../core/publish/studio-origin.ts';
import { repoRoot } from './helpers.ts';

const rules = loadNetlifyRules(path.join(repoRoot, 'netlify.toml'));
const noFile = async () => false;

describe('netlify.toml', () => {
  it('sends a strict CSP on every path', () => {
    for (const urlPath of ['/', '/dienstleistungen/', '/en/services/x/', '/_astro/a.js', '/pagefind/pagefind.js', '/404.html']) {
      const csp = headersForPath(rules, urlPath)['Content-Security-Policy'];
      const directives = new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
      expect(directives.get('default-src')).toEqual(["'none'"]);
      expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(directives.get('style-src')).toEqual(["'self'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('base-uri')).toEqual(["'self'"]);
      expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|https?:/);
    }
  });

  it('sends HSTS without preload and the other security headers', () => {
    const headers = headersForPath(rules, '/');
    expect(headers['Strict-Transport-Security']).toMatch(/^max-age=\d{8,}/);
    expect(headers['Strict-Transport-Security']).not.toContain('preload');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['Permissions-Policy']).toContain('camera=()');
  });

  it('caches hashed assets for a year and revalidates HTML and the search index', () => {
    expect(headersForPath(rules, '/_astro/index.B1x2.css')['Cache-Control']).toBe('public, max-age=31536000, immutable');
    expect(headersForPath(rules, '/_img/avif/400/o/1a75d7beaeee75bf4654.jpg')['Cache-Control']).toBe('public, max-age=31536000, immutable');
    expect(headersForPath(rules, '/_img/o/1a75d7beaeee75bf4654.jpg')['Cache-Control']).toBe('public, max-age=31536000, immutable');
    expect(headersForPath(rules, '/pagefind/pagefind.js')['Cache-Control']).toBe('public, max-age=0, must-revalidate');
    expect(headersForPath(rules, '/pagefind/fragment/de_abc.pf_fragment')['Cache-Control']).toContain('max-age=0');
    expect(headersForPath(rules, '/')['Cache-Control']).toBe(NETLIFY_DEFAULT_CACHE_CONTROL);
    expect(headersForPath(rules, '/dienstleistungen/reisepass/')['Cache-Control']).toBe(NETLIFY_DEFAULT_CACHE_CONTROL);
  });

  it('never sets one header from two matching rules (Netlify would merge them unpredictably)', () => {
    for (const urlPath of ['/', '/_astro/x.js', '/pagefind/pagefind.js', '/en/']) {
      const seen = new Set<string>();
      for (const rule of rules.headers.filter((r) => r.pattern.test(urlPath))) {
        for (const name of Object.keys(rule.values)) {
          expect(seen.has(name.toLowerCase()), `${name} set twice for ${urlPath}`).toBe(false);
          seen.add(name.toLowerCase());
        }
      }
    }
  });

  it('lets only the deployed Studio read the build manifest, and nothing else cross-origin', () => {
    const manifest = headersForPath(rules, BUILD_MANIFEST_PATH);
    expect(manifest['Access-Control-Allow-Origin']).toBe(DEFAULT_STUDIO_ORIGIN);
    expect(manifest['X-Robots-Tag']).toBe('noindex');
    expect(manifest['Cache-Control']).toBe(NETLIFY_DEFAULT_CACHE_CONTROL);
    for (const urlPath of ['/', '/dienstleistungen/', '/pagefind/pagefind.js', '/sitemap-index.xml']) {
      expect(headersForPath(rules, urlPath)['Access-Control-Allow-Origin'], urlPath).toBeUndefined();
    }
  });

  it('redirects old addresses and index.html permanently', async () => {
    expect(await redirectForPath(rules, '/services/reisepass-abholen/', noFile)).toEqual({ status: 301, location: '/dienstleistungen/reisepass-abholen/' });
    expect(await redirectForPath(rules, '/services', noFile)).toEqual({ status: 301, location: '/dienstleistungen/' });
    expect(await redirectForPath(rules, '/index.html', async () => true)).toEqual({ status: 301, location: '/' });
    expect(await redirectForPath(rules, '/en/index.html', async () => true)).toEqual({ status: 301, location: '/en/' });
    expect(await redirectForPath(rules, '/de/presse/', noFile)).toEqual({ status: 301, location: '/presse/' });
    expect(await redirectForPath(rules, '/en/services/', noFile)).toBeUndefined();
    expect(await redirectForPath(rules, '/dienstleistungen/', async () => true)).toBeUndefined();
  });
});

describe('Netlify path patterns', () => {
  it('serves the English not-found page under /en/ and never redirects to it', async () => {
    expect(notFoundPageFor(rules, '/en/gibt-es-nicht/')).toBe('/en/404.html');
    expect(notFoundPageFor(rules, '/gibt-es-nicht/')).toBeUndefined();
    expect(await redirectForPath(rules, '/en/gibt-es-nicht/', noFile)).toBeUndefined();
    expect(() => parseNetlifyRules('[[redirects]]\nfrom = "/x"\nto = "/y"\nstatus = 418\n', 'netlify.toml')).toThrow(/status 418 is not supported.*404 for a custom not-found page/);
    // Image rewrites (status 200) are answered by the image handler, never as a redirect.
    expect(await redirectForPath(rules, '/_img/avif/800/o/0123456789abcdef0123.jpg', noFile)).toBeUndefined();
  });

  it('match like Netlify: splat, placeholder, case and one trailing slash', () => {
    expect(pathPattern('/*').test('/')).toBe(true);
    expect(pathPattern('/*').test('/a/b/c.html')).toBe(true);
    expect(pathPattern('/_astro/*').test('/_astro/x.js')).toBe(true);
    expect(pathPattern('/_astro/*').test('/_astro')).toBe(true);
    expect(pathPattern('/_astro/*').test('/en/_astro/x.js')).toBe(false);
    expect(pathPattern('/news/:slug').exec('/news/hello/')?.groups?.slug).toBe('hello');
    expect(pathPattern('/news/:slug').test('/news/a/b')).toBe(false);
    expect(pathPattern('/About').test('/about/')).toBe(true);
    expect(pathPattern('/robots.txt').test('/robotsxtxt')).toBe(false);
  });

  it('explains a broken configuration', () => {
    expect(() => parseNetlifyRules('[[headers]]\nfor = "x"\n')).toThrow(/needs for = "\/path"/);
    expect(() => parseNetlifyRules('[[headers]]\nfor = "/*"\n[headers.values]\nX-A = """a\nb"""\n')).toThrow(/one line/);
    expect(() => parseNetlifyRules('[[redirects]]\nfrom = "/a"\nto = "/b"\nstatus = 200\n')).toThrow(/rewrite \(status 200\) is supported only to \/\.netlify\/images/);
    expect(() => parseNetlifyRules('not toml = = =')).toThrow(/not valid TOML/);
  });
});
