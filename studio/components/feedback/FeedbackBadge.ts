// "3 neue Rückmeldungen" next to a service, partner, event or page that citizens commented on.
import { getPublishedId, type DocumentBadgeComponent } from 'sanity';
import { DOCUMENT_FEEDBACK_QUERY, newFeedbackLabel, type FeedbackItem } from './queries';
import { useFeedbackQuery } from './useFeedback';

export const FeedbackBadge: DocumentBadgeComponent = ({ id }) => {
  const items = useFeedbackQuery<FeedbackItem[]>(DOCUMENT_FEEDBACK_QUERY, { id: getPublishedId(id) });
  const label = items ? newFeedbackLabel(items) : undefined;
  if (!label) return null;
  return { label, title: 'Rückmeldungen von Bürgerinnen und Bürgern: siehe Reiter „Rückmeldungen“', color: 'warning' };
};
