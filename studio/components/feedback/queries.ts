// GROQ for the feedback views of the Studio, and the Ja/Nein counting, kept apart from React so
// tests can run them on groq-js.
import { FEEDBACK_CATEGORIES, FEEDBACK_STATUSES, titleOf, type FeedbackStatus } from '../../schemaTypes/constants';

export interface FeedbackItem {
  _id: string;
  createdAt: string;
  status: FeedbackStatus;
  helpful?: boolean;
  category?: string;
  task?: string;
  problem?: string;
  page: string;
}

/** Feedback on one document, newest first. */
export const DOCUMENT_FEEDBACK_QUERY = `*[_type == "feedback" && document._ref == $id] | order(createdAt desc) {
  _id, createdAt, status, helpful, category, task, problem, page
}`;

/** Every Ja/Nein answer, for the counts per page. */
export const RATINGS_QUERY = `*[_type == "feedback" && defined(helpful)]{ page, helpful }`;

/** Documents whose changes should refresh a view, for client.listen. */
export const FEEDBACK_LISTEN_FILTER = `*[_type == "feedback"]`;

export interface PageCount {
  page: string;
  yes: number;
  no: number;
}

/** Ja/Nein per page, pages with the most "Nein" first. */
export function countByPage(ratings: ReadonlyArray<{ page: string; helpful: boolean }>): PageCount[] {
  const counts = new Map<string, PageCount>();
  for (const { page, helpful } of ratings) {
    const entry = counts.get(page) ?? { page, yes: 0, no: 0 };
    if (helpful) entry.yes += 1;
    else entry.no += 1;
    counts.set(page, entry);
  }
  return [...counts.values()].sort((a, b) => b.no - a.no || b.yes + b.no - (a.yes + a.no) || a.page.localeCompare(b.page));
}

/** "3 neue Rückmeldungen", or undefined when there is nothing new. */
export function newFeedbackLabel(items: ReadonlyArray<Pick<FeedbackItem, 'status'>>): string | undefined {
  const fresh = items.filter((item) => item.status === 'neu').length;
  if (fresh === 0) return undefined;
  return fresh === 1 ? '1 neue Rückmeldung' : `${fresh} neue Rückmeldungen`;
}

/** "Hilfreich: Nein", "Barriere", … for one item. */
export function feedbackKind(item: Pick<FeedbackItem, 'helpful' | 'category'>): string {
  if (item.helpful === true) return 'Hilfreich: Ja';
  if (item.helpful === false) return 'Hilfreich: Nein';
  return titleOf(FEEDBACK_CATEGORIES, item.category) ?? 'Meldung';
}

export function statusTitle(status: string | undefined): string {
  return titleOf(FEEDBACK_STATUSES, status) ?? 'Neu';
}
