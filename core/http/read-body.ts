// The one request body reader, for every route that takes a body: the publish server's webhook
// and feedback routes and the local lake (Node requests), the Netlify Functions (web requests).
// A declared or actual size over the limit stops reading and answers 'too-large' (each route
// sends its own 413), so no client can make a server hold more than `maxBytes`.
import type { IncomingMessage } from 'node:http';

export type BodyResult = Uint8Array | 'too-large';

/** The body of a Node request (node:http), up to `maxBytes`. */
export function readNodeBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return readLimited(req as AsyncIterable<Uint8Array>, req.headers['content-length'], maxBytes);
}

/** The body of a web `Request` (Netlify Functions), up to `maxBytes`. */
export function readWebBody(request: Request, maxBytes: number): Promise<BodyResult> {
  if (!request.body) return Promise.resolve(new Uint8Array());
  return readLimited(request.body, request.headers.get('content-length'), maxBytes);
}

async function readLimited(chunks: AsyncIterable<Uint8Array>, contentLength: string | null | undefined, maxBytes: number): Promise<BodyResult> {
  const declared = Number(contentLength);
  if (contentLength && Number.isFinite(declared) && declared > maxBytes) return 'too-large';
  const parts: Uint8Array[] = [];
  let total = 0;
  // Leaving the loop early ends the stream: a Node request is destroyed, a web body cancelled.
  for await (const chunk of chunks) {
    total += chunk.byteLength;
    if (total > maxBytes) return 'too-large';
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}
