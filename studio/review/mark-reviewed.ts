// "Geprüft – weiter in 12 Monaten": records a review on the published document at once.
//
// Why published and not as a draft: the editor confirms that what citizens see now was checked.
// A draft would leave the item due (the list, the badge and the reminder mail read the published
// date) until someone publishes it, and would ride along with unrelated unfinished edits. So the
// published document gets the new date directly; an open draft gets the same values, so its
// next publish does not undo them, and its other edits stay unpublished. A service's public
// "Zuletzt geprüft am" becomes today as well: that is the same fact, shown on its page.
import type { SanityClient } from 'sanity';
import { addMonths, berlinDate } from '../../core/review/dates';
import { REVIEW_INTERVAL_MONTHS } from '../../core/review/model';
import { DRAFTS_PREFIX } from '../../core/sanity/ids';

export async function markReviewed(client: SanityClient, document: { _id: string; _type: string }, now = new Date()): Promise<string> {
  const publishedId = document._id.startsWith(DRAFTS_PREFIX) ? document._id.slice(DRAFTS_PREFIX.length) : document._id;
  const today = berlinDate(now);
  const nextReview = addMonths(today, REVIEW_INTERVAL_MONTHS);
  const values: Record<string, string> = { nextReview, ...(document._type === 'service' ? { lastReviewed: today } : {}) };
  const draftId = `${DRAFTS_PREFIX}${publishedId}`;
  const draft = await client.fetch<string | null>('*[_id == $id][0]._id', { id: draftId }, { perspective: 'raw' });
  const transaction = client.transaction().patch(publishedId, (patch) => patch.set(values));
  if (draft) transaction.patch(draftId, (patch) => patch.set(values));
  await transaction.commit({ visibility: 'async' });
  return nextReview;
}
