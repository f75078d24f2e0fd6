// Every JSON-LD block of the built site parses and carries the properties of its type listed in
// structured-data-rules.ts (after Google's documentation); dates are ISO 8601; breadcrumb
// positions count 1, 2, 3…; URLs that point at the site itself lead to existing pages.
import { beforeAll, describe, expect, it } from 'vitest';
import { fileExistsForPath, loadPages, readSitemap, type Page } from '../helpers/quality-site.ts';
import { STRUCTURED_DATA_RULES, URL_PROPERTIES } from './structured-data-rules.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Node = { [key: string]: Json };

interface Block {
  page: string;
  index: number;
  node: Node;
}

let pages: Page[] = [];
let origin = '';
const blocks: Block[] = [];
const parseErrors: string[] = [];

beforeAll(async () => {
  pages = (await loadPages()).filter((page) => !page.redirect);
  origin = (await readSitemap()).origin;
  for (const page of pages) {
    page.doc.querySelectorAll('script[type="application/ld+json"]').forEach((script, index) => {
      let data: Json;
      try {
        data = JSON.parse(script.rawText) as Json;
      } catch (error) {
        parseErrors.push(`${page.path}: JSON-LD block ${index + 1} does not parse: ${(error as Error).message}`);
        return;
      }
      // A block may hold one node, an array of nodes, or an @graph.
      const top = Array.isArray(data) ? data : [data];
      for (const item of top) {
        if (item && typeof item === 'object' && !Array.isArray(item)) {
          const graph = item['@graph'];
          const nodes = Array.isArray(graph) ? graph : [item];
          for (const node of nodes) if (node && typeof node === 'object' && !Array.isArray(node)) blocks.push({ page: page.path, index: index + 1, node: { '@context': item['@context'] ?? null, ...node } });
        }
      }
    });
  }
});

const report = (lines: string[]) => (lines.length === 0 ? '' : `\n${lines.join('\n')}\n`);
const typesOf = (node: Node): string[] => (Array.isArray(node['@type']) ? (node['@type'] as string[]) : typeof node['@type'] === 'string' ? [node['@type']] : []);
const isEmpty = (value: Json | undefined) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/** Values at a dotted path; arrays fan out, so every element is checked. */
function valuesAt(value: Json | undefined, path: string[]): (Json | undefined)[] {
  if (path.length === 0) return [value];
  if (Array.isArray(value)) return value.length === 0 ? [undefined] : value.flatMap((item) => valuesAt(item, path));
  if (value === null || typeof value !== 'object') return [undefined];
  return valuesAt(value[path[0]!], path.slice(1));
}

/** True when no alternative of a rule path (`a.b|c`) is present and non-empty everywhere. */
function missing(node: Node, rule: string): boolean {
  return !rule.split('|').some((alternative) => valuesAt(node, alternative.split('.')).every((value) => !isEmpty(value)));
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

describe('structured data (JSON-LD)', () => {
  it('there is structured data to check', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it('every JSON-LD block parses', () => {
    expect(parseErrors, report(parseErrors)).toEqual([]);
  });

  it('every node says it is schema.org and has a known @type', () => {
    const lines = blocks.flatMap(({ page, index, node }) => {
      const problems: string[] = [];
      if (!/^https?:\/\/schema\.org\/?$/.test(String(node['@context']))) problems.push(`${page} block ${index}: @context is ${JSON.stringify(node['@context'])}, expected "https://schema.org"`);
      const types = typesOf(node);
      if (types.length === 0) problems.push(`${page} block ${index}: no @type`);
      for (const type of types) if (!STRUCTURED_DATA_RULES[type]) problems.push(`${page} block ${index}: @type ${type} has no entry in tests/quality/structured-data-rules.ts; add its documented required properties there`);
      return problems;
    });
    expect(lines, report(lines)).toEqual([]);
  });

  it('every node has the properties its type requires, with ISO 8601 dates', () => {
    const lines = blocks.flatMap(({ page, index, node }) =>
      typesOf(node).flatMap((type) => {
        const rule = STRUCTURED_DATA_RULES[type];
        if (!rule) return [];
        const absent = rule.required.filter((path) => missing(node, path));
        const badDates = (rule.dates ?? []).flatMap((path) =>
          valuesAt(node, path.split('.'))
            .filter((value) => value !== undefined && (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value))))
            .map((value) => `${path}=${JSON.stringify(value)}`),
        );
        return [
          ...(absent.length > 0 ? [`${page} block ${index} (${type}): missing ${absent.join(', ')} – see ${rule.source}`] : []),
          ...(badDates.length > 0 ? [`${page} block ${index} (${type}): not ISO 8601: ${badDates.join(', ')}`] : []),
        ];
      }),
    );
    expect(lines, report(lines)).toEqual([]);
  });

  it('breadcrumb positions count 1, 2, 3… and the last item is the page itself', () => {
    const lines = blocks
      .filter(({ node }) => typesOf(node).includes('BreadcrumbList'))
      .flatMap(({ page, index, node }) => {
        const items = Array.isArray(node.itemListElement) ? (node.itemListElement as Node[]) : [];
        const positions = items.map((item) => item.position);
        const problems: string[] = [];
        if (positions.some((position, i) => position !== i + 1)) problems.push(`${page} block ${index}: positions ${JSON.stringify(positions)}`);
        const last = items.at(-1)?.item;
        if (typeof last === 'string' && new URL(last).href !== new URL(page, origin).href) problems.push(`${page} block ${index}: last breadcrumb is ${last}`);
        return problems;
      });
    expect(lines, report(lines)).toEqual([]);
  });

  it('URLs that point at the site lead to existing pages and files', async () => {
    const lines: string[] = [];
    const walk = async (value: Json, page: string, key?: string) => {
      if (Array.isArray(value)) for (const item of value) await walk(item, page, key);
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) await walk(v, page, k);
      else if (typeof value === 'string' && key && (URL_PROPERTIES as readonly string[]).includes(key) && value.startsWith(origin)) {
        if (!(await fileExistsForPath(new URL(value).pathname))) lines.push(`${page}: ${key} → ${value} does not exist`);
      }
    };
    for (const { page, node } of blocks) await walk(node, page);
    expect(lines, report(lines)).toEqual([]);
  });
});
