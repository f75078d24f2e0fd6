// The handler against abuse and mistakes: every case ends with what was stored (usually
// nothing), so no case passes by accident. The proof of work is solved for real.
import { describe, expect, it } from 'vitest';
import { LIMITS, MIN_FILL_MS } from '../../core/feedback/model.ts';
import { issueCheckToken } from '../../core/feedback/proof.ts';
import { PLACEHOLDERS } from '../../core/feedback/scrub.ts';
import { checkStepOf, createTestHandler, form, json, REPORT } from './helpers.ts';

const later = (handler: ReturnType<typeof createTestHandler>, ms = MIN_FILL_MS + 500) => {
  handler.clock.now += ms;
};

describe('a citizen with JavaScript', () => {
  it('stores a report with the proof of work: scrubbed text, the contact kept, a private id, a weak reference', async () => {
    const handler = createTestHandler();
    const proof = await handler.proof();
    later(handler);
    const response = await handler.send({ body: form({ ...REPORT, altcha: proof }) });
    expect(response.status, response.body).toBe(201);
    expect(json(response).status).toBe('stored');
    const [doc] = [...handler.store.documents.values()];
    expect(doc).toMatchObject({
      _type: 'feedback',
      page: REPORT.page,
      document: { _type: 'reference', _ref: 'service.reisepass', _weak: true },
      language: 'de',
      category: 'fehler',
      task: 'Einen Termin finden',
      problem: `Die Gebühr ist falsch. Schreiben Sie mir: ${PLACEHOLDERS.email}`,
      contact: 'anna.muster@example.de',
      status: 'neu',
    });
    expect(doc!._id).toMatch(/^feedback\.[0-9a-f]{32}$/);
    // No address, no hash of it, nothing about the client in the document or the log.
    expect(JSON.stringify(doc)).not.toContain('203.0.113.7');
    expect(JSON.stringify(handler.logs)).not.toContain('203.0.113.7');
  });

  it('stores a rating', async () => {
    const handler = createTestHandler();
    const proof = await handler.proof();
    later(handler);
    const response = await handler.send({ body: form({ kind: 'rating', page: '/oeffnungszeiten/', lang: 'de', helpful: 'nein', altcha: proof }) });
    expect(response.status).toBe(201);
    expect([...handler.store.documents.values()][0]).toMatchObject({ helpful: false, page: '/oeffnungszeiten/' });
  });

  it('answers field problems with a message per field, in the page language, and keeps the proof usable', async () => {
    const handler = createTestHandler();
    const proof = await handler.proof();
    later(handler);
    const response = await handler.send({ body: form({ ...REPORT, lang: 'en', problem: '', contact: 'x'.repeat(LIMITS.contact + 1), altcha: proof }) });
    expect(response.status).toBe(400);
    expect(json(response).errors).toEqual([
      { field: 'problem', message: 'Please describe what went wrong.' },
      { field: 'contact', message: 'Please use 200 characters or fewer for your contact details.' },
    ]);
    expect(handler.store.documents.size).toBe(0);
    const fixed = await handler.send({ body: form({ ...REPORT, lang: 'en', altcha: proof }) });
    expect(fixed.status).toBe(201);
  });
});

describe('abuse', () => {
  it('no proof of work: refused, nothing stored', async () => {
    const handler = createTestHandler();
    const response = await handler.send({ body: form({ ...REPORT }) });
    expect(response.status).toBe(403);
    expect(handler.store.documents.size).toBe(0);
  });

  it('a forged or tampered proof: refused, nothing stored', async () => {
    const handler = createTestHandler();
    const proof = JSON.parse(await handler.proof()) as { challenge: { parameters: { cost: number } }; solution: { derivedKey: string } };
    later(handler);
    const cheaper = structuredClone(proof);
    cheaper.challenge.parameters.cost = 1;
    // The derived key is the proof (the server signed it when issuing the challenge).
    const guessedKey = structuredClone(proof);
    guessedKey.solution.derivedKey = `${guessedKey.solution.derivedKey.slice(0, -1)}${guessedKey.solution.derivedKey.endsWith('0') ? '1' : '0'}`;
    for (const bad of [cheaper, guessedKey, { challenge: { parameters: {} }, solution: {} }, 'not json']) {
      const response = await handler.send({ body: form({ ...REPORT, altcha: typeof bad === 'string' ? bad : JSON.stringify(bad) }) });
      expect(response.status).toBe(403);
    }
    expect(handler.store.documents.size).toBe(0);
  });

  it('a replayed proof: the second post is refused, the feedback is stored once', async () => {
    const handler = createTestHandler();
    const proof = await handler.proof();
    later(handler);
    const first = await handler.send({ body: form({ ...REPORT, altcha: proof }) });
    const second = await handler.send({ body: form({ ...REPORT, problem: 'Ein anderer Text', altcha: proof }) });
    expect([first.status, second.status]).toEqual([201, 409]);
    expect(handler.store.documents.size).toBe(1);
  });

  it('a replay that reaches another instance is stopped by the store (Sanity refuses the existing id)', async () => {
    const first = createTestHandler();
    const proof = await first.proof();
    later(first);
    expect((await first.send({ body: form({ ...REPORT, altcha: proof }) })).status).toBe(201);
    // Same secret and store, fresh memory: a cold function instance.
    const second = createTestHandler({ store: first.store });
    second.clock.now = first.clock.now;
    expect((await second.send({ body: form({ ...REPORT, altcha: proof }) })).status).toBe(409);
    expect(first.store.documents.size).toBe(1);
  });

  it('a filled honeypot: answered like a success, nothing stored', async () => {
    const handler = createTestHandler();
    const proof = await handler.proof();
    later(handler);
    const response = await handler.send({ body: form({ ...REPORT, website: 'https://spam.example', altcha: proof }) });
    expect(response.status).toBe(201);
    expect(handler.store.documents.size).toBe(0);
    expect(handler.logs.at(-1)).toMatchObject({ reason: 'honeypot', stored: false });
  });

  it('too fast: refused until a person could have filled in the form, then accepted', async () => {
    const handler = createTestHandler();
    const proof = await handler.proof();
    later(handler, MIN_FILL_MS - 500);
    const fast = await handler.send({ body: form({ ...REPORT, altcha: proof }) });
    expect(fast.status).toBe(422);
    expect(handler.store.documents.size).toBe(0);
    later(handler, 1000);
    expect((await handler.send({ body: form({ ...REPORT, altcha: proof }) })).status).toBe(201);
  });

  it('an expired challenge: refused', async () => {
    const handler = createTestHandler();
    const proof = await handler.proof();
    later(handler, 31 * 60 * 1000);
    const response = await handler.send({ body: form({ ...REPORT, altcha: proof }) });
    expect([response.status, json(response).status]).toEqual([403, 'expired']);
    expect(handler.store.documents.size).toBe(0);
  });

  it('too big: 413 before reading further, nothing stored', async () => {
    const handler = createTestHandler();
    const response = await handler.send({ body: 'too-large' });
    expect(response.status).toBe(413);
    const justTooLong = await handler.send({ body: form({ ...REPORT, problem: 'x'.repeat(LIMITS.problem + 1), altcha: await handler.proof() }) });
    expect(justTooLong.status).toBe(400);
    expect(handler.store.documents.size).toBe(0);
  });

  it('100 posts from one client within a minute: limited after a few, stored once, another client unaffected', async () => {
    const handler = createTestHandler();
    const proof = await handler.proof();
    later(handler);
    const statuses: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      handler.clock.now += 500;
      statuses.push((await handler.send({ body: form({ ...REPORT, altcha: proof }) })).status);
    }
    expect(statuses[0]).toBe(201);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(85);
    expect(statuses.slice(1).every((status) => status === 409 || status === 429)).toBe(true);
    expect(handler.store.documents.size).toBe(1);
    const other = await handler.send({ body: form({ ...REPORT, altcha: await handler.proof('198.51.100.9') }), clientAddress: '198.51.100.9' });
    expect(other.status).toBe(422); // not limited: only too fast for its own fresh challenge
  });

  it('fetching challenges in bulk is limited too', async () => {
    const handler = createTestHandler();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) statuses.push((await handler.send({ method: 'GET', path: '/api/feedback/challenge' })).status);
    expect(statuses.filter((status) => status === 200).length).toBe(20);
    expect(statuses.at(-1)).toBe(429);
  });

  it('malformed posts: unknown or repeated fields, a foreign page, a draft id, a cross-site form, not a form', async () => {
    const handler = createTestHandler();
    const proof = await handler.proof();
    later(handler);
    const bodies = [
      `${new URLSearchParams({ ...REPORT, altcha: proof })}&extra=1`,
      `${new URLSearchParams({ ...REPORT, altcha: proof })}&problem=again`,
      new URLSearchParams({ ...REPORT, page: 'https://evil.example/', altcha: proof }).toString(),
      new URLSearchParams({ ...REPORT, page: '/a/../../etc', altcha: proof }).toString(),
      new URLSearchParams({ ...REPORT, document: 'drafts.service.reisepass', altcha: proof }).toString(),
      new URLSearchParams({ ...REPORT, kind: 'rating', altcha: proof }).toString(),
      new URLSearchParams({ ...REPORT, category: 'lob', altcha: proof }).toString(),
    ];
    for (const body of bodies) expect((await handler.send({ body: new TextEncoder().encode(body) })).status, body.slice(0, 60)).toBe(400);
    expect((await handler.send({ body: form({ ...REPORT, altcha: proof }), headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(403);
    expect((await handler.send({ body: form({ ...REPORT, altcha: proof }), headers: { 'content-type': 'application/json' } })).status).toBe(415);
    expect((await handler.send({ method: 'GET' })).status).toBe(405);
    expect(handler.store.documents.size).toBe(0);
  });
});

describe('without JavaScript: the check step', () => {
  const html = { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };

  it('the first post shows the form again with a token; sending it a moment later stores it', async () => {
    const handler = createTestHandler();
    const step1 = await handler.send({ body: form({ ...REPORT }), headers: html });
    expect(step1.status).toBe(200);
    expect(step1.headers['content-type']).toContain('text/html');
    expect(step1.headers['cache-control']).toBe('no-store');
    expect(step1.headers['content-security-policy']).toContain("default-src 'none'");
    expect(step1.body).toContain('Bitte prüfen und absenden');
    expect(step1.body).toContain('Die Gebühr ist falsch. Schreiben Sie mir: anna.muster@example.de</textarea>');
    expect(handler.store.documents.size).toBe(0);
    const { token, answer } = checkStepOf(step1.body);

    const tooEarly = await handler.send({ body: form({ ...REPORT, token, answer }), headers: html });
    expect(tooEarly.status).toBe(200);
    expect(tooEarly.body).toContain('Das ging sehr schnell');
    expect(handler.store.documents.size).toBe(0);

    later(handler);
    const step2 = await handler.send({ body: form({ ...REPORT, token, answer }), headers: html });
    expect(step2.status).toBe(201);
    expect(step2.body).toContain('Vielen Dank für Ihre Rückmeldung');
    expect(step2.body).toContain(`href="${REPORT.page}"`);
    expect(handler.store.documents.size).toBe(1);
    expect((await handler.send({ body: form({ ...REPORT, token, answer }), headers: html })).status).toBe(409);
    expect(handler.store.documents.size).toBe(1);
  });

  it('a forged token is refused; missing text is shown as an error next to the field', async () => {
    const handler = createTestHandler();
    const forged = issueCheckToken({ signature: 'another-secret', keySignature: 'x' }, handler.clock.now - 60_000);
    // Even answered right: the forger knows its own question.
    const answer = String(forged.question.a + forged.question.b);
    expect((await handler.send({ body: form({ ...REPORT, token: forged.token, answer }), headers: html })).status).toBe(403);
    const missing = await handler.send({ body: form({ ...REPORT, problem: '' }), headers: html });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('Bitte beschreiben Sie, was schiefgelaufen ist.');
    expect(missing.body).toContain('aria-invalid="true"');
    expect(handler.store.documents.size).toBe(0);
  });

  it('the token alone is worth nothing to a bot: no answer or a wrong one stores nothing and spends the token', async () => {
    const handler = createTestHandler();
    // The two requests that skipped ALTCHA before: get a token, send it back after the fill time.
    const { token, answer } = checkStepOf((await handler.send({ body: form({ ...REPORT }), headers: html })).body);
    later(handler);
    const unanswered = await handler.send({ body: form({ ...REPORT, token }), headers: html });
    expect(unanswered.status).toBe(400);
    expect(unanswered.body).toContain('Bitte beantworten Sie die Kontrollfrage.');
    expect(handler.store.documents.size).toBe(0);
    // Spent: the right answer with the same token is a repeat now, and so is any guess.
    expect((await handler.send({ body: form({ ...REPORT, token, answer }), headers: html })).status).toBe(409);
    // As JSON (a bot skipping the page) the token alone is refused too.
    const fresh = checkStepOf(unanswered.body);
    later(handler);
    expect((await handler.send({ body: form({ ...REPORT, token: fresh.token }) })).status).toBe(403);
    expect((await handler.send({ body: form({ ...REPORT, token: fresh.token, answer: fresh.answer }) })).status).toBe(409);
    expect(handler.store.documents.size).toBe(0);
  });

  it('a wrong answer shows the next question with the error next to the field, the text kept; the right answer, also as a word, stores', async () => {
    const handler = createTestHandler();
    const english = { ...REPORT, lang: 'en' };
    const first = checkStepOf((await handler.send({ body: form(english), headers: html })).body);
    later(handler);
    const wrong = await handler.send({ body: form({ ...english, token: first.token, answer: String(Number(first.answer) + 1) }), headers: html });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('That result is not right. Please answer the new check question.');
    expect(wrong.body).toMatch(/<label for="check-answer" class="block font-semibold">Check question: what is \w+ plus \w+\?<\/label>/);
    expect(wrong.body).toContain('aria-describedby="check-answer-hint check-answer-error"');
    expect(wrong.body).toContain('inputmode="numeric"');
    expect(wrong.body).toContain('<a href="#check-answer">');
    expect(wrong.body).toContain('Die Gebühr ist falsch. Schreiben Sie mir: anna.muster@example.de</textarea>');
    expect(handler.store.documents.size).toBe(0);
    const second = checkStepOf(wrong.body);
    later(handler);
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen'];
    const stored = await handler.send({ body: form({ ...english, token: second.token, answer: ` ${words[Number(second.answer)]!.toUpperCase()} ` }), headers: html });
    expect(stored.status).toBe(201);
    expect(handler.store.documents.size).toBe(1);
  });

  it('escapes everything the citizen typed', async () => {
    const handler = createTestHandler();
    const response = await handler.send({ body: form({ ...REPORT, problem: '<script>alert(1)</script>"><img src=x>' }), headers: html });
    expect(response.body).not.toContain('<script>alert');
    expect(response.body).not.toContain('<img src=x>');
    expect(response.body).toContain('&#60;script&#62;');
  });
});

describe('when Sanity is unreachable', () => {
  it('says so clearly (503) and lets the same proof through once Sanity is back', async () => {
    const handler = createTestHandler();
    const proof = await handler.proof();
    later(handler);
    handler.store.setReachable(false);
    const down = await handler.send({ body: form({ ...REPORT, altcha: proof }) });
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBe('120');
    expect(json(down).message).toContain('konnte gerade nicht gespeichert werden');
    handler.store.setReachable(true);
    expect((await handler.send({ body: form({ ...REPORT, altcha: proof }) })).status).toBe(201);
    expect(handler.store.documents.size).toBe(1);
  });
});

describe('when Sanity is unreachable, without JavaScript', () => {
  it('the check page comes back with the text and the message, nothing is lost or stored', async () => {
    const handler = createTestHandler();
    const html = { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
    const { token, answer } = checkStepOf((await handler.send({ body: form({ ...REPORT }), headers: html })).body);
    later(handler);
    handler.store.setReachable(false);
    const down = await handler.send({ body: form({ ...REPORT, token, answer }), headers: html });
    expect(down.status).toBe(503);
    expect(down.body).toContain('Ihre Rückmeldung konnte gerade nicht gespeichert werden');
    expect(down.body).toContain('Die Gebühr ist falsch. Schreiben Sie mir: anna.muster@example.de</textarea>');
    expect(handler.store.documents.size).toBe(0);
  });
});
