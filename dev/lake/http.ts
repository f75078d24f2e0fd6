// Small HTTP helpers of the lake: CORS for the Studio (which runs on another origin than the
// API's project host), JSON answers and request bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readNodeBody } from '../../core/http/read-body.ts';
import { LakeError } from './errors.ts';

/** Request bodies above this size are refused (asset uploads included). */
export const MAX_BODY_BYTES = 50 * 1024 * 1024;

/**
 * Whether a browser page on `origin` may use the lake: a page the lake serves itself (the Studio
 * on `localhost:<port>`, the API's project host `<projectId>.localhost:<port>`, a listener's
 * `l<n>.<projectId>.localhost:<port>`: every *.localhost on the lake's port is this server) or
 * one of `extra` (tests). Any other page the developer visits must not read drafts or feedback
 * with the editor's browser, nor sign in as the editor.
 */
export function isAllowedOrigin(origin: string, lakeUrl: string, extra: readonly string[] = []): boolean {
  if (extra.includes(origin)) return true;
  try {
    const page = new URL(origin);
    const lake = new URL(lakeUrl);
    const local = page.hostname === 'localhost' || page.hostname.endsWith('.localhost') || page.hostname === '127.0.0.1';
    return page.protocol === lake.protocol && page.port === lake.port && local && page.origin === origin;
  } catch {
    return false;
  }
}

/** CORS headers for a request whose Origin isAllowedOrigin accepted. */
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
  sendJsonText(req, res, status, JSON.stringify(body), headers);
}

/** Sends JSON that is already text (a query's result serialised in the query worker). */
export function sendJsonText(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
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
