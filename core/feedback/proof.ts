// The two ways a submission proves it comes from a person's browser, neither with a cookie:
//
//   - with JavaScript: an ALTCHA proof of work (altcha-lib, PBKDF2/SHA-256). The server signs a
//     challenge that says when it was issued; the browser searches the counter that derives the
//     signed key prefix. Verification is one HMAC thanks to the key signature.
//   - without JavaScript: the check step. The first post only shows the citizen what will be
//     sent, with a signed token that says when it was issued, and a check question (the sum of
//     two small numbers, written as words); the second post stores it only with the right
//     answer. A browser without JavaScript cannot do work for us, so a person does: the token
//     alone, which costs a bot two requests, is worth nothing. The token holds only a keyed hash
//     of the answer, so it cannot be read off; a wrong answer burns the token (the handler claims
//     its nonce), so guessing costs a request and a fresh token per guess, under the rate limit.
//
// Both carry a random nonce that becomes the document id, so each proof is usable once, and an
// issue time, so a post faster than a person can fill in the form is refused.
import { createHmac, randomBytes, randomInt as secureRandomInt, timingSafeEqual } from 'node:crypto';
import { createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Challenge, Payload } from 'altcha-lib/types';
import { CHALLENGE_TTL_MS } from './model.ts';
import { readAnswer, type CheckQuestion } from './question.ts';

/**
 * Proof-of-work difficulty: PBKDF2 iterations per attempt, and the range of attempts needed. The
 * average (700 attempts) took 0.1–0.3 s in headless Chromium on the development machine, so an
 * older phone finishes within about the 2 s minimum fill time that runs at the same time.
 */
export const POW = { algorithm: 'PBKDF2/SHA-256', cost: 1000, minCounter: 200, maxCounter: 1200 } as const;

export interface ProofSecrets {
  /** Signs challenges and check tokens. */
  signature: string;
  /** Signs the derived key, so verifying a solution costs one HMAC instead of a key derivation. */
  keySignature: string;
}

/** Both secrets from one server secret (labelled HMACs), so operators manage a single value. */
export function deriveProofSecrets(serverSecret: string): ProofSecrets {
  const derive = (label: string) => createHmac('sha256', serverSecret).update(`ksp-feedback:${label}`).digest('hex');
  return { signature: derive('challenge-v1'), keySignature: derive('key-signature-v1') };
}

export interface VerifiedProof {
  nonce: string;
  issuedAt: number;
}

export type ProofFailure = 'missing' | 'malformed' | 'expired' | 'invalid';

export async function issueChallenge(secrets: ProofSecrets, now: number): Promise<Challenge> {
  return createChallenge({
    algorithm: POW.algorithm,
    cost: POW.cost,
    counter: randomInt(POW.maxCounter, POW.minCounter),
    deriveKey,
    expiresAt: new Date(now + CHALLENGE_TTL_MS),
    data: { issuedAt: now },
    hmacSignatureSecret: secrets.signature,
    hmacKeySignatureSecret: secrets.keySignature,
  });
}

function parsePayload(raw: string): Payload | undefined {
  if (raw.length > 4096) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const payload = value as Partial<Payload> | null;
  const parameters = payload?.challenge?.parameters;
  if (!parameters || typeof parameters !== 'object' || typeof payload.challenge?.signature !== 'string') return undefined;
  if (typeof parameters.nonce !== 'string' || !/^[0-9a-f]{32}$/.test(parameters.nonce)) return undefined;
  if (typeof payload.solution !== 'object' || payload.solution === null) return undefined;
  return payload as Payload;
}

/** Checks an ALTCHA payload (JSON of `{challenge, solution}`) against our signature. */
export async function verifyPow(raw: string | null, secrets: ProofSecrets, now: number): Promise<VerifiedProof | ProofFailure> {
  if (raw === null || raw === '') return 'missing';
  const payload = parsePayload(raw);
  if (!payload) return 'malformed';
  const { parameters } = payload.challenge;
  const issuedAt = parameters.data?.issuedAt;
  if (typeof issuedAt !== 'number' || typeof parameters.expiresAt !== 'number') return 'malformed';
  if (parameters.expiresAt * 1000 < now) return 'expired';
  const result = await verifySolution({
    challenge: payload.challenge,
    solution: payload.solution,
    deriveKey,
    hmacSignatureSecret: secrets.signature,
    hmacKeySignatureSecret: secrets.keySignature,
  });
  if (result.expired) return 'expired';
  if (!result.verified) return 'invalid';
  return { nonce: parameters.nonce, issuedAt };
}

function sign(data: string, secret: string): string {
  return createHmac('sha256', secret).update(`check-token:${data}`).digest('base64url');
}

function answerTag(nonce: string, answer: number, secret: string): string {
  return createHmac('sha256', secret).update(`check-answer:${nonce}:${answer}`).digest('base64url').slice(0, 22);
}

/** A token for the check step, `<base64url {n, t, h}>.<HMAC>`, and the question it expects answered. */
export function issueCheckToken(secrets: ProofSecrets, now: number): { token: string; question: CheckQuestion } {
  const question = { a: secureRandomInt(1, 10), b: secureRandomInt(1, 10) };
  const nonce = randomBytes(16).toString('hex');
  const data = Buffer.from(JSON.stringify({ n: nonce, t: now, h: answerTag(nonce, question.a + question.b, secrets.signature) })).toString('base64url');
  return { token: `${data}.${sign(data, secrets.signature)}`, question };
}

export interface VerifiedCheckToken extends VerifiedProof {
  /** Whether the answer to the token's question is right; a wrong answer spends the token. */
  answered: boolean;
}

export function verifyCheckToken(token: string | null, answer: string | null, secrets: ProofSecrets, now: number): VerifiedCheckToken | ProofFailure {
  if (token === null || token === '') return 'missing';
  const match = /^([A-Za-z0-9_-]{1,300})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return 'malformed';
  const [, data, mac] = match as unknown as [string, string, string];
  const expected = Buffer.from(sign(data, secrets.signature));
  if (!timingSafeEqual(Buffer.from(mac), expected)) return 'invalid';
  let claims: { n?: unknown; t?: unknown; h?: unknown };
  try {
    claims = JSON.parse(Buffer.from(data, 'base64url').toString('utf8')) as { n?: unknown; t?: unknown; h?: unknown };
  } catch {
    return 'malformed';
  }
  if (typeof claims.n !== 'string' || !/^[0-9a-f]{32}$/.test(claims.n) || typeof claims.t !== 'number' || typeof claims.h !== 'string') return 'malformed';
  if (claims.t + CHALLENGE_TTL_MS < now) return 'expired';
  const given = readAnswer(answer);
  // The tag is in the token for all to see; comparing it needs no constant time.
  const answered = given !== undefined && answerTag(claims.n, given, secrets.signature) === claims.h;
  return { nonce: claims.n, issuedAt: claims.t, answered };
}
