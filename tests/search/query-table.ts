// What citizens type, and the page that must come up. `first: true` means it must be the top
// result; otherwise the top three are enough. Kept apart from the test so the benchmark and
// the closing report can use the same table.
export interface QueryCase {
  locale: 'de' | 'en';
  query: string;
  expected: string;
  first?: boolean;
  why: string;
}

const de = (query: string, expected: string, why: string, first = true): QueryCase => ({ locale: 'de', query, expected, first, why });
const en = (query: string, expected: string, why: string, first = true): QueryCase => ({ locale: 'en', query, expected, first, why });

export const queryTable: QueryCase[] = [
  de('Perso', '/dienstleistungen/personalausweis-abholen/', 'colloquial short form (search term)'),
  de('Pass abholen', '/dienstleistungen/reisepass-abholen/', 'synonym "Pass" + title word'),
  de('Reisepass abholen', '/dienstleistungen/reisepass-abholen/', 'the title itself'),
  de('Reisepassabholung', '/dienstleistungen/reisepass-abholen/', 'compound of the title words'),
  de('Personalausweisabholung', '/dienstleistungen/personalausweis-abholen/', 'compound of the title words'),
  de('Reisepässe', '/dienstleistungen/reisepass-abholen/', 'plural, German stemming'),
  de('Reisepaesse', '/dienstleistungen/reisepass-abholen/', 'umlaut typed as "ae"'),
  de('Ausweis', '/dienstleistungen/personalausweis-abholen/', 'part of the compound "Personalausweis"'),
  de('Strom', '/dienstleistungen/stromvertrag-abschliessen/', 'colloquial word for the service'),
  de('Stromvertrag', '/dienstleistungen/stromvertrag-abschliessen/', 'title word'),
  de('documenta Karten', '/dienstleistungen/documenta-tickets/', 'synonym of "Eintrittskarten"'),
  de('wann offen', '/oeffnungszeiten/', 'question words, synonym of "Öffnungszeiten"', false),
  de('Oeffnungszeiten', '/oeffnungszeiten/', 'umlaut typed as "oe"', false),
  de('Sperrmüll', '/dienstleistungen/sperrmuell-anmelden/', 'service beats the press item about it'),
  de('Sperrmuell', '/dienstleistungen/sperrmuell-anmelden/', 'umlaut typed as "ue"'),
  de('Deutschlandticket', '/dienstleistungen/deutschlandticket-beratung/', 'service beats the press item about it'),
  de('Parkausweis', '/dienstleistungen/bewohnerparkausweis-beantragen/', 'part of "Bewohnerparkausweis"; service beats press'),
  de('Mülltonne', '/dienstleistungen/abfallbehaelter-aendern/', 'search term, not in the title'),
  de('Hundesteuer', '/dienstleistungen/hundesteuer-anmelden/', 'title word in brackets'),
  de('Schlüssel verloren', '/dienstleistungen/fundsachen-info/', 'search term phrase'),
  de('Gutschein', '/dienstleistungen/kassel-gutschein/', 'part of "Kassel-Gutschein"'),
  de('Fernwärme', '/dienstleistungen/gas-fernwaerme-beratung/', 'title word'),
  de('Stadtführung', '/dienstleistungen/stadtfuehrungen-tickets/', 'singular of the title word'),
  de('Städtische Werke', '/partner/staedtische-werke/', 'a partner by name'),
  de('wann hat der KSP offen', '/oeffnungszeiten/', 'a whole question', false),
  de('Öffnungszeiten Weihnachten', '/presse/oeffnungszeiten-weihnachten-2026/', 'a press item by its topic'),
  en('passport', '/en/services/reisepass-abholen/', 'English title word'),
  en('collect passport', '/en/services/reisepass-abholen/', 'English search term'),
  en('electricity contract', '/en/services/stromvertrag-abschliessen/', 'English title'),
  en('electricity', '/en/services/stromvertrag-abschliessen/', 'English title word'),
  en('ID card', '/en/services/personalausweis-abholen/', 'English search term'),
  en('bulky waste', '/en/services/sperrmuell-anmelden/', 'English title words'),
  en('documenta tickets', '/en/services/documenta-tickets/', 'English title'),
  en('dog tax', '/en/services/hundesteuer-anmelden/', 'English title words'),
  en('opening hours', '/en/opening-hours/', 'English page title', false),
  en('when are you open', '/en/opening-hours/', 'a whole question', false),
  en('where is the KSP', '/en/directions/', 'a whole question, synonym of "Directions"', false),
];
