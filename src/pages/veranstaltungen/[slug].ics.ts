// One event as an iCalendar file: /…/<slug>.ics, linked from the event page.
import type { APIRoute, GetStaticPaths } from 'astro';
import { notFound, routeProps } from '../../lib/route-props.ts';
import { eventCalendar, eventIcsPaths } from '../../lib/feed-endpoints.ts';

export const getStaticPaths = (() => eventIcsPaths('de')) satisfies GetStaticPaths;

export const GET: APIRoute = async (context) => {
  const props = await routeProps(context, getStaticPaths);
  return props ? eventCalendar(props.event, 'de', context.site!) : notFound();
};
