// German names for the texts of build problems (core/content/problem.ts), from the
// Studio's own schema: the type's title ("Dienstleistung") and the titles along a field path
// ("Wochenplan", "Zeiten", "Schließt"), so the texts name fields exactly as the form does.
import type { Labels } from '../../core/content/problem.ts';

/** The parts of a compiled schema type read here and in tests/studio/field-titles.test.ts (sanity's SchemaType). */
export interface TypeLike {
  name?: string;
  title?: string;
  jsonType?: string;
  fields?: readonly { name: string; type: TypeLike }[];
  of?: readonly TypeLike[];
}

interface SchemaLike {
  get(name: string): TypeLike | undefined;
}

function fieldOf(type: TypeLike | undefined, name: string): TypeLike | undefined {
  if (!type) return undefined;
  if (type.jsonType === 'array') {
    // An array's members: the field is on whichever member type has it.
    for (const member of type.of ?? []) {
      const found = fieldOf(member, name);
      if (found) return found;
    }
    return undefined;
  }
  return type.fields?.find((field) => field.name === name)?.type;
}

export function schemaLabels(schema: SchemaLike, documentTitles: ReadonlyMap<string, string> = new Map()): Labels {
  return {
    type: (name) => schema.get(name)?.title,
    field(typeName, path) {
      const titles: string[] = [];
      let type = schema.get(typeName);
      for (const segment of path) {
        type = fieldOf(type, segment);
        if (!type?.title) break;
        titles.push(type.title);
      }
      return titles;
    },
    document: (id) => documentTitles.get(id),
  };
}
