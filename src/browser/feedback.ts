// Sends the feedback forms inline. Without this script they still work as plain form posts with
// a check step. With it: on the first touch of a form a proof-of-work challenge is fetched from
// the site's own origin and solved here (ALTCHA v2 with PBKDF2 through Web Crypto: no widget, no
// worker, no third party; the server checks it with altcha-lib), then the form is posted with a
// request for a JSON answer. The confirmation replaces the form and receives focus, so screen
// readers read it; field errors become a focused summary; other problems go to the form's live
// region. Nothing is stored in the browser.
import { CHALLENGE_PATH, FIELD, MIN_FILL_MS } from '../../core/feedback/model.ts';

/** The challenge as altcha-lib's createChallenge issues it (only what the solver reads). */
interface Challenge {
  parameters: { algorithm: string; nonce: string; salt: string; cost: number; keyLength: number; keyPrefix: string };
  signature: string;
}

interface Answer {
  status: string;
  title: string;
  message: string;
  errors?: { field: string; message: string }[];
}

interface Prepared {
  challenge: Challenge;
  /** Local time the challenge arrived: the server's issue time, without trusting the clocks to agree. */
  receivedAt: number;
}

/** A problem the server described in words meant for the citizen. */
class Told extends Error {}

async function fetchChallenge(): Promise<Prepared> {
  const response = await fetch(CHALLENGE_PATH, { headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'omit' });
  const body = (await response.json()) as Challenge | Partial<Answer>;
  if (!response.ok) throw new Told((body as Partial<Answer>).message ?? '');
  return { challenge: body as Challenge, receivedAt: Date.now() };
}

const hexToBytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
const bytesToHex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * ALTCHA v2's search, as altcha-lib's solveChallenge does it: the password is the nonce followed
 * by the counter as a big-endian 32-bit number; the first counter whose PBKDF2 key starts with
 * the signed prefix is the answer. Gives up after a minute (the server's range is far smaller).
 */
async function solve({ parameters }: Challenge): Promise<{ counter: number; derivedKey: string }> {
  const nonce = hexToBytes(parameters.nonce);
  const salt = hexToBytes(parameters.salt);
  const password = new Uint8Array(nonce.length + 4);
  password.set(nonce);
  const view = new DataView(password.buffer);
  const hash = parameters.algorithm.replace(/^PBKDF2\//, '');
  const started = Date.now();
  for (let counter = 0; Date.now() - started < 60_000; counter += 1) {
    view.setUint32(nonce.length, counter, false);
    const key = await crypto.subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
    const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', salt, iterations: parameters.cost, hash }, key, parameters.keyLength * 8);
    const derivedKey = bytesToHex(new Uint8Array(bits));
    if (derivedKey.startsWith(parameters.keyPrefix)) return { counter, derivedKey };
  }
  throw new Error('no solution');
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function clearErrors(form: HTMLFormElement) {
  form.querySelectorAll('[data-feedback-errors], [data-feedback-error]').forEach((node) => node.remove());
  form.querySelectorAll('[aria-invalid]').forEach((field) => {
    field.removeAttribute('aria-invalid');
    field.setAttribute('aria-describedby', (field.getAttribute('aria-describedby') ?? '').replace(/\s*\S+-error$/, ''));
  });
}

/** Error summary at the top (focused), a message above each field (GOV.UK pattern). */
function showErrors(form: HTMLFormElement, answer: Answer) {
  clearErrors(form);
  const summary = element('div', 'mb-6 rounded border-4 border-ksp-red-700 bg-white p-4');
  summary.tabIndex = -1;
  summary.dataset.feedbackErrors = '';
  summary.append(element('h3', 'text-lg font-bold', answer.title));
  const list = element('ul', 'mt-2 list-disc pl-6');
  for (const { field, message } of answer.errors ?? []) {
    const control = form.querySelector<HTMLElement>(`[name="${field}"]`);
    const item = element('li', '');
    if (control) {
      const link = element('a', '', message);
      link.href = `#${control.id}`;
      item.append(link);
      const inline = element('p', 'font-semibold text-ksp-red-700', message);
      inline.id = `${control.id}-error`;
      inline.dataset.feedbackError = '';
      control.before(inline);
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', `${control.getAttribute('aria-describedby') ?? ''} ${inline.id}`.trim());
    } else item.textContent = message;
    list.append(item);
  }
  summary.append(list);
  form.prepend(summary);
  summary.focus();
}

/** Replaces the form with the confirmation and moves focus there. */
function showConfirmation(form: HTMLFormElement, answer: Answer, helpful: string | undefined) {
  const done = element('div', 'rounded border-l-4 border-ksp-green-700 bg-white p-4');
  done.tabIndex = -1;
  done.dataset.feedbackDone = '';
  done.append(element('p', 'text-lg font-bold', answer.title), element('p', 'mt-1', answer.message));
  const section = form.closest('[data-feedback]');
  const details = section?.querySelector<HTMLDetailsElement>('details[data-feedback-report]');
  const tellMore = form.closest<HTMLElement>('[data-tell-more]')?.dataset.tellMore;
  if (helpful === 'nein' && details && tellMore) {
    const more = element('button', 'mt-3 min-h-11 text-left font-semibold text-ksp-blue-700 underline underline-offset-2', tellMore);
    more.type = 'button';
    more.addEventListener('click', () => {
      details.open = true;
      details.querySelector<HTMLTextAreaElement>(`textarea[name="${FIELD.problem}"]`)?.focus();
    });
    done.append(more);
  }
  form.replaceWith(done);
  done.focus();
}

interface FormState {
  prepared?: Promise<Prepared> | undefined;
  busy: boolean;
}
const states = new WeakMap<HTMLFormElement, FormState>();

function stateOf(form: HTMLFormElement): FormState {
  let state = states.get(form);
  if (!state) {
    state = { busy: false };
    states.set(form, state);
  }
  return state;
}

/** Fetches the challenge early (on the first touch), so the work starts before the click. */
function prepare(form: HTMLFormElement) {
  const state = stateOf(form);
  state.prepared ??= fetchChallenge();
  state.prepared.catch(() => (state.prepared = undefined));
}

async function send(form: HTMLFormElement, submitter: HTMLElement | null) {
  const state = stateOf(form);
  if (state.busy) return;
  state.busy = true;
  const status = form.querySelector<HTMLElement>('[data-feedback-status]');
  const data = new FormData(form, submitter instanceof HTMLButtonElement ? submitter : null);
  const buttons = [...form.querySelectorAll('button')];
  buttons.forEach((button) => (button.disabled = true));
  form.setAttribute('aria-busy', 'true');
  if (status) status.textContent = status.dataset.sending ?? '';
  try {
    const { challenge, receivedAt } = await (state.prepared ?? fetchChallenge());
    state.prepared = undefined;
    const solution = await solve(challenge);
    await wait(receivedAt + MIN_FILL_MS + 200 - Date.now());
    data.set(FIELD.proof, JSON.stringify({ challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } }));
    const body = new URLSearchParams([...data].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    const response = await fetch(form.action, { method: 'POST', body, headers: { Accept: 'application/json' }, credentials: 'omit' });
    const answer = (await response.json()) as Answer;
    if (status) status.textContent = '';
    if (response.ok) showConfirmation(form, answer, data.get(FIELD.helpful)?.toString());
    else if (answer.errors) showErrors(form, answer);
    else if (status) status.textContent = answer.message;
  } catch (error) {
    if (status) status.textContent = error instanceof Told && error.message ? error.message : (status.dataset.offline ?? '');
  } finally {
    state.busy = false;
    buttons.forEach((button) => (button.disabled = false));
    form.removeAttribute('aria-busy');
  }
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-feedback-form]')) {
  // The server's messages replace the browser's built-in bubbles, in the page's language.
  form.noValidate = true;
  form.addEventListener('focusin', () => prepare(form), { once: true });
  form.addEventListener('pointerdown', () => prepare(form), { once: true });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send(form, event.submitter);
  });
}
