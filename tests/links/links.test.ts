// core/links.ts: which links a document holds and where, how a link is judged, the hrefs of a
// page, and the German of a check result.
import { describe, expect, it } from 'vitest';
import { contentLinks, germanLinkResult, hrefsInHtml, linkKey, linkTarget, parseLinkReport } from '../../core/links.ts';

const SITE = 'https://servicepoint.kassel.de';

describe('contentLinks', () => {
  it('finds Portable Text link annotations, URL fields and link objects with their field paths', () => {
    const doc = {
      _id: 'service-x',
      _type: 'service',
      _rev: 'https://not-a-link.example',
      title: { de: 'Steht auf https://kassel.de nicht als Link', en: null },
      body: {
        de: [
          { _type: 'block', children: [{ _type: 'span', text: 'a' }], markDefs: [] },
          { _type: 'block', children: [{ _type: 'span', text: 'b', marks: ['k1'] }], markDefs: [{ _key: 'k1', _type: 'link', href: '/gibt-es-nicht/' }] },
        ],
      },
      onlineService: { url: 'https://portal.example/antrag', label: { de: 'Online' } },
      provider: { _type: 'reference', _ref: 'partner-x' },
    };
    expect(contentLinks(doc)).toEqual([
      // A text that merely starts with an address counts: a plain string field holding only a URL is a link.
      { id: 'service-x', type: 'service', field: 'body.de.1.markDefs.0.href', href: '/gibt-es-nicht/' },
      { id: 'service-x', type: 'service', field: 'onlineService.url', href: 'https://portal.example/antrag' },
    ]);
  });

  it('takes navigation links of the site settings (link objects) and a partner website', () => {
    expect(contentLinks({ _id: 'siteSettings', _type: 'siteSettings', navigation: [{ label: { de: 'A' }, href: '/anfahrt' }] })).toEqual([
      { id: 'siteSettings', type: 'siteSettings', field: 'navigation.0.href', href: '/anfahrt' },
    ]);
    expect(contentLinks({ _id: 'partner-x', _type: 'partner', website: 'https://www.example.org' })).toEqual([
      { id: 'partner-x', type: 'partner', field: 'website', href: 'https://www.example.org' },
    ]);
  });
});

describe('linkTarget and linkKey', () => {
  it('tells internal paths, external addresses and what is not checked apart', () => {
    expect(linkTarget('/anfahrt/?x=1#weg', SITE)).toEqual({ kind: 'internal', path: '/anfahrt/' });
    expect(linkTarget(`${SITE}/presse/`, SITE)).toEqual({ kind: 'internal', path: '/presse/' });
    expect(linkTarget('https://www.kassel.de/a#b', SITE)).toEqual({ kind: 'external', url: 'https://www.kassel.de/a' });
    for (const skipped of ['mailto:ksp@kassel.de', 'tel:+49561', '#main-content', '', 'javascript:alert(1)', '//evil.example/x', 'not a url']) {
      expect(linkTarget(skipped, SITE), skipped).toBeUndefined();
    }
  });

  it('makes "/anfahrt" and "/anfahrt/" one link', () => {
    expect(linkKey(linkTarget('/anfahrt', SITE)!)).toBe(linkKey(linkTarget('/anfahrt/', SITE)!));
    expect(linkKey(linkTarget('/', SITE)!)).toBe('internal:/');
  });
});

describe('hrefsInHtml', () => {
  it('reads the href of every <a>, any quoting, entities decoded, and nothing else', () => {
    const html = `<link href="/style.css"><a class="x" href="/a/?q=1&amp;r=2">A</a><A HREF='https://x.example/&#x41;'>B</A><a href=/c>C</a><a name="n">D</a><img src="/i.png">`;
    expect(hrefsInHtml(html)).toEqual(['/a/?q=1&r=2', 'https://x.example/A', '/c']);
  });
});

describe('germanLinkResult', () => {
  it('says what happened in plain German', () => {
    expect(germanLinkResult({ status: 404 })).toBe('Seite nicht gefunden (404)');
    expect(germanLinkResult({ error: 'timeout' })).toBe('Server antwortet nicht');
    expect(germanLinkResult({ status: 500 })).toBe('Fehler auf dem Server der Seite (500)');
    expect(germanLinkResult({ error: 'unreachable' })).toMatch(/^Server nicht erreichbar/);
    expect(germanLinkResult({ status: 410 })).toBe('Seite entfernt (410)');
  });
});

describe('parseLinkReport', () => {
  it('accepts a report and refuses what is not one', () => {
    const report = { release: 'r1', state: 'done', startedAt: null, finishedAt: null, total: 1, checkedNow: 1, broken: [{ url: 'https://x.example/', sources: [], pages: ['/'], result: { outcome: 'broken', status: 404, checkedAt: '2026-12-06T10:00:00Z' } }] };
    expect(parseLinkReport(report)).toEqual(report);
    expect(parseLinkReport({ ...report, state: 'weird' })).toBeUndefined();
    expect(parseLinkReport({ ...report, broken: [{ url: 1 }] })).toBeUndefined();
    expect(parseLinkReport('nope')).toBeUndefined();
  });
});
