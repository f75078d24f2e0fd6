// The shape of page feedback: the form fields the site sends, the limits the handler enforces,
// and the `feedback` document stored in Sanity. Shared by the handler (server), the form markup
// (build time and server) and the browser script, so a field name lives in one place.
import type { Locale } from '../i18n/index.ts';

/** Where the forms post to and where the browser script fetches a proof-of-work challenge. */
export const FEEDBACK_PATH = '/api/feedback';
export const CHALLENGE_PATH = '/api/feedback/challenge';

/** Static pages the server-rendered answers (no JavaScript) are poured into; see FeedbackResultPage. */
export const RESULT_TEMPLATE_PATHS: Record<Locale, string> = { de: '/rueckmeldung/', en: '/en/feedback/' };
/** The markers inside those pages between which the server puts its answer. */
export const RESULT_SLOT = { start: '<!--ksp-feedback-result-->', end: '<!--/ksp-feedback-result-->' } as const;

export const FIELD = {
  page: 'page',
  document: 'document',
  language: 'lang',
  kind: 'kind',
  helpful: 'helpful',
  category: 'category',
  task: 'task',
  problem: 'problem',
  contact: 'contact',
  /** Honeypot: invisible to people, tempting to bots. Must stay empty. */
  honeypot: 'website',
  /** JSON of the solved ALTCHA challenge (browser script). */
  proof: 'altcha',
  /** Signed token of the check step (no JavaScript). */
  token: 'token',
  /** The person's answer to the check step's question (no JavaScript). */
  answer: 'answer',
} as const;

export const KINDS = ['rating', 'report'] as const;
export type FeedbackKind = (typeof KINDS)[number];

/** What a citizen chooses between in the report form of a content page. */
export const PAGE_CATEGORIES = ['fehler', 'barriere', 'sonstiges'] as const;
/** Every category: the page's ones, and `suche`, fixed in the search page's "nothing found" form. */
export const CATEGORIES = [...PAGE_CATEGORIES, 'suche'] as const;
export type FeedbackCategory = (typeof CATEGORIES)[number];

export const STATUSES = ['neu', 'inBearbeitung', 'erledigt'] as const;
export type FeedbackStatus = (typeof STATUSES)[number];

/** Limits of one submission; the form carries the same numbers as maxlength. */
export const LIMITS = {
  task: 1000,
  problem: 2000,
  contact: 200,
  page: 300,
  document: 128,
  /** Whole request body: the fields above with URL encoding, plus the proof of work. */
  bodyBytes: 16 * 1024,
} as const;

/** A person needs at least this long between getting the form and sending it. */
export const MIN_FILL_MS = 2000;
/** Challenges and check tokens expire after this long. */
export const CHALLENGE_TTL_MS = 30 * 60 * 1000;

/** A validated submission, before personal data is removed from its free text. */
export interface FeedbackSubmission {
  kind: FeedbackKind;
  page: string;
  document?: string | undefined;
  language: Locale;
  helpful?: boolean | undefined;
  category?: FeedbackCategory | undefined;
  task?: string | undefined;
  problem?: string | undefined;
  contact?: string | undefined;
}

/** The Sanity document. Its id has a path prefix (`feedback.`), which Sanity never serves publicly. */
export interface FeedbackDocument {
  _id: string;
  _type: 'feedback';
  page: string;
  document?: { _type: 'reference'; _ref: string; _weak: true };
  language: Locale;
  helpful?: boolean;
  category?: FeedbackCategory;
  task?: string;
  problem?: string;
  contact?: string;
  createdAt: string;
  status: FeedbackStatus;
}

export const FEEDBACK_ID_PREFIX = 'feedback.';

/** Document ids of feedback: `feedback.<hex nonce>`, never readable without a token. */
export function feedbackId(nonce: string): string {
  return `${FEEDBACK_ID_PREFIX}${nonce}`;
}
