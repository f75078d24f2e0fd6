import { describe, expect, test } from 'vitest';
import { runSanity } from './cli.ts';
import { loadStudioSchema } from './studio-validation.ts';

const OWN_TYPES = [
  'service',
  'partner',
  'pressItem',
  'event',
  'page',
  'openingHours',
  'siteSettings',
  'localeString',
  'localeText',
  'localeBlockContent',
  'localeStringList',
  'imageWithAlt',
  'timeInterval',
  'dayHours',
  'specialDay',
  'hoursPeriod',
  'link',
  'seo',
  'quote',
  'synonymGroup',
];

function isImage(type: any): boolean {
  for (let t = type; t; t = t.type) if (t.name === 'image') return true;
  return false;
}

describe('Studio schema', () => {
  test('`sanity schema validate` passes without errors or warnings', async () => {
    const result = await runSanity(['schema', 'validate'], { SANITY_STUDIO_PROJECT_ID: '' });
    const output = result.stdout + result.stderr;
    expect(result.code, output).toBe(0);
    expect(output).toMatch(/0 errors/);
    expect(output).toMatch(/0 warnings/);
  }, 120_000);

  test('every field of every own type has a German title and a description', async () => {
    const schema = await loadStudioSchema();
    const missing: string[] = [];
    const checked: string[] = [];
    const seen = new Set<unknown>();
    const visit = (type: any, where: string) => {
      if (!type || seen.has(type)) return;
      seen.add(type);
      for (const field of type.fields ?? []) {
        // Sanity's own parts of an image (asset, crop, hotspot, media) are not editor fields.
        if (
          type.jsonType === 'object' &&
          ['asset', 'crop', 'hotspot', 'media'].includes(field.name) &&
          isImage(type)
        )
          continue;
        const at = `${where}.${field.name}`;
        checked.push(at);
        if (!field.type.title || field.type.title === field.name) missing.push(`${at}: Titel fehlt`);
        if (!field.type.description) missing.push(`${at}: Beschreibung fehlt`);
        // Inline (anonymous) objects are part of their document; named types are checked once.
        if (field.type.name === 'object') visit(field.type, at);
        for (const member of field.type.of ?? []) {
          if (member.name === 'block') {
            for (const annotation of member.fields?.find((f: any) => f.name === 'markDefs')?.type.of ?? [])
              visit(annotation, `${at}[].markDefs.${annotation.name}`);
          }
        }
      }
    };
    for (const name of OWN_TYPES) {
      const type = schema.get(name);
      expect(type, `Typ ${name} fehlt im Schema`).toBeTruthy();
      expect(type!.title, `Typ ${name} hat keinen Titel`).toBeTruthy();
      visit(type, name);
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        'service.appointment.bookingUrl',
        'siteSettings.alert.message',
        'siteSettings.searchSynonyms',
        'localeBlockContent.de[].markDefs.link.href',
        'imageWithAlt.alt',
      ]),
    );
    expect(missing).toEqual([]);
  });
});
