// Both receivers of page feedback run the shared handler: the Netlify Function (called with a web
// Request, storing through @sanity/client into the local Content Lake) and the publish
// server's route (a Node server), each with the site's own result page and headers.
import type { Context } from '@netlify/functions';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Challenge } from 'altcha-lib/types';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import feedback, { config as functionConfig } from '../../netlify/functions/feedback.ts';
import { CHALLENGE_PATH, FEEDBACK_PATH, LIMITS, MIN_FILL_MS } from '../../core/feedback/model.ts';
import { serveDist, type ServedSite } from '../helpers/browser.ts';
import { serveSiteWithFeedback, type FeedbackSite } from '../helpers/feedback-site.ts';
import { startRecordingLake, type RecordingLake } from '../helpers/lake.ts';
import { REPORT } from './helpers.ts';

const TOKEN = 'skNetlifyFeedbackToken0123456789abcdefgh';
const context = { ip: '203.0.113.5' } as Context;
const SITE_CSP_MARK = "'wasm-unsafe-eval'"; // only netlify.toml's policy has it

async function solved(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  return JSON.stringify({ challenge, solution: { counter: solution!.counter, derivedKey: solution!.derivedKey } });
}

describe('the Netlify Function', () => {
  let site: ServedSite;
  let sanity: RecordingLake;
  const saved = { ...process.env };
  beforeAll(async () => {
    site = await serveDist();
    sanity = await startRecordingLake({ token: TOKEN });
  });
  afterAll(async () => {
    await site.close();
    await sanity.close();
  });
  afterEach(() => {
    process.env = { ...saved };
    vi.restoreAllMocks();
  });

  const call = (path: string, init: RequestInit = {}) => feedback(new Request(`${site.url}${path}`, init), context);

  it('serves the paths the forms use (literal in the config, as Netlify reads it)', () => {
    expect(functionConfig.path).toEqual([FEEDBACK_PATH, CHALLENGE_PATH]);
  });

  it('without its token answers 503 with a message for the citizen, in the site layout', async () => {
    delete process.env.SANITY_FEEDBACK_TOKEN;
    process.env.SANITY_PROJECT_ID = 'abc123de';
    const response = await call(FEEDBACK_PATH, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(REPORT) });
    expect(response.status).toBe(503);
    const html = await response.text();
    expect(html).toContain('Ihre Rückmeldung konnte gerade nicht gespeichert werden');
    expect(html).toContain('Zum Inhalt springen');
    expect(response.headers.get('content-security-policy')).toContain(SITE_CSP_MARK);
  });

  it('stores a report in Sanity with the proof of work; the same proof again is refused', async () => {
    Object.assign(process.env, { SANITY_PROJECT_ID: 'abc123de', SANITY_API_HOST: sanity.apiHost, SANITY_FEEDBACK_TOKEN: TOKEN });
    const challenge = (await (await call(CHALLENGE_PATH)).json()) as Challenge;
    const altcha = await solved(challenge);
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + MIN_FILL_MS + 1000);
    const post = () => call(FEEDBACK_PATH, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: new URLSearchParams({ ...REPORT, altcha }) });
    const first = await post();
    expect(first.status, await first.clone().text()).toBe(201);
    expect((await post()).status).toBe(409);
    expect([...sanity.store.documents.values()].map(({ _id, _type, problem }) => ({ _id, _type, problem }))).toEqual([
      { _id: `feedback.${challenge.parameters.nonce}`, _type: 'feedback', problem: 'Die Gebühr ist falsch. Schreiben Sie mir: [E-Mail-Adresse entfernt]' },
    ]);
  });

  it('without JavaScript: the check step in the site layout, with the site headers', async () => {
    Object.assign(process.env, { SANITY_PROJECT_ID: 'abc123de', SANITY_API_HOST: sanity.apiHost, SANITY_FEEDBACK_TOKEN: TOKEN });
    const response = await call(FEEDBACK_PATH, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(REPORT) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain(SITE_CSP_MARK);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('<title>Bitte prüfen und absenden – Kassel Service Point</title>');
    expect(html).toContain('href="/datenschutz/"');
    expect(html).not.toContain('<!--ksp-feedback-result-->');
  });
});

describe('the publish server route', () => {
  let site: FeedbackSite;
  beforeAll(async () => {
    site = await serveSiteWithFeedback();
  });
  afterAll(() => site.close());

  it('answers the check step with the headers of netlify.toml, once each', async () => {
    const response = await fetch(`${site.url}${FEEDBACK_PATH}`, { method: 'POST', body: new URLSearchParams(REPORT) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain(SITE_CSP_MARK);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(await response.text()).toContain('Bitte prüfen und absenden');
  });

  it('an oversized body without Content-Length (chunked) gets the usual 413 answer, and the connection closes cleanly', async () => {
    const { port } = new URL(site.url);
    // A raw socket: fetch would not show a reset apart from a refusal.
    const answer = await new Promise<{ text: string; error?: string }>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1');
      let text = '';
      const timer = setTimeout(() => socket.destroy(new Error('timed out')), 10_000);
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('error', (error) => (clearTimeout(timer), resolve({ text, error: (error as NodeJS.ErrnoException).code ?? error.message })));
      socket.on('close', () => (clearTimeout(timer), resolve({ text })));
      socket.write(`POST ${FEEDBACK_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
      const chunk = 'a'.repeat(4096);
      // Four times the limit, then the end of the body: a bounded client.
      for (let sent = 0; sent < LIMITS.bodyBytes * 4; sent += chunk.length) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      socket.write('0\r\n\r\n');
    });
    expect(answer.error).toBeUndefined();
    expect(answer.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.text.toLowerCase()).toContain('connection: close');
    expect(answer.text).toContain('"status":"tooLarge"');
  });

  it('rate-limits by the address the proxy in front reports, not by the proxy', async () => {
    const statuses = async (forwardedFor: string) => {
      const result: number[] = [];
      for (let i = 0; i < 12; i += 1) {
        const response = await fetch(`${site.url}${CHALLENGE_PATH}`, { headers: { 'x-forwarded-for': `198.51.100.1, ${forwardedFor}` } });
        result.push(response.status);
      }
      return result;
    };
    expect(await statuses('192.0.2.10')).not.toContain(429);
    expect(await statuses('192.0.2.10')).toContain(429);
    expect(await statuses('192.0.2.11')).not.toContain(429);
  });
});
