// How the event function deploy-succeeded starts the background function link-check-background,
// and how the latter knows a start is genuine. Anyone can call a function's URL; an unsigned call
// does nothing. The body is signed like a Sanity webhook delivery (timestamp and HMAC-SHA256,
// ±5 minutes: core/publish/signature.ts), with a key derived from SANITY_WEBHOOK_SECRET for this
// purpose only, so a signature made for one can never pass as the other. The body names only the
// deploy, for the log: which addresses are checked is never the caller's choice (the function
// checks the list its own deploy was built with).
import { createHmac } from 'node:crypto';
import { readWebBody } from '../../core/http/read-body.ts';
import { PublishConfigError } from '../../core/publish/env.ts';
import type { Logger } from '../../core/publish/log.ts';
import { checkSignature, signBody } from '../../core/publish/signature.ts';
import type { FunctionConfig } from './config.ts';

export const LINK_CHECK_FUNCTION_PATH = '/.netlify/functions/link-check-background';
export const LINK_CHECK_SIGNATURE_HEADER = 'x-ksp-link-check-signature';
/** A start is a few dozen bytes; anything larger is not one. */
const MAX_START_BYTES = 1024;

/**
 * The link check's settings as both functions read them: `preview` on the drafts preview site
 * (asked for nothing, so it needs no webhook secret), `off` with LINK_CHECK=off, `invalid` when a
 * setting is wrong (logged, naming what to fix).
 */
export function readLinkCheckSettings(config: FunctionConfig, log: Logger): { secret: string } | 'preview' | 'off' | 'invalid' {
  if (config.previewSite) return 'preview';
  try {
    return config.linkCheck() ?? 'off';
  } catch (error) {
    if (!(error instanceof PublishConfigError)) throw error;
    log({ event: 'link-check', status: 500, reason: 'config', detail: error.message });
    return 'invalid';
  }
}

function startKey(secret: string): string {
  return createHmac('sha256', secret).update('ksp-link-check-start/v1').digest('base64url');
}

/** The request deploy-succeeded sends: a JSON body naming the deploy, and its signature. */
export async function signedStart(deploy: string | undefined, secret: string, now = Date.now()): Promise<{ body: string; headers: Record<string, string> }> {
  const body = JSON.stringify({ deploy: deploy ?? null });
  return { body, headers: { 'Content-Type': 'application/json', [LINK_CHECK_SIGNATURE_HEADER]: await signBody(body, startKey(secret), now) } };
}

export type StartCheck = { ok: true; deploy: string | null } | { ok: false; status: 400 | 401 | 405 | 413; reason: string };

/** Whether `request` is a genuine start: POST, small, signed with the derived key within the last five minutes. */
export async function verifyStart(request: Request, secret: string, now = Date.now()): Promise<StartCheck> {
  if (request.method !== 'POST') return { ok: false, status: 405, reason: 'not a POST' };
  const body = await readWebBody(request, MAX_START_BYTES);
  if (body === 'too-large') return { ok: false, status: 413, reason: 'body too large' };
  const text = new TextDecoder().decode(body);
  const signature = await checkSignature(text, request.headers.get(LINK_CHECK_SIGNATURE_HEADER) ?? undefined, startKey(secret), now);
  if (!signature.ok) return { ok: false, status: 401, reason: signature.reason };
  try {
    const value = JSON.parse(text) as { deploy?: unknown };
    return { ok: true, deploy: typeof value.deploy === 'string' ? value.deploy : null };
  } catch {
    return { ok: false, status: 400, reason: 'body is not JSON' };
  }
}
