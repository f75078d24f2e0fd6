// The Studio's German field titles as the site's preview names them in its banner
// (src/preview/problems.ts): core/content/field-titles.de.json must equal what the Studio's
// schema says. The preview server cannot load the Studio's schema itself (it is browser code), so
// the titles are kept in that file. After a schema change: `npm run field-titles` writes it anew.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { FieldTitles } from '../../core/content/field-titles.ts';
import type { TypeLike } from '../../studio/publishing/labels.ts';
import { loadStudioSchema, ROOT } from './studio-validation.ts';

const FILE = path.join(ROOT, 'core', 'content', 'field-titles.de.json');

/** Sanity's own types: their inner fields are no editor's business (and are titled in English). */
const OPAQUE = new Set(['slug', 'reference', 'block', 'span', 'file', 'geopoint']);
/** Fields Sanity adds to an image beside the ones the schema declares. */
const INTERNAL = new Set(['asset', 'hotspot', 'crop', 'media']);

/** Field titles below a type; an array's members lend their fields. Bounded: objects may nest. */
function fieldsOf(type: TypeLike, depth: number): FieldTitles | undefined {
  if (depth === 0 || (type.name && OPAQUE.has(type.name))) return undefined;
  const members = type.jsonType === 'array' ? (type.of ?? []).filter((member) => !member.name || !OPAQUE.has(member.name)) : [type];
  const fields: FieldTitles = {};
  for (const member of members) {
    for (const field of member.fields ?? []) {
      if (!field.type.title || fields[field.name] || field.name.startsWith('_') || INTERNAL.has(field.name)) continue;
      const below = fieldsOf(field.type, depth - 1);
      fields[field.name] = below ? { title: field.type.title, fields: below } : { title: field.type.title };
    }
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}

it('core/content/field-titles.de.json names the fields as the Studio does', async () => {
  const schema = await loadStudioSchema();
  const documentTypes = (schema.getTypeNames() as string[]).filter((name) => !name.startsWith('sanity.') && (schema.get(name) as { type?: { name?: string } })?.type?.name === 'document').sort();
  const titles: FieldTitles = {};
  for (const name of documentTypes) {
    const type = schema.get(name) as TypeLike;
    titles[name] = { title: type.title ?? name, fields: fieldsOf(type, 4) ?? {} };
  }
  const expected = `${JSON.stringify(titles, null, 2)}\n`;
  if (process.env.KSP_WRITE_FIELD_TITLES === '1') writeFileSync(FILE, expected);
  expect(readFileSync(FILE, 'utf8'), 'The Studio\'s field titles changed: run `npm run field-titles` and commit core/content/field-titles.de.json').toBe(expected);
}, 60_000);
