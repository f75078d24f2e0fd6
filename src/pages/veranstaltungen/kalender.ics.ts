// Calendar feed (iCalendar) of the upcoming events, to subscribe to in Apple, Google or Outlook.
import type { APIRoute } from 'astro';
import { upcomingCalendar } from '../../lib/feed-endpoints.ts';

export const GET: APIRoute = ({ site }) => upcomingCalendar('de', site!);
