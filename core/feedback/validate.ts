// Strict validation of a submitted feedback form. Two kinds of problems:
//   - a field a person can fix (nothing written, too long): reported per field, the form is shown
//     again with the text kept;
//   - a malformed request (unknown or repeated field, a value no form of this site sends):
//     rejected as a whole, since only a bot or a stale page produces it.
import { locales, type Locale } from '../i18n/index.ts';
import { CATEGORIES, FIELD, KINDS, LIMITS, type FeedbackCategory, type FeedbackKind, type FeedbackSubmission } from './model.ts';

/** Problems a citizen can fix in the form; each has a message in the dictionaries. */
export type FieldErrorCode = 'problemMissing' | 'problemTooLong' | 'taskTooLong' | 'contactTooLong' | 'answerMissing' | 'answerWrong';
export interface FieldError {
  field: typeof FIELD.problem | typeof FIELD.task | typeof FIELD.contact | typeof FIELD.answer;
  code: FieldErrorCode;
}

export type ValidationResult =
  | { status: 'ok'; submission: FeedbackSubmission; fields: FormValues; language: Locale }
  | { status: 'malformed'; reason: string; language: Locale }
  | { status: 'invalid'; errors: FieldError[]; fields: FormValues; language: Locale };

/** What the citizen typed, normalised, for showing the form again. */
export interface FormValues {
  kind: FeedbackKind;
  page: string;
  document?: string | undefined;
  language: Locale;
  helpful?: 'ja' | 'nein' | undefined;
  category: FeedbackCategory;
  task: string;
  problem: string;
  contact: string;
}

const ALLOWED = new Set<string>(Object.values(FIELD));
/** Site paths: absolute, no scheme or host, no dot segments, nothing a page address never has. */
const PAGE_PATH = /^\/(?!\/)[\p{L}\p{N}\-._~/%]*$/u;
const DOCUMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;
const UNPUBLISHED_ID = /^(drafts|versions|feedback)\./;

/** Line breaks as \n, no control characters besides line breaks and tabs, composed Unicode. */
export function normalizeText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .normalize('NFC')
    .trim();
}

function isLocale(value: string | undefined): value is Locale {
  return (locales as readonly string[]).includes(value ?? '');
}

/** Reads the fields of a form post (application/x-www-form-urlencoded). */
export function validateFeedback(form: URLSearchParams): ValidationResult {
  const rawLanguage = form.get(FIELD.language) ?? undefined;
  const language: Locale = isLocale(rawLanguage) ? rawLanguage : 'de';
  const malformed = (reason: string): ValidationResult => ({ status: 'malformed', reason, language });

  const seen = new Set<string>();
  for (const name of form.keys()) {
    if (!ALLOWED.has(name)) return malformed(`unknown field "${name.slice(0, 40)}"`);
    if (seen.has(name)) return malformed(`field "${name}" sent twice`);
    seen.add(name);
  }
  if (!isLocale(rawLanguage)) return malformed('language missing or unknown');

  const kind = form.get(FIELD.kind);
  if (!(KINDS as readonly string[]).includes(kind ?? '')) return malformed('kind missing or unknown');

  const page = form.get(FIELD.page) ?? '';
  if (page.length === 0 || page.length > LIMITS.page || !PAGE_PATH.test(page) || /(^|\/)\.\.?(\/|$)/.test(page)) {
    return malformed('page is not a path of this site');
  }

  const rawDocument = form.get(FIELD.document) ?? '';
  if (rawDocument !== '' && (rawDocument.length > LIMITS.document || !DOCUMENT_ID.test(rawDocument) || UNPUBLISHED_ID.test(rawDocument))) {
    return malformed('document is not the id of a published document');
  }
  const document = rawDocument === '' ? undefined : rawDocument;

  const rawHelpful = form.get(FIELD.helpful) ?? '';
  if (!['', 'ja', 'nein'].includes(rawHelpful)) return malformed('helpful must be "ja" or "nein"');
  const helpful = rawHelpful === '' ? undefined : (rawHelpful as 'ja' | 'nein');
  if (kind === 'rating' && helpful === undefined) return malformed('a rating needs helpful');
  if (kind === 'report' && helpful !== undefined) return malformed('a report has no helpful');

  const rawCategory = form.get(FIELD.category) ?? '';
  if (kind === 'rating' && rawCategory !== '') return malformed('a rating has no category');
  if (rawCategory !== '' && !(CATEGORIES as readonly string[]).includes(rawCategory)) return malformed('category unknown');
  const category: FeedbackCategory = rawCategory === '' ? 'fehler' : (rawCategory as FeedbackCategory);

  const task = normalizeText(form.get(FIELD.task) ?? '');
  const problem = normalizeText(form.get(FIELD.problem) ?? '');
  const contact = normalizeText(form.get(FIELD.contact) ?? '').replace(/\s+/g, ' ');
  if (kind === 'rating' && (task !== '' || contact !== '')) return malformed('a rating carries only what was missing');

  const fields: FormValues = { kind: kind as FeedbackKind, page, document, language, helpful, category, task, problem, contact };
  const errors: FieldError[] = [];
  if (kind === 'report' && task.length > LIMITS.task) errors.push({ field: FIELD.task, code: 'taskTooLong' });
  if (kind === 'report' && problem === '') errors.push({ field: FIELD.problem, code: 'problemMissing' });
  if (problem.length > LIMITS.problem) errors.push({ field: FIELD.problem, code: 'problemTooLong' });
  if (contact.length > LIMITS.contact) errors.push({ field: FIELD.contact, code: 'contactTooLong' });
  if (errors.length > 0) return { status: 'invalid', errors, language, fields };

  return {
    status: 'ok',
    fields,
    language,
    submission: {
      kind: fields.kind,
      page,
      document,
      language,
      helpful: helpful === undefined ? undefined : helpful === 'ja',
      category: kind === 'report' ? category : undefined,
      task: task || undefined,
      problem: problem || undefined,
      contact: contact || undefined,
    },
  };
}
