// The one request body reader, for every route that takes a body: the publish server's webhook
// and feedback routes and the local lake (Node requests), the Netlify Functions (web requests).
// A declared or actual size over the limit stops keeping the body and answers 'too-large' (each
// route sends its own 413), so no client can make a server hold more than `maxBytes`.
import type { IncomingMessage } from 'node:http';

export type BodyResult = Uint8Array | 'too-large';

/**
 * The body of a Node request (node:http), up to `maxBytes`. Past the limit the rest is read and
 * dropped instead of destroying the request: destroying it would take the socket with it, so the
 * route could neither see the client's address nor send its 413 (the client saw a reset). The
 * route's `connection: close` then ends the exchange once the answer is out.
 */
export function readNodeBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const contentLength = req.headers['content-length'];
  const declared = Number(contentLength);
  if (contentLength && Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    let total = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      done = true;
      parts.length = 0;
      resolve(result);
    };
    req.on('data', (chunk: Uint8Array) => {
      if (done) return;
      total += chunk.byteLength;
      if (total > maxBytes) finish('too-large');
      else parts.push(chunk);
    });
    req.once('end', () => {
      if (!done) finish(Buffer.concat(parts));
    });
    req.once('error', (error) => {
      if (done) return;
      done = true;
      reject(error);
    });
  });
}

/** The body of a web `Request` (Netlify Functions) or `Response` (a download), up to `maxBytes`. */
export function readWebBody(request: Pick<Request, 'body' | 'headers'>, maxBytes: number): Promise<BodyResult> {
  if (!request.body) return Promise.resolve(new Uint8Array());
  const contentLength = request.headers.get('content-length');
  const declared = Number(contentLength);
  if (contentLength && Number.isFinite(declared) && declared > maxBytes) return Promise.resolve('too-large');
  return readWebLimited(request.body, maxBytes);
}

async function readWebLimited(chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<BodyResult> {
  const parts: Uint8Array[] = [];
  let total = 0;
  // Leaving the loop early cancels the web body; the platform answers the client.
  for await (const chunk of chunks) {
    total += chunk.byteLength;
    if (total > maxBytes) return 'too-large';
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}
