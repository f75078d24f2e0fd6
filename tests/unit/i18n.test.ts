// The i18n helpers: dictionaries in step, localized CMS values, routes in both languages, and
// the rules that keep English pages free of unannounced German.
import { describe, expect, it } from 'vitest';
import { de } from '../../core/i18n/de.ts';
import { en } from '../../core/i18n/en.ts';
import { hasEnglish, homePath, localize, pagePath, sectionPath, t } from '../../core/i18n/index.ts';
import { contentPagePaths, hasEnglishPage } from '../../src/content-types/page/content.ts';
import { pick } from '../../src/lib/localized.ts';
import { isAlertShown } from '../../core/timed-content.ts';
import { metaDescription, sitemapLinks } from '../../src/lib/seo.ts';

describe('dictionaries', () => {
  it('have the same keys and no empty German strings', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
    for (const [key, value] of Object.entries(de)) expect(value.trim(), key).not.toBe('');
  });
  it('t() picks the language', () => {
    expect(t('de', 'nav.home')).toBe('Start');
    expect(t('en', 'nav.home')).toBe('Home');
  });
});

describe('routes', () => {
  it('puts German at the root and English under /en/', () => {
    expect(homePath('de')).toBe('/');
    expect(homePath('en')).toBe('/en/');
    expect(sectionPath('services', 'de', 'reisepass-abholen')).toBe('/dienstleistungen/reisepass-abholen/');
    expect(sectionPath('services', 'en', 'reisepass-abholen')).toBe('/en/services/reisepass-abholen/');
    expect(sectionPath('hours', 'de')).toBe('/oeffnungszeiten/');
    expect(sectionPath('hours', 'en')).toBe('/en/opening-hours/');
    expect(pagePath('impressum', 'de')).toBe('/impressum/');
    expect(pagePath('imprint', 'en')).toBe('/en/imprint/');
  });
});

describe('localized values', () => {
  it('localize falls back to German, hasEnglish detects real English content', () => {
    expect(localize({ de: 'Pass', en: 'Passport' }, 'en')).toBe('Passport');
    expect(localize({ de: 'Pass' }, 'en')).toBe('Pass');
    expect(hasEnglish({ en: '  ' })).toBe(false);
    expect(hasEnglish({ en: [] })).toBe(false);
    expect(hasEnglish({ en: ['x'] })).toBe(true);
  });
  it('pick marks a German fallback on English pages only', () => {
    expect(pick({ de: 'a', en: 'b' }, 'en')).toEqual({ value: 'b', fallback: false });
    expect(pick({ de: 'a', en: null }, 'en')).toEqual({ value: 'a', fallback: true });
    expect(pick({ de: 'a' }, 'de')).toEqual({ value: 'a', fallback: false });
    expect(pick({ de: [], en: [] }, 'en')).toEqual({ value: undefined, fallback: false });
    expect(pick(undefined, 'en')).toEqual({ value: undefined, fallback: false });
  });
});

describe('content pages', () => {
  const block = [{ _type: 'block' }];
  it('get an English URL only with English title, body and slug', () => {
    const full = { slug: 'impressum', slugEn: 'imprint', title: { de: 'Impressum', en: 'Imprint' }, body: { de: block, en: block } };
    expect(contentPagePaths(full)).toEqual({ de: '/impressum/', en: '/en/imprint/' });
    const easy = { slug: 'leichte-sprache', title: { de: 'Leichte Sprache' }, body: { de: block } };
    expect(hasEnglishPage(easy)).toBe(false);
    expect(contentPagePaths(easy)).toEqual({ de: '/leichte-sprache/' });
    expect(hasEnglishPage({ ...full, body: { de: block, en: [] } })).toBe(false);
    expect(hasEnglishPage({ ...full, slugEn: undefined })).toBe(false);
  });
});

describe('alert banner', () => {
  // Noon in Kassel on a date: what "a build on that day" was before the banner had times.
  const on = (date: string) => new Date(`${date}T12:00:00+01:00`);
  it('shows while enabled and until its last day', () => {
    expect(isAlertShown({ enabled: true, validUntil: '2026-12-31' }, on('2026-12-31'))).toBe(true);
    expect(isAlertShown({ enabled: true, validUntil: '2026-12-31' }, on('2027-01-01'))).toBe(false);
    expect(isAlertShown({ enabled: false }, on('2026-01-01'))).toBe(false);
    expect(isAlertShown({ enabled: true }, on('2030-01-01'))).toBe(true);
    expect(isAlertShown(undefined, on('2026-01-01'))).toBe(false);
  });
});

describe('seo helpers', () => {
  it('sitemap links pair both languages plus x-default, and nothing for one language', () => {
    const links = sitemapLinks({ locale: 'de', alternates: { de: '/impressum/', en: '/en/imprint/' }, noindex: false }, 'https://ksp.example');
    expect(links).toEqual([
      { lang: 'de', url: 'https://ksp.example/impressum/' },
      { lang: 'en', url: 'https://ksp.example/en/imprint/' },
      { lang: 'x-default', url: 'https://ksp.example/impressum/' },
    ]);
    expect(sitemapLinks({ locale: 'de', alternates: { de: '/leichte-sprache/' }, noindex: false }, 'https://ksp.example')).toEqual([]);
  });
  it('meta descriptions stay short and end at a word', () => {
    const long = 'Wort '.repeat(60);
    const description = metaDescription(long);
    expect(description.length).toBeLessThanOrEqual(160);
    expect(description.endsWith('Wort…')).toBe(true);
    expect(metaDescription('  kurz\n und  gut ')).toBe('kurz und gut');
  });
});
