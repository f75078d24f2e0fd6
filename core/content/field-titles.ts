// The Studio's German names of types and fields (field-titles.de.json, kept equal to the Studio's
// schema by tests/studio/field-titles.test.ts) as problem-text labels (./problem.ts), for
// code that cannot load the Studio's schema: the preview server.
import titles from './field-titles.de.json' with { type: 'json' };
import type { Labels } from './problem.ts';

/** Field name → its title and the titles of the fields below it. */
export type FieldTitles = Record<string, { title: string; fields?: FieldTitles }>;

const TITLES: FieldTitles = titles;

/** Labels from the Studio's titles; `document` names documents by id, when known. */
export function studioTitleLabels(document?: (id: string) => string | undefined): Labels {
  return {
    type: (type) => TITLES[type]?.title,
    field(type, path) {
      const found: string[] = [];
      let fields = TITLES[type]?.fields;
      for (const segment of path) {
        const field = fields?.[segment];
        if (!field) break;
        found.push(field.title);
        fields = field.fields;
      }
      return found;
    },
    ...(document ? { document } : {}),
  };
}
