// Pure logic of the query-time help (src/browser/query-help.ts) and of the vocabulary it uses:
// the file format (core/search-vocabulary.ts) and the words the build takes from a page
// (src/build/vocabulary-writer.ts).
import { describe, expect, it } from 'vitest';
import { fitVocabulary, pageWords, VocabularyCounter } from '../../src/build/vocabulary-writer.ts';
import { decodeVocabulary, encodeVocabulary, type VocabularyEntry } from '../../core/search-vocabulary.ts';
import { alternativeQuery, buildVocabulary, correctWord, editDistance, splitCompound, statusOf, type StatusStrings } from '../../src/browser/query-help.ts';

const entries = (text: string): VocabularyEntry[] =>
  text
    .trim()
    .split(/\s+/)
    .map((pair) => {
      const [word, count] = pair.split(':');
      return { word: word!, count: Number(count) };
    })
    .sort((a, b) => b.count - a.count);

const vocabulary = buildVocabulary(
  entries(`
    Kassel:40 und:38 aus:30 Reisepass:12 Pass:9 Personalausweis:8 Ausweis:7 Strom:7 Stromvertrag:3 Vertrag:2 Verträge:2
    Gas:5 Erdgas:5 Parkausweis:4 Park:6 Anwohner:1 Bewohnerparkausweis:3 Hund:3 Steuer:4 Hundesteuer:4 Gebühr:6 Straße:2
    Sperrmüll:5 Termin:19 passport:2 Reisepässe:1 weiß:1 Reise:2 Tickets:6 Ticket:3 Kartei:1 Karte:3
  `),
);

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions and swapped neighbours as one edit each', () => {
    expect(editDistance('pasport', 'passport', 2)).toBe(1);
    expect(editDistance('reisepsas', 'reisepass', 2)).toBe(1);
    expect(editDistance('strom', 'sturm', 2)).toBe(2);
    expect(editDistance('kassel', 'kassel', 2)).toBe(0);
  });

  it('stops at the limit', () => {
    expect(editDistance('ausweis', 'reisepass', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('spelling correction', () => {
  it('finds the closest known word', () => {
    expect(correctWord('Pasport', vocabulary)?.word).toBe('passport');
    expect(correctWord('Personalauswies', vocabulary)?.word).toBe('Personalausweis');
    expect(correctWord('Sperrmül', vocabulary)?.word).toBe('Sperrmüll');
  });

  it('prefers the most frequent of equally close words', () => {
    // "Karte" (3 pages) and "Kartei" (1 page) are both one edit from "Kartee".
    expect(correctWord('Kartee', vocabulary)?.word).toBe('Karte');
    expect(correctWord('Tickes', vocabulary)?.word).toBe('Tickets');
  });

  it('prefers a closer word to a more frequent one', () => {
    // "Ticket" (3 pages) is one edit away, "Tickets" (6 pages) two.
    expect(correctWord('Tiket', vocabulary)?.word).toBe('Ticket');
  });

  it('allows two edits only in long words with the first letter right', () => {
    expect(correctWord('Rsiepass', vocabulary)?.word).toBe('Reisepass');
    const english = buildVocabulary(entries('location:3 dining:4 filling:2'));
    expect(correctWord('relocation', english)).toBeUndefined();
    expect(correctWord('driving', english)).toBeUndefined();
    expect(correctWord('fishing', english)).toBeUndefined();
  });

  it('leaves short words and words far from every known word alone', () => {
    expect(correctWord('Gsa', vocabulary)).toBeUndefined();
    // Up to 7 letters allow one edit: "trash" is not "trams".
    expect(correctWord('trash', buildVocabulary(entries('trams:5')))).toBeUndefined();
    expect(correctWord('Brötchen', vocabulary)).toBeUndefined();
  });
});

describe('compound splitting', () => {
  it('splits into two known words, with or without a linking element', () => {
    expect(splitCompound('Gasvertrag', vocabulary)).toEqual(['Gas', 'Vertrag']);
    expect(splitCompound('Anwohnerparkausweis', vocabulary)).toEqual(['Anwohner', 'Parkausweis']);
    expect(splitCompound('Hundesteuer', buildVocabulary(entries('Hund:3 Steuer:4')))).toEqual(['Hund', 'Steuer']);
    expect(splitCompound('Gasstromvertrag', vocabulary)).toEqual(['Gas', 'Stromvertrag']);
  });

  it('takes the split whose parts are the most frequent', () => {
    const city = buildVocabulary(entries('Stadt:10 Stadtteil:1 Teil:2 Teilplan:1 Plan:20'));
    // Stadtteil + Plan (√(1·20) ≈ 4.5) beats Stadt + Teilplan (√(10·1) ≈ 3.2).
    expect(splitCompound('Stadtteilplan', city)).toEqual(['Stadtteil', 'Plan']);
  });

  it('splits into three words when two are not enough', () => {
    expect(splitCompound('Gaspassvertrag', vocabulary)).toEqual(['Gas', 'Pass', 'Vertrag']);
  });

  it('never makes a part of a function word or of fewer than three letters, and needs every part', () => {
    expect(splitCompound('Ausweiß', vocabulary)).toBeUndefined();
    expect(splitCompound('Hundesteuerbescheid', vocabulary)).toBeUndefined();
    expect(splitCompound('Gasab', vocabulary)).toBeUndefined();
  });
});

describe('the query searched instead', () => {
  it('leaves a query of known words alone', () => {
    expect(alternativeQuery('Reisepass', vocabulary)).toBeUndefined();
    expect(alternativeQuery('wann hat der KSP offen', vocabulary)).toBeUndefined();
    expect(alternativeQuery('reisepass 2026', vocabulary)).toBeUndefined();
  });

  it('puts in the umlaut or ß the site writes', () => {
    expect(alternativeQuery('Gebuhr', vocabulary)).toEqual({ query: 'Gebühr', kind: 'spelling' });
    expect(alternativeQuery('Gebuehr', vocabulary)).toEqual({ query: 'Gebühr', kind: 'spelling' });
    expect(alternativeQuery('Strasse', vocabulary)).toEqual({ query: 'Straße', kind: 'spelling' });
  });

  it('splits compounds before it corrects them', () => {
    // Two known words find the page that writes "Erdgas … Verträge" and never "Gasvertrag".
    expect(alternativeQuery('Gasvertrag', vocabulary)).toEqual({ query: 'Gas Vertrag', kind: 'compound' });
  });

  it('corrects each unknown word and keeps the rest as typed', () => {
    expect(alternativeQuery('Reisepas abholen', buildVocabulary(entries('Reisepass:3 abholen:2')))).toEqual({ query: 'Reisepass abholen', kind: 'spelling' });
    expect(alternativeQuery('wo ist das Sperrmül', vocabulary)).toEqual({ query: 'wo ist das Sperrmüll', kind: 'spelling' });
    expect(alternativeQuery('Gasvertrag Pasport', vocabulary)).toEqual({ query: 'Gas Vertrag passport', kind: 'spelling' });
  });
});

describe('what the page says', () => {
  const strings: StatusStrings = {
    countNone: 'Keine Ergebnisse für „{q}“.',
    countOne: '1 Ergebnis für „{q}“.',
    countMany: '{n} Ergebnisse für „{q}“.',
    resultsOne: '1 Ergebnis',
    resultsMany: '{n} Ergebnisse',
    didYouMean: 'Meinten Sie: {alt}?',
    searchedInstead: 'Keine Ergebnisse für „{q}“. Stattdessen gesucht: „{alt}“ – {count}.',
    searchedAlso: '{count} für „{q}“ und „{alt}“.',
  };

  it('counts the results of the query as typed', () => {
    expect(statusOf('Strom', 0, strings)).toEqual({ text: 'Keine Ergebnisse für „Strom“.' });
    expect(statusOf('Strom', 1, strings)).toEqual({ text: '1 Ergebnis für „Strom“.' });
    expect(statusOf('Strom', 7, strings)).toEqual({ text: '7 Ergebnisse für „Strom“.' });
  });

  it('asks "did you mean" and says what was searched instead', () => {
    expect(statusOf('Reisepas', 7, strings, { alternative: { query: 'Reisepass', kind: 'spelling' }, originalCount: 0 })).toEqual({
      suggestion: { before: 'Meinten Sie: ', query: 'Reisepass', after: '?' },
      text: 'Keine Ergebnisse für „Reisepas“. Stattdessen gesucht: „Reisepass“ – 7 Ergebnisse.',
    });
  });

  it('names both queries when the typed one found a little', () => {
    expect(statusOf('Gasvertrag', 3, strings, { alternative: { query: 'Gas Vertrag', kind: 'compound' }, originalCount: 1 })).toEqual({
      text: '3 Ergebnisse für „Gasvertrag“ und „Gas Vertrag“.',
    });
  });
});

describe('the vocabulary file', () => {
  it('groups words by page count, most frequent first, and reads back the same', () => {
    const file = encodeVocabulary(entries('Strom:3 Pass:9 Gas:3 Kassel:40'), 10);
    expect(file).toEqual({ version: 1, groups: [[40, 'Kassel'], [9, 'Pass'], [3, 'Gas Strom']] });
    expect(decodeVocabulary(JSON.parse(JSON.stringify(file)))).toEqual([
      { word: 'Kassel', count: 40 },
      { word: 'Pass', count: 9 },
      { word: 'Gas', count: 3 },
      { word: 'Strom', count: 3 },
    ]);
  });

  it('keeps the most frequent words when there are too many', () => {
    expect(encodeVocabulary(entries('Strom:3 Pass:9 Gas:2'), 2).groups).toEqual([[9, 'Pass'], [3, 'Strom']]);
  });

  it('refuses what it cannot read, saying how to fix it', () => {
    expect(() => decodeVocabulary({ words: [] })).toThrow(/rebuild the site/);
    expect(() => decodeVocabulary({ version: 1, groups: [['3', 'Gas']] })).toThrow(/\[count, "words"\]/);
    expect(() => encodeVocabulary([{ word: 'zwei Wörter', count: 1 }], 5)).toThrow(/single words/);
  });

  it('stays within its byte budget however many words a site has', () => {
    let seed = 7;
    // xorshift32: deterministic and varied enough that gzip cannot squeeze the words.
    const random = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    const letters = 'abcdefghijklmnopqrstuvwxyzäöüß';
    const many = Array.from({ length: 40_000 }, (_, i) => ({
      word: Array.from({ length: 6 + Math.floor(random() * 10) }, () => letters[Math.floor(random() * letters.length)]).join(''),
      count: 1 + (i % 50),
    }));
    const fitted = fitVocabulary(many, 40_000, 60_000);
    expect(fitted.gzipBytes).toBeLessThanOrEqual(60_000);
    expect(fitted.gzipBytes).toBeGreaterThan(50_000);
    expect(fitted.words).toBeLessThan(40_000);
    expect(decodeVocabulary(JSON.parse(fitted.json))).toHaveLength(fitted.words);
  });
});

describe('the words of a page', () => {
  const html = `<!doctype html><html lang="de"><head><title>Kopfzeile</title><script>var versteckt = 1</script></head><body>
    <header data-pagefind-ignore>Navigation</header>
    <main data-pagefind-body><div hidden><span data-pagefind-meta="keywords:Reisepass abholen, Passabholung"></span><span data-pagefind-meta="image:/_img/bild.jpg"></span></div>
      <h1>Reisepass &amp; Ausweis</h1><div><p>Gebühren: 12 Euro</p><nav data-pagefind-ignore><div>Brotkrumen</div></nav></div>
      <script>const unsichtbar = 1;</script><p title="a > b">Stadt&shy;führung</p></main>
    <footer>Fußzeile</footer></body></html>`;

  it('takes the indexed text and the searched metadata, nothing else', () => {
    expect([...pageWords(html)].sort()).toEqual(['Ausweis', 'Euro', 'Gebühren', 'Passabholung', 'Reisepass', 'Stadtführung', 'abholen']);
  });

  it('counts pages, not occurrences, in the commonest spelling', () => {
    const counter = new VocabularyCounter();
    const page = (text: string) => `<html lang="de"><body><main data-pagefind-body><p>${text}</p></main></body></html>`;
    counter.addPage('de', page('Strom Strom strom'));
    counter.addPage('de', page('strom'));
    counter.addPage('de', page('Strom und Gas'));
    expect(counter.entries('de').sort((a, b) => b.count - a.count || a.word.localeCompare(b.word))).toEqual([
      { word: 'Strom', count: 3 },
      { word: 'Gas', count: 1 },
      { word: 'und', count: 1 },
    ]);
  });
});
