// The markup of the feedback forms and of the server's answers, in one place: Astro renders the
// forms into every content page at build time with these functions, and the handler renders the
// check step, the thank-you page and error pages with the same functions at request time, so
// the form a citizen sees without JavaScript is the very same form. Every value is escaped here.
import { t, type Locale } from '../i18n/index.ts';
import type { UiKey } from '../i18n/de.ts';
import { FEEDBACK_PATH, FIELD, LIMITS, PAGE_CATEGORIES, RESULT_SLOT, type FeedbackCategory } from './model.ts';
import { numberWord, type CheckQuestion } from './question.ts';
import type { FieldError, FormValues } from './validate.ts';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

interface Context {
  locale: Locale;
  page: string;
  document?: string | undefined;
}

function hidden(name: string, value: string | undefined): string {
  return value === undefined || value === '' ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
}

function contextFields({ locale, page, document }: Context): string {
  return hidden(FIELD.page, page) + hidden(FIELD.document, document) + hidden(FIELD.language, locale);
}

/** Off-screen and out of the tab order; people never see it, bots that fill every field do. */
function honeypot(locale: Locale, idPrefix: string): string {
  const id = `${idPrefix}-${FIELD.honeypot}`;
  return `<div class="feedback-hp" aria-hidden="true"><label for="${id}">${t(locale, 'feedback.honeypot')}</label><input id="${id}" type="text" name="${FIELD.honeypot}" tabindex="-1" autocomplete="off"></div>`;
}

/** A live region the browser script writes into ("Wird gesendet …", problems), with its texts. */
function statusRegion(locale: Locale): string {
  return `<p class="mt-3 font-semibold empty:hidden" role="status" data-feedback-status data-sending="${t(locale, 'feedback.sending')}" data-offline="${t(locale, 'feedback.offline')}"></p>`;
}

const FORM_ATTRIBUTES = `method="post" action="${FEEDBACK_PATH}" data-feedback-form`;
const BUTTON = 'min-h-11 rounded border-2 border-ksp-blue-700 bg-white px-5 font-semibold text-ksp-blue-700 hover:bg-ksp-blue-50';
const FIELD_BOX = 'mt-1 block w-full rounded border-2 border-ksp-ink bg-white px-3 py-2 text-ksp-ink';
const HINT = 'text-ksp-muted';
const ERROR_TEXT = 'font-semibold text-ksp-red-700';

export interface RatingFormOptions extends Context {
  idPrefix: string;
}

/** "War diese Seite hilfreich? Ja / Nein": two submit buttons of one form. */
export function renderRatingForm({ idPrefix, ...context }: RatingFormOptions): string {
  const { locale } = context;
  const headingId = `${idPrefix}-rating-heading`;
  const button = (value: 'ja' | 'nein', label: UiKey, hiddenLabel: UiKey) =>
    // The name starts with the visible word (WCAG 2.5.3) and says what it answers.
    `<button type="submit" name="${FIELD.helpful}" value="${value}" class="${BUTTON}" aria-label="${t(locale, label)}${t(locale, hiddenLabel)}">${t(locale, label)}</button>`;
  return [
    `<form ${FORM_ATTRIBUTES} aria-labelledby="${headingId}">`,
    `<div class="flex flex-wrap items-center gap-x-4 gap-y-2">`,
    `<h2 id="${headingId}" class="text-lg font-bold">${t(locale, 'feedback.heading')}</h2>`,
    hidden(FIELD.kind, 'rating'),
    contextFields(context),
    honeypot(locale, `${idPrefix}-rating`),
    `<div class="flex gap-3">${button('ja', 'feedback.yes', 'feedback.yesHidden')}${button('nein', 'feedback.no', 'feedback.noHidden')}</div>`,
    `</div>`,
    statusRegion(locale),
    `</form>`,
  ].join('');
}

export interface ReportFormOptions extends Context {
  idPrefix: string;
  /** Link of the privacy statement next to the contact field. */
  privacyHref?: string | undefined;
  /** A form for one category only (the accessibility statement's "Barriere melden"). */
  fixedCategory?: FeedbackCategory | undefined;
  values?: Partial<Pick<FormValues, 'category' | 'task' | 'problem' | 'contact'>>;
  errors?: FieldError[];
  /** The signed token of the check step and its question (server-rendered form only). */
  check?: CheckStepProof | undefined;
}

/** What the check step's form carries instead of the proof of work. */
export interface CheckStepProof {
  token: string;
  question: CheckQuestion;
}

function errorSummary(locale: Locale, idPrefix: string, errors: FieldError[]): string {
  if (errors.length === 0) return '';
  const items = errors.map(({ field, code }) => `<li><a href="#${idPrefix}-${field}">${t(locale, `feedback.error.${code}`)}</a></li>`).join('');
  return `<div class="mb-6 rounded border-4 border-ksp-red-700 bg-white p-4" role="alert" tabindex="-1" data-feedback-errors><h3 class="text-lg font-bold">${t(locale, 'feedback.errorSummary')}</h3><ul class="mt-2 list-disc pl-6">${items}</ul></div>`;
}

interface TextFieldOptions {
  locale: Locale;
  idPrefix: string;
  name: typeof FIELD.task | typeof FIELD.problem | typeof FIELD.contact | typeof FIELD.answer;
  /** A dictionary key, or the text itself (the check question). */
  label: UiKey | { text: string };
  hint?: string | undefined;
  value: string;
  maxLength: number;
  errors: FieldError[];
  required?: boolean;
  multiline: boolean;
  autocomplete?: string;
  inputMode?: string;
}

/** Label, hint, error message and field, linked by id and aria-describedby (GOV.UK pattern). */
function textField({ locale, idPrefix, name, label, hint, value, maxLength, errors, required = false, multiline, autocomplete, inputMode }: TextFieldOptions): string {
  const id = `${idPrefix}-${name}`;
  const error = errors.find((entry) => entry.field === name);
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const attributes = [
    `id="${id}"`,
    `name="${name}"`,
    `maxlength="${maxLength}"`,
    `class="${FIELD_BOX}${error ? ' border-ksp-red-700' : ''}"`,
    describedBy ? `aria-describedby="${describedBy}"` : '',
    required ? 'required' : '',
    error ? 'aria-invalid="true"' : '',
    autocomplete ? `autocomplete="${autocomplete}"` : '',
    inputMode ? `inputmode="${inputMode}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const control = multiline ? `<textarea ${attributes} rows="${name === FIELD.problem ? 5 : 3}">${escapeHtml(value)}</textarea>` : `<input type="text" ${attributes} value="${escapeHtml(value)}">`;
  return [
    `<div class="mt-5" data-field="${name}">`,
    `<label for="${id}" class="block font-semibold">${typeof label === 'string' ? t(locale, label) : escapeHtml(label.text)}</label>`,
    hint ? `<p id="${id}-hint" class="${HINT}">${hint}</p>` : '',
    error ? `<p id="${id}-error" class="${ERROR_TEXT}" data-feedback-error>${t(locale, `feedback.error.${error.code}`)}</p>` : '',
    control,
    `</div>`,
  ].join('');
}

function categoryChoice(locale: Locale, idPrefix: string, selected: FeedbackCategory): string {
  const options = PAGE_CATEGORIES.map((category) => {
    const id = `${idPrefix}-category-${category}`;
    return `<div class="mt-2 flex items-start gap-3"><input id="${id}" type="radio" name="${FIELD.category}" value="${category}" class="mt-1 size-5 shrink-0 accent-ksp-blue-700"${category === selected ? ' checked' : ''}><label for="${id}">${t(locale, `feedback.category.${category}`)}</label></div>`;
  }).join('');
  return `<fieldset class="mt-4"><legend class="font-semibold">${t(locale, 'feedback.category')}</legend>${options}</fieldset>`;
}

/**
 * The check question, as a plain labelled text field (GOV.UK pattern): read aloud with its hint
 * and any error by a screen reader, answerable without JavaScript, in words and as digits.
 */
function checkFields(locale: Locale, idPrefix: string, check: CheckStepProof | undefined, errors: FieldError[]): string {
  if (!check) return '';
  const { a, b } = check.question;
  const label = t(locale, 'feedback.question').replace('{a}', numberWord(locale, a)).replace('{b}', numberWord(locale, b));
  return (
    hidden(FIELD.token, check.token) +
    textField({ locale, idPrefix, name: FIELD.answer, label: { text: label }, hint: t(locale, 'feedback.questionHint'), value: '', maxLength: 20, errors, required: true, multiline: false, autocomplete: 'off', inputMode: 'numeric' })
  );
}

/** "Fehler auf dieser Seite melden": what the citizen tried, what went wrong, optional contact. */
export function renderReportForm({ idPrefix, privacyHref, fixedCategory, values = {}, errors = [], check, ...context }: ReportFormOptions): string {
  const { locale } = context;
  const common = { locale, idPrefix, errors };
  const privacy = privacyHref ? ` <a href="${escapeHtml(privacyHref)}">${t(locale, 'feedback.privacyLink')}</a>.` : '';
  return [
    `<form ${FORM_ATTRIBUTES}>`,
    errorSummary(locale, idPrefix, errors),
    hidden(FIELD.kind, 'report'),
    contextFields(context),
    fixedCategory ? hidden(FIELD.category, fixedCategory) : categoryChoice(locale, idPrefix, values.category ?? 'fehler'),
    textField({ ...common, name: FIELD.task, label: 'feedback.task', hint: t(locale, 'feedback.taskHint'), value: values.task ?? '', maxLength: LIMITS.task, multiline: true }),
    textField({ ...common, name: FIELD.problem, label: 'feedback.problem', hint: t(locale, 'feedback.problemHint'), value: values.problem ?? '', maxLength: LIMITS.problem, required: true, multiline: true }),
    textField({ ...common, name: FIELD.contact, label: 'feedback.contact', hint: `${t(locale, 'feedback.contactHint')}${privacy}`, value: values.contact ?? '', maxLength: LIMITS.contact, multiline: false, autocomplete: 'email' }),
    checkFields(locale, idPrefix, check, errors),
    honeypot(locale, idPrefix),
    `<button type="submit" class="button mt-6 border-0">${t(locale, 'feedback.send')}</button>`,
    statusRegion(locale),
    `</form>`,
  ].join('');
}

/** The check step of a rating without JavaScript: confirm, optionally say what was missing. */
export function renderRatingCheck(
  context: Context & { helpful: 'ja' | 'nein'; check: CheckStepProof; problem?: string | undefined; idPrefix: string; errors?: FieldError[] },
): string {
  const { locale, helpful, check, problem = '', idPrefix, errors = [] } = context;
  const missing =
    helpful === 'nein'
      ? textField({ locale, idPrefix, name: FIELD.problem, label: 'feedback.missing', value: problem, maxLength: LIMITS.problem, errors: [], multiline: true })
      : '';
  return [
    `<p class="mt-4 text-lg">${t(locale, helpful === 'ja' ? 'feedback.checkRatingYes' : 'feedback.checkRatingNo')}</p>`,
    `<form ${FORM_ATTRIBUTES}>`,
    errorSummary(locale, idPrefix, errors),
    hidden(FIELD.kind, 'rating'),
    contextFields(context),
    hidden(FIELD.helpful, helpful),
    missing,
    checkFields(locale, idPrefix, check, errors),
    honeypot(locale, idPrefix),
    `<button type="submit" class="button mt-6 border-0">${t(locale, 'feedback.sendRating')}</button>`,
    `</form>`,
  ].join('');
}

export function backLink(locale: Locale, page: string, label: UiKey = 'feedback.back'): string {
  return `<p class="mt-6"><a href="${escapeHtml(page)}" class="inline-flex min-h-11 items-center">${t(locale, label)}</a></p>`;
}

/** A page of the server's answer: heading, body, and the way back. */
export function resultSection(title: string, body: string): string {
  return `<h1 class="text-3xl font-bold sm:text-4xl" tabindex="-1">${escapeHtml(title)}</h1><div class="max-w-2xl">${body}</div>`;
}

export function paragraph(text: string): string {
  return `<p class="mt-4 text-lg">${escapeHtml(text)}</p>`;
}

/** Pours an answer into the static result page of the site (full layout, stylesheet, CSP-clean). */
export function fillTemplate(template: string, title: string, content: string): string | undefined {
  const start = template.indexOf(RESULT_SLOT.start);
  const end = template.indexOf(RESULT_SLOT.end);
  if (start < 0 || end < start || template.indexOf(RESULT_SLOT.start, start + 1) >= 0) return undefined;
  return `${template.slice(0, start)}${content}${template.slice(end + RESULT_SLOT.end.length)}`.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`);
}

/** A plain page when the site's result page cannot be read: still valid, accessible, no assets. */
export function standalonePage(locale: Locale, title: string, content: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head><body><main id="main-content">${content}</main></body></html>`;
}

/** The privacy link stored on the result page (`data-privacy-href`), for the check step's form. */
export function privacyHrefIn(template: string | undefined): string | undefined {
  const match = template ? /data-privacy-href="([^"]*)"/.exec(template) : null;
  return match?.[1] ? match[1].replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))) : undefined;
}
