// One event as an iCalendar file: /…/<slug>.ics, linked from the event page.
import type { APIRoute, GetStaticPaths, InferGetStaticPropsType } from 'astro';
import { eventCalendar, eventIcsPaths } from '../../../lib/feed-endpoints.ts';

export const getStaticPaths = (() => eventIcsPaths('en')) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props, site }) => eventCalendar((props as InferGetStaticPropsType<typeof getStaticPaths>).event, 'en', site!);
