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
  // Typos, corrected against the site's own words when Pagefind finds little (src/browser/query-help.ts).
  de('Rsiepass', '/dienstleistungen/reisepass-abholen/', 'typo: letters swapped and missing'),
  de('Reiseppass', '/dienstleistungen/reisepass-abholen/', 'typo: a letter too many'),
  de('Prsonalausweis', '/dienstleistungen/personalausweis-abholen/', 'typo: a letter missing'),
  de('Personalauswies', '/dienstleistungen/personalausweis-abholen/', 'typo: two letters swapped'),
  de('Öfnungszeiten', '/oeffnungszeiten/', 'typo: a letter missing'),
  de('Fernwärne', '/dienstleistungen/gas-fernwaerme-beratung/', 'typo: a wrong letter'),
  de('Hundestuer', '/dienstleistungen/hundesteuer-anmelden/', 'typo: a letter missing'),
  // Compounds the pages do not contain, split into words they do.
  de('Gasvertrag', '/dienstleistungen/gas-fernwaerme-beratung/', 'compound: the page says "Erdgas … Verträge" (Gas + Vertrag)'),
  de('Gasberatung', '/dienstleistungen/gas-fernwaerme-beratung/', 'compound: Gas + Beratung'),
  de('Hundesteueranmeldung', '/dienstleistungen/hundesteuer-anmelden/', 'compound of title word and a noun of "anmelden"'),
  de('Sperrmüllanmeldung', '/dienstleistungen/sperrmuell-anmelden/', 'compound of title word and a noun of "anmelden"'),
  de('Tonnentausch', '/dienstleistungen/abfallbehaelter-aendern/', 'compound of two everyday words'),
  // Everyday words.
  de('Umzug', '/dienstleistungen/wohnsitz-anmelden-beratung/', 'everyday word for moving house'),
  de('Monatskarte', '/dienstleistungen/deutschlandticket-beratung/', 'everyday word for a monthly ticket'),
  de('Hund anmelden', '/dienstleistungen/hundesteuer-anmelden/', 'what people do, not what the tax is called'),
  de('neue Tonne', '/dienstleistungen/abfallbehaelter-aendern/', 'everyday words for a new waste bin'),
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
  en('pasport', '/en/services/reisepass-abholen/', 'typo: a letter missing'),
  en('electricty contract', '/en/services/stromvertrag-abschliessen/', 'typo: a letter missing'),
  en('identity crad', '/en/services/personalausweis-abholen/', 'typo: two letters swapped'),
  en('opning hours', '/en/opening-hours/', 'typo: a letter missing', false),
  en('bulky wast', '/en/services/sperrmuell-anmelden/', 'typo: a letter missing'),
  en('moving house', '/en/services/wohnsitz-anmelden-beratung/', 'everyday words for a change of address'),
  en('rubbish', '/en/services/sperrmuell-anmelden/', 'everyday British word for waste'),
  en('garbage bin', '/en/services/abfallbehaelter-aendern/', 'everyday American words for a waste bin'),
  en('lost keys', '/en/services/fundsachen-info/', 'everyday words for the lost property office'),
  en('bus pass', '/en/services/deutschlandticket-beratung/', 'everyday words for a transport ticket'),
  en('parking permit', '/en/services/bewohnerparkausweis-beantragen/', 'everyday words for the residents\' parking permit'),
  en('gift voucher', '/en/services/kassel-gutschein/', 'everyday words for the Kassel-Gutschein'),
  en('heating', '/en/services/gas-fernwaerme-beratung/', 'an everyday word for district heating'),
  // Everyday English phrases (issue 28): the services' English search words.
  en('pick up passport', '/en/services/reisepass-abholen/', 'everyday phrase for collecting a passport'),
  en('get my ID card', '/en/services/personalausweis-abholen/', 'everyday phrase for collecting an ID card'),
  en('register my address', '/en/services/wohnsitz-anmelden-beratung/', 'everyday phrase for registering a new address'),
  en('bulky waste collection', '/en/services/sperrmuell-anmelden/', 'everyday phrase for the bulky-waste service'),
  en('get rid of furniture', '/en/services/sperrmuell-anmelden/', 'what people want done, not what the service is called'),
  en('new bin', '/en/services/abfallbehaelter-aendern/', 'everyday words for ordering a waste bin'),
  en('parking permit for residents', '/en/services/bewohnerparkausweis-beantragen/', 'the permit described in words'),
  en('city tour tickets', '/en/services/stadtfuehrungen-tickets/', 'everyday phrase for the city tours'),
  en('gas supply', '/en/services/gas-fernwaerme-beratung/', 'everyday words for a gas contract'),
  en('help with online forms', '/en/services/digitale-verwaltung-hilfe/', 'everyday phrase for the digital services help'),
  en('lost wallet', '/en/services/fundsachen-info/', 'everyday words for the lost property office'),
];
