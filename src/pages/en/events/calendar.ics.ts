// Calendar feed (iCalendar) of the upcoming events, to subscribe to in Apple, Google or Outlook.
import type { APIRoute } from 'astro';
import { upcomingCalendar, upcomingCalendarKey } from '../../../lib/feed-endpoints.ts';

export const GET: APIRoute = ({ site }) => upcomingCalendar('en', site!);

/** Fast publishes render the calendar again only when this changes. */
export const pageKey = upcomingCalendarKey;
