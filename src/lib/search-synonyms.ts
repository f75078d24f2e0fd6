// Built-in synonym groups for the fixed pages that have no "Suchbegriffe" field of their own
// (opening hours, directions). Services carry their own `searchTerms`; the editors' global list
// (Studio → Einstellungen → Synonyme für die Suche) is applied on top of these and can extend
// them: a group there with the same term adds its synonyms to the ones below.
import type { SynonymGroup } from './search-terms.ts';

export const builtInSynonyms: readonly SynonymGroup[] = [
  { term: 'Öffnungszeiten', synonyms: ['wann offen', 'wann geöffnet', 'geöffnet', 'offen', 'Uhrzeiten', 'Sprechzeiten'] },
  { term: 'Anfahrt', synonyms: ['wo ist', 'wo finde ich', 'Adresse', 'Wegbeschreibung', 'Weg', 'Lage', 'Standort'] },
  { term: 'opening hours', synonyms: ['when open', 'open', 'times', 'hours'] },
  { term: 'Directions', synonyms: ['where is', 'address', 'location', 'how to get there', 'find us'] },
];

/** The built-in groups merged with the editors' groups (same term → synonyms combined). */
export function mergeSynonyms(editors: readonly SynonymGroup[]): SynonymGroup[] {
  const byTerm = new Map<string, SynonymGroup>();
  for (const group of [...builtInSynonyms, ...editors]) {
    const key = group.term.trim().toLocaleLowerCase('de');
    if (!key) continue;
    const existing = byTerm.get(key);
    byTerm.set(key, existing ? { term: existing.term, synonyms: [...new Set([...existing.synonyms, ...group.synonyms])] } : { term: group.term.trim(), synonyms: [...group.synonyms] });
  }
  return [...byTerm.values()];
}
