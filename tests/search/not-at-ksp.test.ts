// Pure logic of "Nicht im KSP" and of the noise check: which entry a query matches
// (src/browser/not-at-ksp.ts), and which query words the site does not use, so that Pagefind's
// matches on "für" or on a fragment of a compound are not shown (src/browser/query-help.ts).
import { describe, expect, it } from 'vitest';
import { matchNotAtKsp, termScore, matchWords } from '../../src/browser/not-at-ksp.ts';
import { buildVocabulary, isKnownWord, judgedWords } from '../../src/browser/query-help.ts';

const entries = [
  { id: 'notAtKsp-fuehrerschein', terms: ['Führerschein', 'Driving licence', 'Fahrerlaubnis', 'Führerschein umschreiben', 'driver’s license'] },
  { id: 'notAtKsp-kfz-zulassung', terms: ['Kfz-Zulassung', 'Vehicle registration', 'Auto anmelden', 'Kennzeichen beantragen', 'register a car'] },
  { id: 'notAtKsp-baugenehmigung', terms: ['Baugenehmigung', 'Building permit', 'Bauantrag'] },
  { id: 'notAtKsp-aufenthaltstitel', terms: ['Aufenthaltstitel', 'Residence permit'] },
];

describe('"Nicht im KSP" matching', () => {
  it('matches the title, a search word, and a typo of either', () => {
    expect(matchNotAtKsp('Führerschein', entries)).toEqual(['notAtKsp-fuehrerschein']);
    expect(matchNotAtKsp('Fürerschein', entries)).toEqual(['notAtKsp-fuehrerschein']);
    expect(matchNotAtKsp('fuehrerschein', entries)).toEqual(['notAtKsp-fuehrerschein']);
    expect(matchNotAtKsp('Bauantrag', entries)).toEqual(['notAtKsp-baugenehmigung']);
    expect(matchNotAtKsp('Baugenemigung', entries)).toEqual(['notAtKsp-baugenehmigung']);
    expect(matchNotAtKsp('driving licence', entries)).toEqual(['notAtKsp-fuehrerschein']);
    expect(matchNotAtKsp("driver's licence", entries)).toEqual(['notAtKsp-fuehrerschein']);
  });

  it('treats a compound written apart, hyphenated or as one word alike', () => {
    for (const query of ['Kfz Zulassung', 'Kfz-Zulassung', 'Kfzzulassung', 'kfz zulasung']) expect(matchNotAtKsp(query, entries), query).toEqual(['notAtKsp-kfz-zulassung']);
  });

  it('finds a term inside a longer query, with function words left out', () => {
    expect(matchNotAtKsp('wo kann ich mein Auto anmelden', entries)).toEqual(['notAtKsp-kfz-zulassung']);
    expect(matchNotAtKsp('Führerschein umschreiben lassen Kassel', entries)).toEqual(['notAtKsp-fuehrerschein']);
    expect(termScore(matchWords('Kfz Zulassung'), 'Kfz-Zulassung')).toBe(2);
    expect(termScore(matchWords('Kfz Zulassung Kassel'), 'Kfz-Zulassung')).toBe(1);
    expect(termScore(matchWords('Zulassung Kassel'), 'Kfz-Zulassung')).toBe(0);
    expect(termScore(matchWords('Kfz-Zulassung Kassel'), 'Kfz-Zulassung')).toBe(1);
  });

  it('needs every word of a term and does not stretch short words', () => {
    // "Auto" alone is not "Auto anmelden"; "Kennzeichen" alone is not "Kennzeichen beantragen".
    expect(matchNotAtKsp('Auto', entries)).toEqual([]);
    expect(matchNotAtKsp('Kennzeichen', entries)).toEqual([]);
    // What the KSP does serve matches nothing here.
    for (const query of ['Reisepass', 'Bewohnerparkausweis', 'Strom', 'Bauernmarkt', 'Führung', 'für', 'parking permit for residents']) expect(matchNotAtKsp(query, entries), query).toEqual([]);
    expect(matchNotAtKsp('residence permit', entries)).toEqual(['notAtKsp-aufenthaltstitel']);
    expect(matchNotAtKsp('Aufenthaltstiel', entries)).toEqual(['notAtKsp-aufenthaltstitel']);
  });

  it('puts the entry whose term is the whole query first', () => {
    const both = [
      { id: 'a', terms: ['Führerschein umschreiben Auto anmelden'] },
      { id: 'b', terms: ['Auto anmelden'] },
    ];
    expect(matchNotAtKsp('Auto anmelden', both)).toEqual(['b']);
    expect(matchNotAtKsp('Führerschein umschreiben Auto anmelden', both)).toEqual(['a', 'b']);
  });
});

const vocabulary = buildVocabulary(
  ['für', 'Kassel', 'bauen', 'Reisepass', 'Zulassungsbescheinigung', 'Gas', 'Vertrag', 'Abholung', 'passport', 'collect', 'Öffnungszeiten'].map((word, i) => ({ word, count: 20 - i })),
);

describe('words the site does not use', () => {
  it('judges the words Pagefind reads, without punctuation, function words, short words and numbers', () => {
    expect(judgedWords('Wo ist die Kfz-Zulassung?')).toEqual(['KfzZulassung']);
    expect(judgedWords('pick up my passport')).toEqual(['pick', 'passport']);
    expect(judgedWords('49-Euro-Ticket D')).toEqual([]);
  });

  it('knows a word the site uses, its inflections and its beginnings', () => {
    for (const word of ['Reisepass', 'Reisepässe', 'reisepaesse'.replace('ae', 'ä'), 'Reisep', 'Zulassung', 'Zulassungen', 'abholen', 'Oeffnungszeiten'.replace('Oe', 'Ö'), 'collecting', 'passports']) {
      expect(isKnownWord(word, vocabulary), word).toBe(true);
    }
  });

  it('does not know a word that only begins with a word of the site, which Pagefind would answer with that word', () => {
    // Pagefind answers "Fürerschein" with "für" and "Baugenehmigung" with "bauen"; "Kfz" it drops.
    for (const word of ['Fürerschein', 'Baugenehmigung', 'Kfz', 'Gasvertrag', 'Kasselaner']) expect(isKnownWord(word, vocabulary), word).toBe(false);
  });
});
