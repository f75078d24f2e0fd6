// Opening hours: their query, their content contract (with the checks of
// core/opening-hours.ts) and their getter.
import { defineQuery } from 'groq';
import { z } from 'zod';
import type { OpeningHoursQueryResult } from '../../../core/sanity/sanity.types.ts';
import type { ContentSource } from '../../lib/sanity/source.ts';
import { hhmm, isoDate, localeString, nullish, optionalLocaleString, parseWhole, type Accepts } from '../../lib/content/contract.ts';
import { ContentContractError } from '../../../core/content/errors.ts';
import { findHoursProblems } from '../../../core/opening-hours.ts';

export const openingHoursQuery = defineQuery(`
  *[_type == "openingHours"] | order(_id asc) {
    _id,
    _updatedAt,
    location,
    timeZone,
    holidayRegion,
    week,
    periods,
    specialDays,
    note
  }
`);

const interval = z.object({ opens: hhmm, closes: hhmm });
const dayHours = z.object({
  day: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
  closed: nullish(z.boolean()).transform((value) => value ?? false),
  intervals: nullish(z.array(interval)).transform((value) => value ?? []),
});
export const openingHoursSchema = z.object({
  _id: z.string(),
  _updatedAt: nullish(z.string()),
  location: z.string().min(1),
  timeZone: z.literal('Europe/Berlin'),
  holidayRegion: nullish(z.string()),
  week: z.array(dayHours).length(7, 'the week needs exactly 7 days, Monday to Sunday'),
  periods: nullish(
    z.array(z.object({ label: localeString, validFrom: isoDate, validUntil: isoDate, week: z.array(dayHours).length(7) })),
  ).transform((value) => value ?? []),
  specialDays: nullish(
    z.array(z.object({ date: isoDate, kind: z.enum(['closed', 'hours']), intervals: nullish(z.array(interval)).transform((v) => v ?? []), note: localeString })),
  ).transform((value) => value ?? []),
  note: optionalLocaleString,
});

export type OpeningHoursContractMatches = Accepts<z.input<typeof openingHoursSchema>, OpeningHoursQueryResult[number]>;

export type OpeningHoursDoc = z.output<typeof openingHoursSchema>;

export async function loadOpeningHours(source: ContentSource): Promise<OpeningHoursDoc[]> {
  const docs = parseWhole('openingHours', openingHoursSchema, await source.fetch(openingHoursQuery), (doc) =>
    findHoursProblems(doc).map((message) => {
      const [where, ...rest] = message.split(': ');
      return {
        id: doc._id,
        type: 'openingHours',
        field: /^Regular week/.test(where!) ? 'week' : /^Period/i.test(where!) ? 'periods' : /^Special day/i.test(where!) ? 'specialDays' : 'timeZone',
        problem: rest.length > 0 ? `${where}: ${rest.join(': ')}` : message,
        fix: 'correct the times in the Studio (Öffnungszeiten) so that each interval closes after it opens and intervals do not overlap',
        code: { kind: 'hours' as const },
      };
    }),
  );
  if (docs.length === 0) {
    throw new ContentContractError([{ id: 'openingHours-ksp', type: 'openingHours', field: '(whole entry)', problem: 'no opening hours entry is published', fix: 'publish the opening hours in the Studio (Öffnungszeiten)', code: { kind: 'not-published' } }]);
  }
  return docs;
}
