// The rules for page feedback, shared by the Netlify Function (netlify/functions/feedback.ts) and the
// publish server (server/feedback-route.ts), so both answer every request the same way:
//
//   GET  /api/feedback/challenge  a proof-of-work challenge (JSON) · 429 too many
//   POST /api/feedback            405 not POST · 403 cross-site · 429 too many · 413 too large ·
//                                 415 not a form · 400 malformed or a field to fix ·
//                                 200 check step (no JavaScript) · 400 check question not
//                                 answered right (no JavaScript) · 403 no or bad proof ·
//                                 422 faster than a person · 409 proof used before ·
//                                 201 stored · 202 kept and sent later · 503 store unreachable
//
// A browser script asks for JSON (`Accept: application/json`) and gets `{status, title,
// message, errors}`; a plain form post gets an HTML page. Everything here is pure apart from the
// injected store, replay memory, rate limiter, clock, log and template loader.
import type { BodyResult } from '../http/read-body.ts';
import type { Locale } from '../i18n/index.ts';
import { t } from '../i18n/index.ts';
import type { UiKey } from '../i18n/de.ts';
import type { Logger } from '../publish/log.ts';
import type { ReplayStore } from '../publish/replay-store.ts';
import { CHALLENGE_PATH, FEEDBACK_PATH, FIELD, MIN_FILL_MS, feedbackId, type FeedbackDocument, type FeedbackSubmission } from './model.ts';
import { issueChallenge, issueCheckToken, verifyCheckToken, verifyPow, type ProofFailure, type ProofSecrets, type VerifiedProof } from './proof.ts';
import type { RateLimiter } from './rate-limit.ts';
import {
  backLink,
  fillTemplate,
  type CheckStepProof,
  paragraph,
  privacyHrefIn,
  renderRatingCheck,
  renderReportForm,
  resultSection,
  standalonePage,
} from './render.ts';
import { removePersonalData } from './scrub.ts';
import { DocumentRejectedError, StoreConfigError, StoreUnavailableError, type FeedbackStore } from './store.ts';
import { validateFeedback, type FieldError, type FormValues } from './validate.ts';

export interface FeedbackRequest {
  method: string;
  /** URL path without query. */
  path: string;
  /** Header lookup by lower-case name. */
  header: (name: string) => string | undefined;
  /** The raw body, or 'too-large' when the reader stopped at LIMITS.bodyBytes. */
  body: BodyResult;
  /** The client's address, only ever used hashed for the rate limit. */
  clientAddress: string | undefined;
}

export interface FeedbackResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The site's result page for a language, and the security headers it is served with. */
export interface ResultTemplate {
  html: string;
  headers: Record<string, string>;
}

export interface FeedbackDeps {
  secrets: ProofSecrets;
  store: FeedbackStore;
  /** Remembers used proofs until they expire (CHALLENGE_TTL_MS). */
  replay: ReplayStore;
  limiter: RateLimiter;
  now: () => number;
  log: Logger;
  loadTemplate: (locale: Locale) => Promise<ResultTemplate | undefined>;
}

/** What the handler needs when feedback is not configured: it can still answer clearly. */
export type UnconfiguredDeps = Pick<FeedbackDeps, 'log' | 'loadTemplate'> & { reason: string };

/** Headers of the site's pages that the server's HTML answers carry too (Netlify does not add them to functions). */
export const SECURITY_HEADERS = [
  'content-security-policy',
  'strict-transport-security',
  'x-frame-options',
  'referrer-policy',
  'permissions-policy',
  'cross-origin-opener-policy',
] as const;

// Header names are lower case throughout, so a header of the template and our own never both appear.
const NO_STORE = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
/** Used when the site's own headers are not at hand; as strict as netlify.toml's policy. */
const FALLBACK_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; form-action 'self'; base-uri 'self'; frame-ancestors 'none'";

type Problem = 'rateLimited' | 'unavailable' | 'duplicate' | 'expired' | 'tooFast' | 'rejected' | 'tooLarge';

interface Outcome {
  status: number;
  /** Machine-readable result for the browser script and the log. */
  result: string;
  title: string;
  /** HTML of the page body (no JavaScript). */
  html: string;
  /** Plain message for the browser script. */
  message: string;
  errors?: { field: string; message: string }[];
  headers?: Record<string, string>;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function wantsJson(req: FeedbackRequest): boolean {
  return (req.header('accept') ?? '').includes('application/json');
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): FeedbackResponse {
  return { status, headers: { ...NO_STORE, 'content-type': 'application/json; charset=utf-8', ...lowerCaseKeys(headers) }, body: JSON.stringify(body) };
}

async function htmlPage(deps: Pick<FeedbackDeps, 'loadTemplate'>, locale: Locale, title: string, content: string): Promise<{ body: string; headers: Record<string, string> }> {
  const template = await deps.loadTemplate(locale).catch(() => undefined);
  const filled = template ? fillTemplate(template.html, `${title} – ${t(locale, 'site.name')}`, content) : undefined;
  return {
    body: filled ?? standalonePage(locale, title, content),
    headers: {
      'content-security-policy': FALLBACK_CSP,
      ...lowerCaseKeys(filled ? (template?.headers ?? {}) : {}),
      ...NO_STORE,
      'content-type': 'text/html; charset=utf-8',
      'x-robots-tag': 'noindex',
    },
  };
}

async function respond(req: FeedbackRequest, deps: Pick<FeedbackDeps, 'loadTemplate' | 'log'>, locale: Locale, outcome: Outcome, fields: Record<string, unknown> = {}): Promise<FeedbackResponse> {
  deps.log({ event: 'feedback', status: outcome.status, result: outcome.result, ...fields });
  if (wantsJson(req)) {
    return jsonResponse(outcome.status, { status: outcome.result, title: outcome.title, message: outcome.message, ...(outcome.errors ? { errors: outcome.errors } : {}) }, outcome.headers);
  }
  const page = await htmlPage(deps, locale, outcome.title, resultSection(outcome.title, outcome.html));
  return { status: outcome.status, headers: { ...page.headers, ...lowerCaseKeys(outcome.headers ?? {}) }, body: page.body };
}

function problem(locale: Locale, status: number, kind: Problem, page: string | undefined, headers?: Record<string, string>): Outcome {
  const message = t(locale, `feedback.problem.${kind}` as UiKey);
  return {
    status,
    result: kind,
    title: t(locale, 'feedback.problemTitle'),
    message,
    html: paragraph(message) + backLink(locale, page ?? (locale === 'de' ? '/' : '/en/')),
    headers,
  };
}

/** The check step: the form again, with a fresh token, and what needs fixing if anything. */
function checkStep(fields: FormValues, check: CheckStepProof, errors: FieldError[], privacyHref: string | undefined, notice?: string): Outcome {
  const { language: locale, page, document } = fields;
  const intro = notice ? paragraph(notice) : '';
  const form =
    fields.kind === 'rating'
      ? renderRatingCheck({ locale, page, document, helpful: fields.helpful ?? 'nein', check, problem: fields.problem, idPrefix: 'check', errors })
      : paragraph(t(locale, 'feedback.checkReport')) +
        renderReportForm({ locale, page, document, idPrefix: 'check', privacyHref, values: fields, errors, check });
  return {
    status: errors.length > 0 ? 400 : 200,
    result: errors.length > 0 ? 'invalid' : 'check',
    title: t(locale, 'feedback.checkTitle'),
    message: notice ?? t(locale, 'feedback.checkTitle'),
    html: intro + form + backLink(locale, page, 'feedback.cancel'),
  };
}

function toDocument(submission: FeedbackSubmission, nonce: string, now: number): FeedbackDocument {
  const task = submission.task === undefined ? undefined : removePersonalData(submission.task);
  const problemText = submission.problem === undefined ? undefined : removePersonalData(submission.problem);
  return {
    _id: feedbackId(nonce),
    _type: 'feedback',
    page: submission.page,
    ...(submission.document ? { document: { _type: 'reference', _ref: submission.document, _weak: true } } : {}),
    language: submission.language,
    ...(submission.helpful === undefined ? {} : { helpful: submission.helpful }),
    ...(submission.category ? { category: submission.category } : {}),
    ...(task ? { task } : {}),
    ...(problemText ? { problem: problemText } : {}),
    ...(submission.contact ? { contact: submission.contact } : {}),
    createdAt: new Date(now).toISOString(),
    status: 'neu',
  };
}

async function handleChallenge(req: FeedbackRequest, deps: FeedbackDeps): Promise<FeedbackResponse> {
  if (req.method !== 'GET') return jsonResponse(405, { status: 'method', message: 'Use GET to fetch a challenge.' }, { allow: 'GET' });
  const now = deps.now();
  const limit = deps.limiter.take('challenge', req.clientAddress, now);
  if (!limit.ok) {
    deps.log({ event: 'feedback-challenge', status: 429, result: 'rateLimited' });
    return jsonResponse(429, { status: 'rateLimited', message: t('de', 'feedback.problem.rateLimited') }, { 'retry-after': String(limit.retryAfterSeconds) });
  }
  return jsonResponse(200, await issueChallenge(deps.secrets, now));
}

function isFailure(proof: VerifiedProof | ProofFailure): proof is ProofFailure {
  return typeof proof === 'string';
}

export async function handleFeedbackRequest(req: FeedbackRequest, deps: FeedbackDeps): Promise<FeedbackResponse> {
  if (req.path === CHALLENGE_PATH) return handleChallenge(req, deps);
  const locale: Locale = 'de';
  if (req.method !== 'POST') {
    return respond(req, deps, locale, { ...problem(locale, 405, 'rejected', undefined), result: 'method', headers: { allow: 'POST' } });
  }
  // Forms of other sites never post here; a browser says so in Sec-Fetch-Site.
  if (req.header('sec-fetch-site') === 'cross-site') return respond(req, deps, locale, problem(locale, 403, 'rejected', undefined), { reason: 'cross-site' });
  const now = deps.now();
  const limit = deps.limiter.take('submit', req.clientAddress, now);
  if (!limit.ok) return respond(req, deps, locale, problem(locale, 429, 'rateLimited', undefined, { 'retry-after': String(limit.retryAfterSeconds) }));
  if (req.body === 'too-large') return respond(req, deps, locale, { ...problem(locale, 413, 'tooLarge', undefined), headers: { connection: 'close' } });
  if (!(req.header('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return respond(req, deps, locale, problem(locale, 415, 'rejected', undefined), { reason: 'content-type' });
  }
  let form: URLSearchParams;
  try {
    form = new URLSearchParams(new TextDecoder('utf-8', { fatal: true }).decode(req.body));
  } catch {
    return respond(req, deps, locale, problem(locale, 400, 'rejected', undefined), { reason: 'encoding' });
  }

  const validation = validateFeedback(form);
  if (validation.status === 'malformed') {
    return respond(req, deps, validation.language, problem(validation.language, 400, 'rejected', undefined), { reason: validation.reason });
  }
  const { language, fields } = validation;
  // Bots fill every field. Answer as if stored, so they learn nothing; store nothing.
  if ((form.get(FIELD.honeypot) ?? '') !== '') return respond(req, deps, language, thanks(language, fields, 'stored'), { reason: 'honeypot', stored: false });

  const json = wantsJson(req);
  const privacyHref = json ? undefined : privacyHrefIn((await deps.loadTemplate(language).catch(() => undefined))?.html);
  const freshCheckStep = (errors: FieldError[], notice?: string) => checkStep(fields, issueCheckToken(deps.secrets, now), errors, privacyHref, notice);

  if (validation.status === 'invalid') {
    if (!json) return respond(req, deps, language, freshCheckStep(validation.errors));
    const errors = validation.errors.map(({ field, code }) => ({ field, message: t(language, `feedback.error.${code}`) }));
    const summary = t(language, 'feedback.errorSummary');
    return respond(req, deps, language, { status: 400, result: 'invalid', title: summary, message: summary, html: '', errors });
  }

  const pow = form.get(FIELD.proof);
  const token = form.get(FIELD.token);
  // Without JavaScript the first post only leads to the check step.
  if (!pow && !token && !json) return respond(req, deps, language, freshCheckStep([]));

  const proof = pow ? await verifyPow(pow, deps.secrets, now) : verifyCheckToken(token, form.get(FIELD.answer), deps.secrets, now);
  if (isFailure(proof)) {
    if (proof === 'expired' && token && !json) {
      return respond(req, deps, language, freshCheckStep([], t(language, 'feedback.problem.expired')), { reason: 'token-expired' });
    }
    return respond(req, deps, language, problem(language, 403, proof === 'expired' ? 'expired' : 'rejected', fields.page), { reason: `proof-${proof}` });
  }
  if (now - proof.issuedAt < MIN_FILL_MS) {
    if (token && !json) return respond(req, deps, language, freshCheckStep([], t(language, 'feedback.problem.tooFast')), { reason: 'too-fast' });
    return respond(req, deps, language, problem(language, 422, 'tooFast', fields.page), { reason: 'too-fast' });
  }
  const replayKey = [`feedback:${proof.nonce}`];
  if ('answered' in proof && !proof.answered) {
    // A wrong answer spends the token: each guess costs a request and a new question.
    await deps.replay.claim(replayKey, now);
    const reason = { reason: 'check-answer' };
    if (json) return respond(req, deps, language, problem(language, 403, 'rejected', fields.page), reason);
    const code = (form.get(FIELD.answer) ?? '').trim() === '' ? 'answerMissing' : 'answerWrong';
    return respond(req, deps, language, freshCheckStep([{ field: FIELD.answer, code }]), reason);
  }
  if (await deps.replay.claim(replayKey, now)) return respond(req, deps, language, problem(language, 409, 'duplicate', fields.page), { reason: 'replay' });

  const doc = toDocument(validation.submission, proof.nonce, now);
  const logFields = { id: doc._id, kind: validation.submission.kind, page: doc.page };
  try {
    const outcome = await deps.store.save(doc);
    if (outcome === 'duplicate') return respond(req, deps, language, problem(language, 409, 'duplicate', fields.page), { ...logFields, reason: 'exists' });
    return respond(req, deps, language, thanks(language, fields, outcome), logFields);
  } catch (error) {
    if (!(error instanceof StoreUnavailableError || error instanceof DocumentRejectedError)) throw error;
    // Nothing was accepted: let the same proof through again when the citizen retries.
    await deps.replay.release(replayKey);
    // A configuration error's message names the variable to fix; the operator reads it in the log.
    const reason = error instanceof StoreConfigError ? 'configuration' : error instanceof DocumentRejectedError ? 'rejected' : 'unreachable';
    const failure = { ...logFields, reason, detail: error.message };
    if (token && !json) {
      // Without JavaScript the check step comes back with the text, ready to send again.
      const retry = freshCheckStep([], t(language, 'feedback.problem.unavailable'));
      return respond(req, deps, language, { ...retry, status: 503, result: 'unavailable', headers: { 'retry-after': '120' } }, failure);
    }
    return respond(req, deps, language, problem(language, 503, 'unavailable', fields.page, { 'retry-after': '120' }), failure);
  }
}

function thanks(locale: Locale, fields: FormValues, outcome: 'stored' | 'queued'): Outcome {
  const text = t(locale, outcome === 'queued' ? 'feedback.thanksQueued' : 'feedback.thanksText');
  const contact = fields.kind === 'report' && fields.contact ? ` ${t(locale, 'feedback.thanksContact')}` : '';
  return {
    status: outcome === 'queued' ? 202 : 201,
    result: outcome,
    title: t(locale, 'feedback.thanksTitle'),
    message: text + contact,
    html: paragraph(text + contact) + backLink(locale, fields.page),
  };
}

/** Feedback without a store (configuration missing): a clear answer, and the log names the gap. */
export async function handleUnconfigured(req: FeedbackRequest, deps: UnconfiguredDeps): Promise<FeedbackResponse> {
  if (req.path === CHALLENGE_PATH) {
    deps.log({ event: 'feedback', status: 503, result: 'unconfigured', detail: deps.reason });
    return jsonResponse(503, { status: 'unavailable', message: t('de', 'feedback.problem.unavailable') });
  }
  return respond(req, deps, 'de', problem('de', 503, 'unavailable', undefined), { reason: 'unconfigured', detail: deps.reason });
}

/** Paths the handler answers; the adapters route these to it. */
export function isFeedbackPath(path: string): boolean {
  return path === FEEDBACK_PATH || path === `${FEEDBACK_PATH}/` || path === CHALLENGE_PATH;
}

