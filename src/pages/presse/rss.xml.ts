// RSS 2.0 feed of the press items in this language.
import type { APIRoute } from 'astro';
import { pressFeed, pressFeedKey } from '../../lib/feed-endpoints.ts';

export const GET: APIRoute = ({ site }) => pressFeed('de', site!);

/** Fast publishes render the feed again only when this changes. */
export const pageKey = () => pressFeedKey('de');
