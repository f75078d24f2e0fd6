// Review dates with owners (issue 27): which documents have them, what counts as due, and the one
// GROQ query that lists them for the Studio's "Zu prüfen", the publish server and the Netlify
// Function. Editorial only: the site's queries never read these fields.

/** Types whose documents carry "Verantwortlich" and "Nächste Prüfung". */
export const REVIEW_TYPES = ['service', 'page', 'partner'] as const;
export type ReviewType = (typeof REVIEW_TYPES)[number];

/** A document counts as due when its next review is at most this many days ahead. */
export const REVIEW_WINDOW_DAYS = 30;
/** How far "Geprüft" and the default on publish move the next review. */
export const REVIEW_INTERVAL_MONTHS = 12;

/** The field names in the Studio schema and the dataset. */
export const REVIEW_FIELDS = { owner: 'reviewOwner', next: 'nextReview' } as const;

/** The German name of each type, as editors know it from the Studio. */
export const REVIEW_TYPE_TITLES: Record<ReviewType, string> = { service: 'Dienstleistung', page: 'Seite', partner: 'Partner' };

export interface ReviewOwner {
  name: string;
  email: string;
}

/** A published document with a next review date, as REVIEW_ITEMS_QUERY returns it. */
export interface ReviewItem {
  _id: string;
  _type: ReviewType;
  title: string;
  owner: ReviewOwner | null;
  /** YYYY-MM-DD. */
  nextReview: string;
}

/**
 * Published documents whose next review is on or before `$until` (YYYY-MM-DD). Run it with the
 * `published` perspective (or raw: drafts and versions are left out here as well).
 */
export const REVIEW_ITEMS_QUERY = `*[_type in $types && defined(nextReview) && nextReview <= $until && !(_id in path("drafts.**")) && !(_id in path("versions.**"))] | order(nextReview asc, _id asc) {
  _id, _type,
  "title": coalesce(title.de, name, _id),
  "owner": select(defined(reviewOwner.email) => {"name": coalesce(reviewOwner.name, reviewOwner.email), "email": reviewOwner.email}),
  nextReview
}`;

/** The query's parameters for a day: everything due up to REVIEW_WINDOW_DAYS after it. */
export function reviewQueryParams(until: string): { types: string[]; until: string } {
  return { types: [...REVIEW_TYPES], until };
}

/**
 * An e-mail address as the Studio accepts it for "Verantwortlich": one address, no display name,
 * no spaces or angle brackets (so it can never smuggle a second recipient or a header).
 */
export function isReviewEmail(value: string): boolean {
  return value.length <= 254 && /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[a-z]{2,}$/i.test(value);
}

function isReviewType(value: unknown): value is ReviewType {
  return (REVIEW_TYPES as readonly unknown[]).includes(value);
}

/** Checks the query's answer; rows of another shape are left out rather than trusted. */
export function parseReviewItems(value: unknown): ReviewItem[] {
  if (!Array.isArray(value)) throw new Error('The review query did not answer a list.');
  const items: ReviewItem[] = [];
  for (const row of value as unknown[]) {
    if (typeof row !== 'object' || row === null) continue;
    const { _id, _type, title, owner, nextReview } = row as Record<string, unknown>;
    if (typeof _id !== 'string' || !isReviewType(_type) || typeof nextReview !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(nextReview)) continue;
    let parsedOwner: ReviewOwner | null = null;
    if (typeof owner === 'object' && owner !== null) {
      const { name, email } = owner as Record<string, unknown>;
      if (typeof email === 'string' && isReviewEmail(email.trim())) parsedOwner = { name: typeof name === 'string' && name.trim() ? name.trim() : email.trim(), email: email.trim() };
    }
    items.push({ _id, _type, title: typeof title === 'string' ? title : _id, owner: parsedOwner, nextReview });
  }
  return items;
}
