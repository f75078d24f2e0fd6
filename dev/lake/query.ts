// GROQ over the lake's documents with Sanity's own engine (groq-js). References resolve
// through an index by `_id`; groq-js alone would scan the dataset for every `->`.
import { evaluate, parse } from 'groq-js';
import type { RawDocument } from '../../src/lib/sanity/embedded.ts';
import { LakeError } from './errors.ts';
import { applyPerspective, type Perspective } from './perspective.ts';

export type QueryParams = Record<string, unknown>;

/** Where a document's words are put for `text::query`, only while such a query runs. */
const SEARCH_TEXT = '__lakeSearchText';

type Node = { type?: string; [key: string]: unknown };

/**
 * groq-js has no search engine: `text::query()` throws. The Studio's lists and search use it as
 * `[@, _id] match text::query($q)`, so such a match is rewritten to GROQ's own `match` over all
 * words of the document (`@` becomes the document's text): terms and `term*` prefixes behave
 * like Sanity's search; ranking and `-exclusion` do not.
 */
function rewriteTextQuery(node: unknown): boolean {
  if (Array.isArray(node)) return node.map(rewriteTextQuery).some(Boolean);
  if (!node || typeof node !== 'object') return false;
  const current = node as Node;
  let found = false;
  const right = current.right as Node | undefined;
  if (
    current.type === 'OpCall' &&
    current.op === 'match' &&
    right?.type === 'FuncCall' &&
    right.namespace === 'text' &&
    right.name === 'query'
  ) {
    current.right = (right.args as Node[])[0];
    const replaceThis = (value: Node): Node => (value.type === 'This' ? { type: 'AccessAttribute', name: SEARCH_TEXT } : value);
    const left = current.left as Node;
    if (left.type === 'Array') for (const element of left.elements as Node[]) element.value = replaceThis(element.value as Node);
    else current.left = replaceThis(left);
    found = true;
  }
  for (const value of Object.values(current)) if (value && typeof value === 'object' && rewriteTextQuery(value)) found = true;
  return found;
}

function wordsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) wordsOf(item, into);
  else if (value && typeof value === 'object')
    for (const [key, child] of Object.entries(value)) if (!key.startsWith('_')) wordsOf(child, into);
  return into;
}

export async function runQuery(
  docs: Iterable<RawDocument>,
  query: string,
  params: QueryParams,
  perspective: Perspective,
): Promise<unknown> {
  let dataset = applyPerspective(docs, perspective);
  let tree;
  try {
    tree = parse(query, { params });
  } catch (error) {
    throw new LakeError(400, 'queryParseError', `${(error as Error).message} in query: ${query.slice(0, 200)}`);
  }
  const search = rewriteTextQuery(tree);
  if (search) dataset = dataset.map((doc) => ({ ...doc, [SEARCH_TEXT]: wordsOf(doc).join(' ') }));
  const byId = new Map(dataset.map((doc) => [doc._id, doc]));
  const value = await evaluate(tree, { dataset, params, dereference: ({ _ref }) => byId.get(_ref) ?? null });
  const result = await value.get();
  return search && result !== undefined
    ? JSON.parse(JSON.stringify(result, (key, child: unknown) => (key === SEARCH_TEXT ? undefined : child)))
    : result;
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
