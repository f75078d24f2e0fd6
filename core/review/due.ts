// Which review items are due, and who they belong to: the Studio's "Zu prüfen", its badge and the
// reminder mails all decide it here.
import { addDays } from './dates.ts';
import { REVIEW_WINDOW_DAYS, type ReviewItem, type ReviewOwner } from './model.ts';

/** The last day that counts as due on `today`. */
export function dueUntil(today: string): string {
  return addDays(today, REVIEW_WINDOW_DAYS);
}

export type DueState = 'overdue' | 'due';

/** `overdue` before today, `due` from today to REVIEW_WINDOW_DAYS ahead, else undefined. */
export function dueState(nextReview: string | undefined | null, today: string): DueState | undefined {
  if (!nextReview || !/^\d{4}-\d{2}-\d{2}$/.test(nextReview)) return undefined;
  if (nextReview < today) return 'overdue';
  return nextReview <= dueUntil(today) ? 'due' : undefined;
}

export interface OwnerGroup {
  /** Lower-case e-mail address; '' for items without an owner. */
  key: string;
  owner: ReviewOwner | null;
  items: ReviewItem[];
}

/**
 * The due items by owner (the same address, whatever its case, is one owner), owners by name,
 * items without an owner last; within a group the most overdue first.
 */
export function groupByOwner(items: readonly ReviewItem[], today: string): OwnerGroup[] {
  const groups = new Map<string, OwnerGroup>();
  for (const item of items) {
    if (!dueState(item.nextReview, today)) continue;
    const key = item.owner ? item.owner.email.toLowerCase() : '';
    let group = groups.get(key);
    if (!group) {
      group = { key, owner: item.owner, items: [] };
      groups.set(key, group);
    }
    group.items.push(item);
  }
  for (const group of groups.values()) group.items.sort((a, b) => a.nextReview.localeCompare(b.nextReview) || a.title.localeCompare(b.title, 'de'));
  return [...groups.values()].sort((a, b) => {
    if (!a.owner || !b.owner) return a.owner ? -1 : b.owner ? 1 : 0;
    return a.owner.name.localeCompare(b.owner.name, 'de') || a.key.localeCompare(b.key);
  });
}
