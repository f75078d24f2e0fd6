// Pure logic of the extra search words (synonyms, compounds) and of the query variants.
import { describe, expect, it } from 'vitest';
import { fallbackWords, queryVariants, restoreUmlauts } from '../../core/search-query.ts';
import { mergeSynonyms } from '../../src/lib/search-synonyms.ts';
import { buildLexicon, compounds, decompound, nominalize, searchWords, wordsOf } from '../../src/lib/search-terms.ts';

const lexicon = buildLexicon(['Reisepass abholen', 'Parkausweis', 'Erdgas und Fernwärme: Beratung und Verträge', 'documenta Karten']);
const synonyms = mergeSynonyms([{ term: 'Reisepass', synonyms: ['Pass', 'passport'] }, { term: 'Öffnungszeiten', synonyms: ['Ladenzeiten'] }]);

describe('compound words', () => {
  it('splits a compound into known heads and its modifier', () => {
    expect(decompound('Personalausweis', lexicon)).toEqual(['Personal', 'Ausweis']);
    expect(decompound('Bewohnerparkausweis', lexicon)).toEqual(['Bewohner', 'Parkausweis', 'Ausweis']);
    expect(decompound('Eintrittskarten', lexicon)).toEqual(['Eintritt', 'Karten']);
    expect(decompound('Stromvertrag', lexicon)).toEqual(['Strom', 'Vertrag']);
    expect(decompound('Reisepassabholung', lexicon)).toEqual(['Reisepass', 'Abholung']);
  });

  it('leaves short and unknown words alone', () => {
    expect(decompound('Kassel', lexicon)).toEqual([]);
    expect(decompound('Brötchen', lexicon)).toEqual([]);
  });

  it('joins a noun and a verb of a title into the compound people type', () => {
    expect(nominalize('abholen')).toBe('Abholung');
    expect(nominalize('verlängern')).toBe('Verlängerung');
    expect(nominalize('Reisepass')).toBeUndefined();
    expect(compounds('Reisepass abholen')).toEqual(['Reisepassabholung', 'Reisepassabholen']);
    expect(compounds('Neu im KSP')).toEqual([]);
  });

  it('keeps hyphenated words whole and in parts', () => {
    expect(wordsOf('Kassel-Gutschein kaufen')).toEqual(['Kassel', 'Gutschein', 'KasselGutschein', 'kaufen']);
  });
});

describe('search words of a page', () => {
  it('gives a service its terms, compounds, parts and synonyms as keywords', () => {
    const words = searchWords({ locale: 'de', title: 'Reisepass abholen', terms: ['Passabholung'] }, { lexicon, synonyms });
    expect(words.keywords).toEqual(expect.arrayContaining(['Reisepass abholen', 'Passabholung', 'Reisepassabholung', 'Abholung', 'Pass', 'passport']));
    expect(words.related).toEqual([]);
  });

  it('adds the built-in synonyms of the opening hours page', () => {
    const words = searchWords({ locale: 'de', title: 'Öffnungszeiten' }, { lexicon, synonyms });
    expect(words.keywords).toEqual(expect.arrayContaining(['wann offen', 'geöffnet', 'Ladenzeiten']));
  });

  it('puts synonyms of words the body only mentions into the weaker list', () => {
    const words = searchWords({ locale: 'de', title: 'Neu im KSP', body: 'Hier können Sie Ihren Reisepass abholen.' }, { lexicon, synonyms });
    expect(words.keywords).not.toContain('Pass');
    expect(words.related).toEqual(['Pass', 'passport']);
  });

  it('keeps all words of news, events and partners in the weaker list', () => {
    const words = searchWords({ locale: 'de', title: 'Reisepass jetzt im KSP abholen', primary: false }, { lexicon, synonyms });
    expect(words.keywords).toEqual([]);
    expect(words.related).toEqual(expect.arrayContaining(['Pass', 'passport', 'Reise']));
  });

  it('does not build German compounds for English pages', () => {
    const words = searchWords({ locale: 'en', title: 'Collect your passport', terms: ['passport pickup'] }, { lexicon, synonyms });
    expect(words.keywords).toEqual(['Collect your passport', 'passport pickup']);
  });
});

describe('query variants', () => {
  it('drops question words and restores umlauts typed as ae/oe/ue', () => {
    expect(queryVariants('wann offen')).toEqual(['wann offen', 'offen']);
    expect(queryVariants('Reisepaesse')).toEqual(['Reisepaesse', 'Reisepässe']);
    expect(restoreUmlauts('Oeffnungszeiten Gebuehren Steuer neue Quelle')).toBe('Öffnungszeiten Gebühren Steuer neue Quelle');
  });

  it('falls back to single words only for several words', () => {
    expect(fallbackWords('Pass verloren')).toEqual(['Pass', 'verloren']);
    expect(fallbackWords('Pass')).toEqual([]);
  });
});

describe('synonym lists', () => {
  it('merges the editors\' groups into the built-in ones', () => {
    const merged = mergeSynonyms([{ term: 'öffnungszeiten', synonyms: ['Ladenzeiten'] }]);
    const hours = merged.find((group) => group.term === 'Öffnungszeiten')!;
    expect(hours.synonyms).toEqual(expect.arrayContaining(['wann offen', 'Ladenzeiten']));
  });
});
