// The rules for a Sanity publish webhook, shared by the Netlify Function
// (netlify/functions/sanity-webhook.ts) and the self-hosted publish server (scripts/publish-server.ts)
// so both targets answer every delivery the same way:
//
//   405 not POST · 413 body too large · 400 empty or malformed body · 401 missing, bad or stale
//   signature · 204 draft or a type the site does not render · 409 repeated delivery ·
//   202 accepted and a build triggered · 502 the build could not be triggered ·
//   503 the replay store could not be reached · 500 misconfigured
//
// Everything here is pure apart from the injected `trigger`, `store` and `log`.
import type { BodyResult } from '../http/read-body.ts';
import { CONTENT_TYPES, REBUILD_TYPES, type ContentType } from '../registry.ts';
import { isDraftOrVersionId } from '../sanity/ids.ts';
import type { ReplayStore } from './replay-store.ts';
import { checkSignature, SIGNATURE_HEADER } from './signature.ts';

// Which types rebuild the site, and the filter and projection to give Sanity's webhook, come
// from the content type registry (core/registry.ts).
export { REBUILD_TYPES, WEBHOOK_FILTER, WEBHOOK_PROJECTION } from '../registry.ts';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export interface WebhookRequest {
  method: string;
  /** Header lookup by lower-case name. */
  header: (name: string) => string | undefined;
  /** The raw body, or 'too-large' when the reader stopped at the size limit. */
  body: BodyResult;
}

export interface WebhookDocument {
  _id: string;
  _type: string;
  _rev?: string;
  operation?: string;
}

export interface TriggerResult {
  /** Free-form detail returned to the caller, e.g. `{ build: 'queued' }`. */
  detail?: Record<string, unknown>;
}

export interface WebhookDeps {
  secret: string;
  store: ReplayStore;
  now: () => number;
  /** Starts (or requests) a build. Throwing means the build could not be triggered (502). */
  trigger: (doc: WebhookDocument) => Promise<TriggerResult> | TriggerResult;
  /**
   * Answers a request document (registry `request`, e.g. the review digest) instead of a build.
   * Absent: such a delivery is ignored (204). Throwing answers 502, so Sanity retries.
   */
  request?: (kind: RequestKind, doc: WebhookDocument) => Promise<TriggerResult> | TriggerResult;
  log: (event: Record<string, unknown>) => void;
}

export interface WebhookResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON body; absent for 204. */
  body?: Record<string, unknown>;
}

function json(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): WebhookResponse {
  return { status, body, headers: { 'Cache-Control': 'no-store', ...headers } };
}

function ignored(reason: string): WebhookResponse {
  return { status: 204, headers: { 'Cache-Control': 'no-store', 'X-Webhook-Result': `ignored: ${reason}` } };
}

/** Reads the document identity from a parsed body; undefined when the shape is wrong. */
export function parseWebhookDocument(value: unknown): WebhookDocument | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { _id, _type, _rev, operation } = value as Record<string, unknown>;
  if (typeof _id !== 'string' || _id === '' || typeof _type !== 'string' || _type === '') return undefined;
  if (_rev !== undefined && _rev !== null && typeof _rev !== 'string') return undefined;
  return {
    _id,
    _type,
    ...(typeof _rev === 'string' ? { _rev } : {}),
    ...(typeof operation === 'string' ? { operation } : {}),
  };
}

export type RequestKind = NonNullable<ContentType['request']>;

/** The request a control type stands for (registry `request`), if any. */
export function requestOf(type: string): RequestKind | undefined {
  return Object.hasOwn(CONTENT_TYPES, type) ? (CONTENT_TYPES[type as keyof typeof CONTENT_TYPES] as ContentType).request : undefined;
}

export function rebuildsOnPublish(type: string): boolean {
  return (REBUILD_TYPES as readonly string[]).includes(type);
}

export async function handleWebhook(req: WebhookRequest, deps: WebhookDeps): Promise<WebhookResponse> {
  const respond = (response: WebhookResponse, fields: Record<string, unknown> = {}) => {
    deps.log({ event: 'sanity-webhook', status: response.status, ...fields });
    return response;
  };

  if (req.method !== 'POST') {
    return respond(json(405, { error: 'Method not allowed: send the Sanity webhook as POST.' }, { Allow: 'POST' }), { reason: 'method', method: req.method });
  }
  if (req.body === 'too-large') {
    return respond(json(413, { error: 'Body too large: project only {_id, _type, _rev} in the Sanity webhook.' }), { reason: 'too-large' });
  }
  const rawBody = new TextDecoder('utf-8', { fatal: false }).decode(req.body);
  if (rawBody.trim() === '') {
    return respond(json(400, { error: 'Empty body: the webhook must send the document as JSON.' }), { reason: 'empty' });
  }

  const signature = await checkSignature(rawBody, req.header(SIGNATURE_HEADER), deps.secret, deps.now());
  if (!signature.ok) {
    return respond(json(401, { error: `Unauthorized: ${signature.message}` }), { reason: `signature-${signature.reason}` });
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return respond(json(400, { error: 'Malformed body: not valid JSON.' }), { reason: 'json' });
  }
  const doc = parseWebhookDocument(parsed);
  if (!doc) {
    return respond(json(400, { error: 'Malformed body: expected a JSON object with string _id and _type (projection {_id, _type, _rev}).' }), {
      reason: 'shape',
    });
  }
  const fields = { id: doc._id, type: doc._type, rev: doc._rev };
  // Drafts and release versions never reach the site.
  if (isDraftOrVersionId(doc._id)) return respond(ignored('draft'), { ...fields, reason: 'draft' });
  if (!rebuildsOnPublish(doc._type)) return respond(ignored('type not rendered'), { ...fields, reason: 'type' });
  const request = requestOf(doc._type);
  const handleRequest = deps.request;
  if (request && !handleRequest) return respond(ignored('request not served here'), { ...fields, reason: 'request' });

  // A replay is recognised by any of: Sanity's idempotency key (per delivery, unsigned header),
  // the document revision and operation (signed), or the exact signature (signed).
  const operation = doc.operation ?? req.header('sanity-operation') ?? '';
  const idempotencyKey = req.header('idempotency-key');
  const keys = [`sig:${signature.digest}`];
  if (idempotencyKey) keys.push(`idem:${idempotencyKey}`);
  if (doc._rev) keys.push(`rev:${doc._id}:${doc._rev}:${operation}`);
  let seen: string | undefined;
  try {
    seen = await deps.store.claim(keys, deps.now());
  } catch (error) {
    // Without the store a replay cannot be told from a new delivery: let Sanity retry later
    // rather than build on every replay.
    return respond(json(503, { error: 'Repeated deliveries cannot be checked right now; Sanity will retry the delivery.' }, { 'Retry-After': '60' }), {
      ...fields,
      reason: 'replay-store',
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  if (seen) {
    return respond(json(409, { error: 'Repeated delivery: this webhook was already accepted.', document: { _id: doc._id, _type: doc._type } }), {
      ...fields,
      reason: `replay-${seen.slice(0, seen.indexOf(':'))}`,
    });
  }

  try {
    const result = request && handleRequest ? await handleRequest(request, doc) : await deps.trigger(doc);
    return respond(json(202, { status: 'accepted', document: { _id: doc._id, _type: doc._type }, ...result.detail }), { ...fields, reason: 'accepted' });
  } catch (error) {
    // Let Sanity's retry of this delivery through. If the store fails here too, the retry gets
    // 409 (the log says so) and the daily rebuild catches up.
    const releaseError = await deps.store.release(keys).then(
      () => undefined,
      (failure: unknown) => (failure instanceof Error ? failure.message : String(failure)),
    );
    const message = error instanceof Error ? error.message : String(error);
    return respond(json(502, { error: `The ${request ? 'request' : 'build'} could not be triggered; Sanity will retry the delivery.` }), {
      ...fields,
      reason: 'trigger-failed',
      detail: message,
      ...(releaseError ? { releaseError } : {}),
    });
  }
}

/** Turns a `WebhookResponse` into a web `Response`. */
export function toResponse(result: WebhookResponse): Response {
  if (result.body === undefined) return new Response(null, { status: result.status, headers: result.headers });
  return new Response(JSON.stringify(result.body), {
    status: result.status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...result.headers },
  });
}
