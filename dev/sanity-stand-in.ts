// A local stand-in of Sanity's query HTTP endpoint, backed by groq-js, so the production
// @sanity/client code path runs for real over HTTP (tests, the bench):
//   GET  /v{apiVersion}/data/query/{dataset}?query=…&$param=<json>&perspective=published
//   POST /v{apiVersion}/data/query/{dataset}   body {"query": …, "params": {…}}  (long queries)
// It holds drafts like the Content Lake does and applies the requested perspective (`published`,
// `raw`, or `drafts`: each draft laid over its published document, under the published id). Like the
// Content Lake, every document has a `_rev` (a content hash when the input has none), and
// references resolve through an index by `_id` rather than a scan of the dataset.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { evaluate, parse } from 'groq-js';
import { isDraftOrVersionId } from '../core/sanity/ids.ts';
import type { RawDocument } from '../src/lib/sanity/embedded.ts';

export interface StandInRequest {
  method: string;
  path: string;
  perspective: string | null;
  query: string;
  /** Number of elements in an array result (1 for a single document, 0 for null). */
  resultCount: number;
  /** Time spent evaluating the query, in milliseconds. */
  ms: number;
}

export interface StandIn {
  url: string;
  dataset: string;
  requests: StandInRequest[];
  /** Replaces the whole dataset, as if editors had published, edited or deleted documents. */
  setDocuments(docs: RawDocument[]): void;
  close(): Promise<void>;
}

function withRevisions(docs: RawDocument[]): RawDocument[] {
  return docs.map((doc) =>
    typeof doc._rev === 'string' ? doc : { ...doc, _rev: createHash('sha1').update(JSON.stringify(doc)).digest('base64url').slice(0, 22) },
  );
}

export async function startSanityStandIn(docs: RawDocument[], dataset = 'production'): Promise<StandIn> {
  const requests: StandInRequest[] = [];
  let all: RawDocument[] = [];
  let published: RawDocument[] = [];
  let byIdAll = new Map<string, RawDocument>();
  let byIdPublished = new Map<string, RawDocument>();
  let byIdDrafts = new Map<string, RawDocument>();
  let withDrafts: RawDocument[] = [];
  const setDocuments = (next: RawDocument[]) => {
    all = withRevisions(next);
    published = all.filter((doc) => !isDraftOrVersionId(doc._id));
    byIdAll = new Map(all.map((doc) => [doc._id, doc]));
    byIdPublished = new Map(published.map((doc) => [doc._id, doc]));
    byIdDrafts = new Map(published.map((doc) => [doc._id, doc]));
    for (const doc of all) {
      if (!doc._id.startsWith('drafts.')) continue;
      const id = doc._id.slice('drafts.'.length);
      byIdDrafts.set(id, { ...doc, _id: id, _originalId: doc._id });
    }
    withDrafts = [...byIdDrafts.values()];
  };
  setDocuments(docs);

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/v[\w-]+\/data\/query\/([\w-]+)$/.exec(url.pathname);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const perspective = url.searchParams.get('perspective');
    const entry: StandInRequest = { method: req.method ?? '', path: url.pathname, perspective, query: '', resultCount: 0, ms: 0 };
    requests.push(entry);
    if (!match || match[1] !== dataset) return send(404, { error: 'Not Found', message: `Dataset "${match?.[1]}" not found` });
    try {
      let query: string | null;
      let params: Record<string, unknown> = {};
      if (req.method === 'POST') {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query?: string; params?: Record<string, unknown> };
        query = body.query ?? null;
        params = body.params ?? {};
      } else if (req.method === 'GET') {
        query = url.searchParams.get('query');
        for (const [key, value] of url.searchParams) if (key.startsWith('$')) params[key.slice(1)] = JSON.parse(value);
      } else {
        return send(405, { error: 'Method Not Allowed' });
      }
      if (!query) return send(400, { error: 'Bad Request', message: 'missing query' });
      entry.query = query;
      // The published perspective hides drafts and versions; "raw" shows everything; "drafts"
      // shows the drafts in place of their published documents.
      const drafts = perspective === 'drafts' || perspective === 'previewDrafts';
      const visible = perspective === 'raw' ? all : drafts ? withDrafts : published;
      const byId = perspective === 'raw' ? byIdAll : drafts ? byIdDrafts : byIdPublished;
      const started = performance.now();
      const value = await evaluate(parse(query, { params }), {
        dataset: visible,
        params,
        dereference: ({ _ref }) => byId.get(_ref) ?? null,
      });
      const result = await value.get();
      entry.resultCount = Array.isArray(result) ? result.length : result == null ? 0 : 1;
      entry.ms = performance.now() - started;
      send(200, { query, result, ms: Math.round(entry.ms) });
    } catch (error) {
      send(400, { error: 'Bad Request', message: (error as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dataset,
    requests,
    setDocuments,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
