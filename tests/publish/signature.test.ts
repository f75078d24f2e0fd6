import { encodeSignatureHeader } from '@sanity/webhook';
import { describe, expect, it } from 'vitest';
import { checkSignature, signBody } from '../../core/publish/signature.ts';

const secret = 'unit-secret-0123456789abcdef';
const body = '{"_id":"service.a","_type":"service","_rev":"r1"}';
const now = 1_750_000_000_000;

describe('checkSignature', () => {
  it('accepts a signature made by @sanity/webhook for the exact body', async () => {
    const header = await encodeSignatureHeader(body, now, secret);
    expect(await checkSignature(body, header, secret, now)).toMatchObject({ ok: true, timestamp: now });
  });

  it('accepts the header with a space after the comma', async () => {
    const header = (await signBody(body, secret, now)).replace(',', ', ');
    expect((await checkSignature(body, header, secret, now)).ok).toBe(true);
  });

  it('rejects a changed body, a wrong secret, a missing or malformed header', async () => {
    const header = await signBody(body, secret, now);
    expect(await checkSignature(`${body} `, header, secret, now)).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(await checkSignature(body, header, 'another-secret-0123456789', now)).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(await checkSignature(body, undefined, secret, now)).toMatchObject({ ok: false, reason: 'missing' });
    expect(await checkSignature(body, 'sha256=abc', secret, now)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(await checkSignature(body, 't=12,v1=abc', secret, now)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('accepts timestamps up to 5 minutes old or ahead, and rejects beyond', async () => {
    const fiveMinutes = 5 * 60 * 1000;
    for (const [offset, expected] of [
      [-fiveMinutes, true],
      [fiveMinutes, true],
      [-fiveMinutes - 1, 'stale'],
      [fiveMinutes + 1, 'future'],
    ] as const) {
      const result = await checkSignature(body, await signBody(body, secret, now + offset), secret, now);
      if (expected === true) expect(result.ok).toBe(true);
      else expect(result).toMatchObject({ ok: false, reason: expected });
    }
  });

  it('never puts the secret into its messages', async () => {
    const results = await Promise.all([
      checkSignature(body, await signBody(body, 'x'.repeat(20), now), secret, now),
      checkSignature(body, await signBody(body, secret, now - 10 * 60 * 1000), secret, now),
    ]);
    for (const result of results) expect(JSON.stringify(result)).not.toContain(secret);
  });
});
