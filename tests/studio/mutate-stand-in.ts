// A local stand-in for the parts of Sanity's HTTP API that the seed uses, over real HTTP on
// 127.0.0.1: GROQ query (groq-js), mutate (createOrReplace) and image upload (deduplicated by
// SHA-1, as Sanity does). It records every request so tests can count what was sent. `create`
// (page feedback) is supported too.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { evaluate, parse } from 'groq-js';

export interface StoredDoc {
  _id: string;
  _type: string;
  [key: string]: unknown;
}

export interface StandIn {
  url: string;
  documents: Map<string, StoredDoc>;
  /** One entry per mutate request: the mutations it carried. */
  mutateRequests: Array<Array<Record<string, StoredDoc>>>;
  uploads: Array<{ filename: string | null; sha1: string }>;
  queries: string[];
  unauthorized: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startMutateStandIn(options: { token: string; dataset: string }): Promise<StandIn> {
  const documents = new Map<string, StoredDoc>();
  const state: Omit<StandIn, 'url' | 'close'> = {
    documents,
    mutateRequests: [],
    uploads: [],
    queries: [],
    unauthorized: 0,
  };

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.headers.authorization !== `Bearer ${options.token}`) {
        state.unauthorized += 1;
        return send(401, { error: 'Unauthorized', message: 'Session not found', statusCode: 401 });
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const match = /^\/v[\d-]+\/(data\/query|data\/mutate|assets\/images)\/([^/]+)$/.exec(url.pathname);
      if (!match || match[2] !== options.dataset)
        return send(404, { error: 'Not found', message: url.pathname });
      const body = await readBody(req);

      if (match[1] === 'data/query') {
        let query = url.searchParams.get('query') ?? '';
        const params: Record<string, unknown> = {};
        for (const [key, value] of url.searchParams)
          if (key.startsWith('$')) params[key.slice(1)] = JSON.parse(value);
        if (req.method === 'POST') {
          const posted = JSON.parse(body.toString('utf8')) as {
            query: string;
            params?: Record<string, unknown>;
          };
          query = posted.query;
          Object.assign(params, posted.params ?? {});
        }
        state.queries.push(query);
        const result = await (
          await evaluate(parse(query, { params }), { dataset: [...documents.values()], params })
        ).get();
        return send(200, { query, result, ms: 1 });
      }

      if (match[1] === 'data/mutate') {
        const { mutations } = JSON.parse(body.toString('utf8')) as {
          mutations: Array<Record<string, StoredDoc>>;
        };
        state.mutateRequests.push(mutations);
        const results = [];
        for (const mutation of mutations) {
          // `create` refuses an existing id with 409, as the Content Lake does.
          if (mutation.create && documents.has(mutation.create._id)) {
            const description = `Document by ID "${mutation.create._id}" already exists`;
            return send(409, { error: { type: 'mutationError', description }, message: description, statusCode: 409 });
          }
          const doc = mutation.createOrReplace ?? mutation.create;
          if (!doc) return send(400, { error: 'Only create and createOrReplace are supported by the stand-in' });
          const operation = documents.has(doc._id) ? 'update' : 'create';
          documents.set(doc._id, {
            ...doc,
            _rev: createHash('sha1').update(JSON.stringify(doc)).digest('hex').slice(0, 22),
          });
          results.push({ id: doc._id, operation });
        }
        return send(200, { transactionId: `tx-${state.mutateRequests.length}`, results });
      }

      // Asset upload: Sanity returns the existing asset when the same bytes come again.
      const sha1 = createHash('sha1').update(body).digest('hex');
      const filename = url.searchParams.get('filename');
      state.uploads.push({ filename, sha1 });
      const ext = (filename?.split('.').pop() ?? 'bin').toLowerCase();
      const id = `image-${sha1}-1x1-${ext}`;
      const existing = documents.get(id);
      const document =
        existing ??
        ({
          _id: id,
          _type: 'sanity.imageAsset',
          sha1hash: sha1,
          originalFilename: filename,
          extension: ext,
          size: body.length,
          url: `https://cdn.sanity.io/images/offline/${options.dataset}/${sha1}-1x1.${ext}`,
          metadata: { dimensions: { width: 1, height: 1, aspectRatio: 1 } },
        } satisfies StoredDoc);
      documents.set(id, document);
      return send(200, { document });
    } catch (error) {
      return send(500, { error: String(error) });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...state,
    get unauthorized() {
      return state.unauthorized;
    },
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  } as StandIn;
}
