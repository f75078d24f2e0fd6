// Verifies the `sanity-webhook-signature` header on the raw request body. @sanity/webhook computes
// the HMAC; it has no freshness window and compares strings in variable time, so both are added
// here: the timestamp must lie within ±5 minutes of now, and the digests are compared with
// crypto.timingSafeEqual.
import { timingSafeEqual } from 'node:crypto';
import { decodeSignatureHeader, encodeSignatureHeader } from '@sanity/webhook';

export const SIGNATURE_HEADER = 'sanity-webhook-signature';
/** How far the signed timestamp may lie in the past or the future. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

export type SignatureCheck =
  | { ok: true; timestamp: number; digest: string }
  | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' | 'stale' | 'future'; message: string };

/**
 * Checks `header` against `rawBody` (exactly the bytes received, decoded as UTF-8) and the
 * shared secret. `now` is passed in so tests can move the clock.
 */
export async function checkSignature(
  rawBody: string,
  header: string | undefined,
  secret: string,
  now: number,
  toleranceMs = SIGNATURE_TOLERANCE_MS,
): Promise<SignatureCheck> {
  if (!header) return { ok: false, reason: 'missing', message: `The ${SIGNATURE_HEADER} header is missing.` };
  let timestamp: number;
  let digest: string;
  try {
    ({ timestamp, hashedPayload: digest } = decodeSignatureHeader(header));
  } catch {
    return { ok: false, reason: 'malformed', message: `The ${SIGNATURE_HEADER} header is not of the form t=<ms>,v1=<signature>.` };
  }
  // Compute the digest for the claimed timestamp with @sanity/webhook, then compare in constant time.
  let expected: string;
  try {
    expected = decodeSignatureHeader(await encodeSignatureHeader(rawBody, timestamp, secret)).hashedPayload;
  } catch {
    return { ok: false, reason: 'malformed', message: `The ${SIGNATURE_HEADER} header carries an invalid timestamp.` };
  }
  const given = Buffer.from(digest);
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return { ok: false, reason: 'mismatch', message: 'The signature does not match the body and the shared secret.' };
  }
  // Freshness is checked after the HMAC so an unsigned request learns nothing about the clock.
  if (timestamp < now - toleranceMs) {
    return { ok: false, reason: 'stale', message: 'The signature timestamp is older than 5 minutes.' };
  }
  if (timestamp > now + toleranceMs) {
    return { ok: false, reason: 'future', message: 'The signature timestamp is more than 5 minutes in the future.' };
  }
  return { ok: true, timestamp, digest };
}

/** Signs a body the way Sanity does; for tests, the benchmark and local tools. */
export function signBody(rawBody: string, secret: string, timestamp = Date.now()): Promise<string> {
  return encodeSignatureHeader(rawBody, timestamp, secret);
}
