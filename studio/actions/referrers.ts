// Which published documents the site shows point to a document, where, and what the site does
// when that document goes away: the texts of the safe unpublish and delete (./safe-removal.tsx).
// Pure, so tests/studio/safe-removal.test.ts checks the German without a browser.
import { germanField, type Labels } from '../../core/content/problem.ts';
import { CONTENT_DOCUMENT_TYPES } from '../../core/registry.ts';

/** Published documents of the site's types that reference `$id` (drafts and release versions do not reach the site). */
export const REFERRERS_QUERY = `{
  "documents": *[references($id) && _type in $types && !(_id in path("drafts.**")) && !(_id in path("versions.**"))] | order(_type asc, _id asc) [0...50],
  "total": count(*[references($id) && _type in $types && !(_id in path("drafts.**")) && !(_id in path("versions.**"))])
}`;

export interface Referrer {
  _id: string;
  _type: string;
  title: string;
  /** German field names where the reference sits ("Anbieter", "Ähnliche Dienstleistungen › Nr. 2"). */
  fields: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Field paths (`provider`, `relatedServices.1`) of every reference to `id` in a document. */
export function referencePaths(value: Json | undefined, id: string, path: string[] = []): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => referencePaths(item, id, [...path, String(index)]));
  if (value === null || typeof value !== 'object') return [];
  if (value._ref === id) return [path.join('.')];
  return Object.entries(value).flatMap(([key, child]) => (key.startsWith('_') ? [] : referencePaths(child, id, [...path, key])));
}

export function titleOf(doc: Record<string, unknown>): string {
  const title = doc.title as { de?: unknown } | string | undefined;
  if (typeof title === 'string' && title) return title;
  if (title && typeof title === 'object' && typeof title.de === 'string' && title.de) return title.de;
  return typeof doc.name === 'string' && doc.name ? doc.name : String(doc._id);
}

export function toReferrer(doc: Record<string, unknown>, id: string, labels: Labels): Referrer {
  const type = String(doc._type);
  const paths = referencePaths(doc as Json, id);
  return { _id: String(doc._id), _type: type, title: titleOf(doc), fields: [...new Set(paths.map((path) => germanField(type, path, labels)))] };
}

/** In the registry's order of types (services first), then by title. */
export function sortReferrers(referrers: readonly Referrer[]): Referrer[] {
  const rank = (type: string) => {
    const index = (CONTENT_DOCUMENT_TYPES as readonly string[]).indexOf(type);
    return index < 0 ? CONTENT_DOCUMENT_TYPES.length : index;
  };
  return [...referrers].sort((a, b) => rank(a._type) - rank(b._type) || a.title.localeCompare(b.title, 'de'));
}

/** German nouns of the site's types: singular, plural and the article of "dies…". */
const NOUNS: Record<string, { one: string; many: string; gender: 'm' | 'f' | 'n' }> = {
  service: { one: 'Dienstleistung', many: 'Dienstleistungen', gender: 'f' },
  partner: { one: 'Partner', many: 'Partner', gender: 'm' },
  event: { one: 'Veranstaltung', many: 'Veranstaltungen', gender: 'f' },
  pressItem: { one: 'Pressemitteilung', many: 'Pressemitteilungen', gender: 'f' },
  page: { one: 'Seite', many: 'Seiten', gender: 'f' },
  siteSettings: { one: 'Website-Einstellung', many: 'Website-Einstellungen', gender: 'f' },
  openingHours: { one: 'Öffnungszeiten-Eintrag', many: 'Öffnungszeiten-Einträge', gender: 'm' },
};

function noun(type: string, count: number, labels: Labels): string {
  const known = NOUNS[type];
  if (known) return count === 1 ? known.one : known.many;
  const title = labels.type(type) ?? type;
  return count === 1 ? title : `Dokumente vom Typ „${title}“`;
}

/** "diesen Partner" (accusative) or "dieser Partner" (nominative), "diese Dienstleistung", "dieses Dokument". */
export function thisDocument(type: string, labels: Labels, nominative = false): string {
  const known = NOUNS[type];
  if (!known) return 'dieses Dokument';
  const article = { m: nominative ? 'dieser' : 'diesen', f: 'diese', n: 'dieses' }[known.gender];
  return `${article} ${noun(type, 1, labels)}`;
}

/** "3 Dienstleistungen verweisen auf diesen Partner:" (counts per type, in the order found). */
export function referrersHeadline(referrers: readonly Referrer[], total: number, targetType: string, labels: Labels): string {
  const counts = new Map<string, number>();
  for (const referrer of referrers) counts.set(referrer._type, (counts.get(referrer._type) ?? 0) + 1);
  const parts = [...counts].map(([type, count]) => `${count} ${noun(type, count, labels)}`);
  const more = total - referrers.length;
  if (more > 0) parts.push(`${more} weitere`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} und ${parts.at(-1)}` : (parts[0] ?? '');
  return `${list} ${total === 1 ? 'verweist' : 'verweisen'} auf ${thisDocument(targetType, labels)}:`;
}

export type Removal = 'unpublish' | 'delete';

/**
 * What the site does, in German. True to the build today (src/lib/content/contract.ts): a
 * published document that points to nothing published breaks the content contract, so every build
 * fails until the reference is changed, and the site keeps its last good state.
 */
export function consequences(removal: Removal, targetType: string, labels: Labels): string[] {
  const verb = removal === 'unpublish' ? 'zurückgezogen' : 'gelöscht';
  const self = thisDocument(targetType, labels);
  return [
    `Wird ${thisDocument(targetType, labels, true)} ${verb}, passen die genannten Dokumente nicht mehr zu den Regeln der Website: Jede weitere Veröffentlichung schlägt dann fehl („Veröffentlichung fehlgeschlagen“), bis die Verweise entfernt oder geändert sind – auch Veröffentlichungen ganz anderer Inhalte.`,
    `Bis dahin zeigt die Website den letzten erfolgreichen Stand, also auch ${self} weiterhin.`,
    'Besser: Öffnen Sie zuerst jedes genannte Dokument, entfernen oder ändern Sie dort den Verweis und veröffentlichen Sie es. Danach geht es hier ohne Folgen für die Website.',
  ];
}
