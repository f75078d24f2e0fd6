// "Prüfung fällig" on a service, page or partner whose published next review is overdue or within
// REVIEW_WINDOW_DAYS; the tooltip gives the date in German.
import type { DocumentBadgeDescription, DocumentBadgeProps } from 'sanity';
import { berlinDate, describeDue, formatGermanDate } from '../../core/review/dates';
import { dueState } from '../../core/review/due';

export function ReviewBadge(props: DocumentBadgeProps): DocumentBadgeDescription | null {
  const next = props.published?.nextReview;
  const today = berlinDate(new Date());
  const state = typeof next === 'string' ? dueState(next, today) : undefined;
  if (!state || typeof next !== 'string') return null;
  return {
    label: 'Prüfung fällig',
    title: `Nächste Prüfung am ${formatGermanDate(next)} – ${describeDue(next, today)}. Nach der Prüfung „Geprüft – weiter in 12 Monaten“ wählen.`,
    color: state === 'overdue' ? 'danger' : 'warning',
  };
}
