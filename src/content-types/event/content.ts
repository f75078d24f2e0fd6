// Events: their query, their content contract, their view model and their getter.
import { defineQuery } from 'groq';
import { z } from 'zod';
import { imageFields, partnerRef } from '../../lib/sanity/fragments.ts';
import type { EventsQueryResult } from '../../../core/sanity/sanity.types.ts';
import type { ContentSource } from '../../lib/sanity/source.ts';
import { blockContent, danglingRefs, image, localeString, nullish, optionalLocaleString, parseAll, resolvedPartners, slug, type Accepts } from '../../lib/content/contract.ts';
import { englishRule } from '../../../core/english.ts';

export const eventsQuery = defineQuery(`
  *[_type == "event"] | order(start asc) {
    _id,
    _updatedAt,
    title,
    "slug": slug.current,
    start,
    end,
    place,
    summary,
    description,
    series,
    image { ${imageFields} },
    "partners": partners[]{ "ref": _ref, ...@->${partnerRef} }
  }
`);

export const eventSchema = z.object({
  _id: z.string(),
  _updatedAt: nullish(z.string()),
  title: localeString,
  slug,
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
  place: localeString,
  summary: localeString,
  description: nullish(blockContent),
  series: optionalLocaleString,
  image: nullish(image),
  partners: nullish(z.array(z.object({ ref: z.string(), _id: z.string().optional(), _updatedAt: nullish(z.string()), name: z.string().optional(), slug: slug.optional() }))),
});

export type EventContractMatches = Accepts<z.input<typeof eventSchema>, EventsQueryResult[number]>;

type EventRow = z.output<typeof eventSchema>;
export type KspEvent = Omit<EventRow, 'partners'> & { partners: { _id: string; _updatedAt: string | null; name: string; slug: string }[] };

export async function loadEvents(source: ContentSource): Promise<KspEvent[]> {
  const rows = parseAll('event', eventSchema, await source.fetch(eventsQuery), (doc) => [
    ...danglingRefs(doc, 'event', 'partners', doc.partners ?? undefined),
    ...(Date.parse(doc.end) < Date.parse(doc.start)
      ? [{ id: doc._id, type: 'event', field: 'end', problem: `ends (${doc.end}) before it starts (${doc.start})`, fix: 'set the end after the start', code: { kind: 'end-before-start' as const } }]
      : []),
  ]);
  return rows.map((row) => ({ ...row, partners: resolvedPartners(row.partners ?? undefined) }));
}

/** Whether an event has an English page (registry: English title and summary). */
export const eventHasEnglish = englishRule('event');
