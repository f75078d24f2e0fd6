// GROQ over the lake's documents with Sanity's own engine (groq-js). References resolve
// through an index by `_id`; groq-js alone would scan the dataset for every `->`.
import { evaluate, parse } from 'groq-js';
import type { RawDocument } from '../../src/lib/sanity/embedded.ts';
import { LakeError } from './errors.ts';
import { applyPerspective, type Perspective } from './perspective.ts';

export type QueryParams = Record<string, unknown>;

export async function runQuery(docs: Iterable<RawDocument>, query: string, params: QueryParams, perspective: Perspective): Promise<unknown> {
  const dataset = applyPerspective(docs, perspective);
  const byId = new Map(dataset.map((doc) => [doc._id, doc]));
  let tree;
  try {
    tree = parse(query, { params });
  } catch (error) {
    throw new LakeError(400, 'queryParseError', `${(error as Error).message} in query: ${query.slice(0, 200)}`);
  }
  const value = await evaluate(tree, { dataset, params, dereference: ({ _ref }) => byId.get(_ref) ?? null });
  return value.get();
}

/** Whether a listener's filter (e.g. `*[_id in $ids]`) matches one document. */
export async function matchesFilter(doc: RawDocument, query: string, params: QueryParams): Promise<boolean> {
  const result = await runQuery([doc], query, params, 'raw');
  return Array.isArray(result) ? result.length > 0 : result !== null && result !== undefined;
}

/** Reads `$name=<json>` query-string parameters the way @sanity/client sends them. */
export function paramsFromSearch(search: URLSearchParams): QueryParams {
  const params: QueryParams = {};
  for (const [key, value] of search) {
    if (!key.startsWith('$')) continue;
    try {
      params[key.slice(1)] = JSON.parse(value);
    } catch {
      throw new LakeError(400, 'queryParseError', `Parameter ${key} is not valid JSON: ${value.slice(0, 100)}`);
    }
  }
  return params;
}
