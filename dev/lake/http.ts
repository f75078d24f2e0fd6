// Small HTTP helpers of the lake: CORS for the Studio (which runs on another origin than the
// API's project host), JSON answers and request bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readNodeBody } from '../../core/http/read-body.ts';
import { LakeError } from './errors.ts';

/** Request bodies above this size are refused (asset uploads included). */
export const MAX_BODY_BYTES = 50 * 1024 * 1024;

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}

export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...corsHeaders(req),
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}

export async function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  const body = await readNodeBody(req, maxBytes);
  if (body === 'too-large') throw new LakeError(413, 'requestTooLarge', `The request body is larger than ${maxBytes} bytes.`);
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

export async function readJson<T>(req: IncomingMessage): Promise<T> {
  const body = await readBody(req);
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    throw new LakeError(400, 'invalidJson', 'The request body is not valid JSON.');
  }
}
