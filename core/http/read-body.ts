// A request body read up to a limit, for the publish server's routes (webhook, feedback): a
// declared or actual size over the limit stops reading and answers 'too-large' (the route sends
// 413), so no client can make the server hold more than `maxBytes`.
import type { IncomingMessage } from 'node:http';

export async function readLimitedBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return 'too-large';
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
