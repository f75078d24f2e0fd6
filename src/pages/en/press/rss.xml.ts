// RSS 2.0 feed of the press items in this language.
import type { APIRoute } from 'astro';
import { pressFeed } from '../../../lib/feed-endpoints.ts';

export const GET: APIRoute = ({ site }) => pressFeed('en', site!);
