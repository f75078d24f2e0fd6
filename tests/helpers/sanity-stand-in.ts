// A local stand-in of Sanity's query HTTP endpoint, backed by groq-js, so the production
// @sanity/client code path runs for real over HTTP in tests:
//   GET  /v{apiVersion}/data/query/{dataset}?query=…&$param=<json>&perspective=published
//   POST /v{apiVersion}/data/query/{dataset}   body {"query": …, "params": {…}}  (long queries)
// It holds drafts like the Content Lake does and applies the requested perspective.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { evaluate, parse } from 'groq-js';
import { isPublishedId, type RawDocument } from '../../src/lib/sanity/embedded.ts';

export interface StandIn {
  url: string;
  dataset: string;
  requests: { method: string; path: string; perspective: string | null }[];
  close(): Promise<void>;
}

export async function startSanityStandIn(docs: RawDocument[], dataset = 'production'): Promise<StandIn> {
  const requests: StandIn['requests'] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/v[\w-]+\/data\/query\/([\w-]+)$/.exec(url.pathname);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const perspective = url.searchParams.get('perspective');
    requests.push({ method: req.method ?? '', path: url.pathname, perspective });
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
      // The published perspective hides drafts and versions; "raw" shows everything.
      const visible = perspective === 'raw' ? docs : docs.filter((doc) => isPublishedId(doc._id));
      const started = performance.now();
      const value = await evaluate(parse(query, { params }), { dataset: visible, params });
      send(200, { query, result: await value.get(), ms: Math.round(performance.now() - started) });
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
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
