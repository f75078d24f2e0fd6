// The search vocabulary of the built site: one file per indexed language, within its byte budget
// (tests/quality/budgets.ts), readable by the search page, and made of the site's own words.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeVocabulary, vocabularyPath } from '../../core/search-vocabulary.ts';
import { SEARCH_VOCABULARY_MAX_GZIP_BYTES } from '../quality/budgets.ts';
import { siteDir } from './site.ts';

const read = (lang: string) => readFile(path.join(siteDir, ...vocabularyPath(lang).split('/').filter(Boolean)));

describe('search vocabulary of the built site', () => {
  it.each(['de', 'en'])('%s: within the budget, and the words of the pages most frequent first', async (lang) => {
    const bytes = await read(lang);
    const gzipBytes = gzipSync(bytes, { level: 9 }).length;
    console.log(`vocabulary-${lang}.json: ${(gzipBytes / 1024).toFixed(1)} KB gzip (budget ${(SEARCH_VOCABULARY_MAX_GZIP_BYTES / 1024).toFixed(1)} KB)`);
    expect(gzipBytes).toBeLessThanOrEqual(SEARCH_VOCABULARY_MAX_GZIP_BYTES);
    const entries = decodeVocabulary(JSON.parse(bytes.toString('utf8')));
    const words = entries.map((entry) => entry.word);
    expect(words).toContain(lang === 'de' ? 'Reisepass' : 'passport');
    // The skip link ("Zum Inhalt springen") is outside the indexed <main>, so its words are not in it.
    expect(words).not.toContain(lang === 'de' ? 'springen' : 'Skip');
    expect(entries.every((entry, i) => i === 0 || entries[i - 1]!.count >= entry.count)).toBe(true);
  });
});
