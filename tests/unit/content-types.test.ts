// The content type registry (core/registry.ts) is the one list the webhook, the
// sections, the navigation, the search filters and the budgets derive from. These tests tie it
// to what lies outside TypeScript's reach: the Studio schema, the GROQ of the queries and the
// webhook setup that the README tells administrators to paste into Sanity.
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_TYPES, NAV_ITEMS, REBUILD_TYPES, SEARCH_TYPES, WEBHOOK_FILTER, WEBHOOK_PROJECTION } from '../../core/registry.ts';
import { PARTNER_KINDS } from '../../core/partner-kinds.ts';
import { SERVICE_CATEGORIES } from '../../core/service-categories.ts';
import { rebuildsOnPublish } from '../../core/publish/webhook.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const schema = JSON.parse(readFileSync(path.join(root, 'studio', 'schema.json'), 'utf8')) as { name: string; type: string; attributes?: Record<string, unknown> }[];
const studioDocumentTypes = schema.filter((type) => type.type === 'document' && !type.name.startsWith('sanity.')).map((type) => type.name);

/** Every `_type == "…"` and `_type in [...]` of the content types' queries. */
async function queriedTypes(): Promise<Set<string>> {
  const dir = path.join(root, 'src', 'content-types');
  const types = new Set<string>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const module = (await import(path.join(dir, entry.name, 'content.ts'))) as Record<string, unknown>;
    for (const [name, query] of Object.entries(module)) {
      if (!name.endsWith('Query') || typeof query !== 'string') continue;
      for (const match of query.matchAll(/_type\s*==\s*"([^"]+)"/g)) types.add(match[1]!);
    }
  }
  return types;
}

describe('the registry and the Studio schema', () => {
  it('lists every document type of the Studio, and no other', () => {
    expect(Object.keys(CONTENT_TYPES).sort()).toEqual([...studioDocumentTypes].sort());
  });

  it('makes every type the site queries a rendered type, so publishing it rebuilds the site', async () => {
    const queried = await queriedTypes();
    expect(queried.size).toBeGreaterThan(0);
    const missing = [...queried].filter((type) => !rebuildsOnPublish(type));
    expect(missing, `queried but not rendered (publishing them would answer 204 and never rebuild): ${missing.join(', ')}`).toEqual([]);
  });

  it('lets the webhook ignore every type that does not rebuild the site', () => {
    for (const [type, entry] of Object.entries(CONTENT_TYPES)) expect(rebuildsOnPublish(type), type).toBe(entry.rebuildsOnPublish);
    expect(rebuildsOnPublish('sanity.imageAsset')).toBe(false);
  });

  it('gives the Studio the partner kinds and service topics of the site, in the same order', () => {
    const options = (type: string, field: string) => {
      const attribute = schema.find((t) => t.name === type)!.attributes![field] as { value: { of: { value: string }[] } };
      return attribute.value.of.map((option) => option.value);
    };
    expect(options('partner', 'kind')).toEqual(PARTNER_KINDS.map((kind) => kind.value));
    expect(options('service', 'category')).toEqual(SERVICE_CATEGORIES.map((category) => category.value));
  });
});

describe('what the registry derives', () => {
  it('keeps the README webhook filter and projection equal to the registry', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const block = (label: string) => {
      const match = new RegExp(`\\*\\*${label}\\*\\*[^\\n]*\\n\\s*\`\`\`groq\\n\\s*(.+)\\n\\s*\`\`\``).exec(readme);
      if (!match) throw new Error(`README.md has no "**${label}**" item with a groq block under "The Sanity webhook"`);
      return match[1]!.trim();
    };
    expect(block('Filter'), 'README.md: copy WEBHOOK_FILTER of core/registry.ts into the webhook setup').toBe(WEBHOOK_FILTER);
    expect(block('Projection'), 'README.md: copy WEBHOOK_PROJECTION of core/registry.ts into the webhook setup').toBe(WEBHOOK_PROJECTION);
  });

  it('builds the webhook filter from the rendered types', () => {
    expect(WEBHOOK_FILTER).toBe(`_type in [${REBUILD_TYPES.map((t) => `"${t}"`).join(', ')}] && !(_id in path("drafts.**"))`);
    expect(REBUILD_TYPES).toContain('siteSettings');
  });

  it('gives every navigation entry its own place and every search filter a distinct key and label', () => {
    const positions = Object.values(CONTENT_TYPES).flatMap((entry) => ('nav' in entry ? [entry.nav.position] : []));
    expect(new Set(positions).size, 'two content types share a place in the navigation').toBe(positions.length);
    expect(NAV_ITEMS.length).toBe(positions.length);
    expect(NAV_ITEMS[0]!.section).toBe('services');
    expect(new Set(SEARCH_TYPES.map((type) => type.key)).size).toBe(SEARCH_TYPES.length);
    for (const locale of ['de', 'en'] as const) expect(new Set(SEARCH_TYPES.map((type) => type.label[locale])).size, locale).toBe(SEARCH_TYPES.length);
  });
});
