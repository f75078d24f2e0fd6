// Review dates with owners (issue 27): the tool "Zu prüfen", the badge "Prüfung fällig", the action
// "Geprüft – weiter in 12 Monaten" and a publish action that fills an empty "Nächste Prüfung" on
// services, pages and partners (core/review/). The reminder mails are sent by the publish server
// or the Netlify Function; the tool reads their state from the site (SANITY_STUDIO_SITE_URL).
import { ClockIcon } from '@sanity/icons/Clock';
import { definePlugin } from 'sanity';
import { REVIEW_TYPES } from '../../core/review/model';
import { MarkReviewedAction, withReviewDate } from './actions';
import { ReviewBadge } from './ReviewBadge';
import { ReviewTool } from './ReviewTool';

const TYPES = new Set<string>(REVIEW_TYPES);

export const reviewDates = definePlugin<{ siteUrl: string | undefined }>(({ siteUrl }) => ({
  name: 'ksp-review-dates',
  tools: [{ name: 'zu-pruefen', title: 'Zu prüfen', icon: ClockIcon, component: () => <ReviewTool siteUrl={siteUrl} /> }],
  document: {
    badges: (previous, context) => (TYPES.has(context.schemaType) ? [...previous, ReviewBadge] : previous),
    actions: (previous, context) => {
      if (!TYPES.has(context.schemaType)) return previous;
      const actions = previous.map((action) => (action.action === 'publish' ? withReviewDate(action) : action));
      const publishAt = actions.findIndex((action) => action.action === 'publish');
      // Right after "Veröffentlichen", so it sits in the menu next to the publishing actions.
      actions.splice(publishAt + 1, 0, MarkReviewedAction);
      return actions;
    },
  },
}));
