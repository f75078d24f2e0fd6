// Helpers for the feedback tests: a solved proof of work (altcha-lib's own solver, as the
// browser script uses it), form bodies, and the handler with injected memory, clock and log.
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Challenge } from 'altcha-lib/types';
import { handleFeedbackRequest, type FeedbackDeps, type FeedbackRequest, type FeedbackResponse } from '../../core/feedback/handler.ts';
import { CHALLENGE_PATH, CHALLENGE_TTL_MS, FEEDBACK_PATH } from '../../core/feedback/model.ts';
import { deriveProofSecrets } from '../../core/feedback/proof.ts';
import { readAnswer } from '../../core/feedback/question.ts';
import { createRateLimiter } from '../../core/feedback/rate-limit.ts';
import { createMemoryReplayStore } from '../../core/publish/replay-store.ts';
import { createMemoryFeedbackStore } from '../helpers/feedback-site.ts';

export const SERVER_SECRET = 'skHandlerTestToken0123456789abcdefghijkl';

export function createTestHandler(overrides: Partial<FeedbackDeps> = {}) {
  const store = createMemoryFeedbackStore();
  const logs: Record<string, unknown>[] = [];
  const clock = { now: Date.now() };
  const deps: FeedbackDeps = {
    secrets: deriveProofSecrets(SERVER_SECRET),
    store,
    replay: createMemoryReplayStore({ ttlMs: CHALLENGE_TTL_MS + 60_000 }),
    limiter: createRateLimiter(),
    now: () => clock.now,
    log: (event) => logs.push(event),
    loadTemplate: async () => undefined,
    ...overrides,
  };
  return {
    store,
    logs,
    clock,
    deps,
    send: (req: RequestOverrides) => handleFeedbackRequest(request(req), deps),
    /** Fetches a challenge and solves it, as the browser script does. */
    async proof(clientAddress = '203.0.113.7'): Promise<string> {
      const response = await handleFeedbackRequest(request({ method: 'GET', path: CHALLENGE_PATH, clientAddress }), deps);
      if (response.status !== 200) throw new Error(`challenge: ${response.status} ${response.body}`);
      const challenge = JSON.parse(response.body) as Challenge;
      const solution = await solveChallenge({ challenge, deriveKey });
      if (!solution) throw new Error('no solution');
      return JSON.stringify({ challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } });
    },
  };
}

type RequestOverrides = Partial<FeedbackRequest> & { headers?: Record<string, string> };

export function request({ headers: extra, ...overrides }: RequestOverrides = {}): FeedbackRequest {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...extra };
  return {
    method: 'POST',
    path: FEEDBACK_PATH,
    header: (name) => headers[name],
    body: new Uint8Array(),
    clientAddress: '203.0.113.7',
    ...overrides,
  };
}

export const REPORT = {
  kind: 'report',
  page: '/dienstleistungen/reisepass-beantragen/',
  document: 'service.reisepass',
  lang: 'de',
  category: 'fehler',
  task: 'Einen Termin finden',
  problem: 'Die Gebühr ist falsch. Schreiben Sie mir: anna.muster@example.de',
  contact: 'anna.muster@example.de',
} as const;

export function form(fields: Record<string, string>): Uint8Array {
  return new TextEncoder().encode(new URLSearchParams(fields).toString());
}

export function json(response: FeedbackResponse): { status: string; message: string; errors?: { field: string; message: string }[] } {
  return JSON.parse(response.body) as { status: string; message: string; errors?: { field: string; message: string }[] };
}

/** What a person reads on a check page: its token and the answer to its question, as digits. */
export function checkStepOf(html: string): { token: string; answer: string } {
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  const question = /(?:Wie viel ist|what is) (\S+) plus (\S+)\?/.exec(html);
  if (!token || !question) throw new Error(`no check step in ${html.slice(0, 200)}`);
  return { token, answer: String(readAnswer(question[1]!)! + readAnswer(question[2]!)!) };
}
