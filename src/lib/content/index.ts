// The site's content API: pages call these getters and receive validated view models. Only
// this layer knows that content comes from GROQ queries (src/lib/sanity).
import type { z } from 'zod';
import {
  eventsQuery,
  openingHoursQuery,
  pagesQuery,
  partnersQuery,
  pressItemsQuery,
  servicesQuery,
  siteSettingsQuery,
} from '../sanity/queries.ts';
import { getSource, type ContentSource } from '../sanity/source.ts';
import { findHoursProblems } from '../opening-hours.ts';
import { ContentContractError, problemsFromZod, type ContractProblem } from './errors.ts';
import {
  eventSchema,
  openingHoursSchema,
  pageSchema,
  partnerSchema,
  pressItemSchema,
  serviceSchema,
  siteSettingsSchema,
} from './schemas.ts';

export { ContentContractError } from './errors.ts';
export type { ContractProblem } from './errors.ts';

type Doc = { _id?: unknown; _type?: unknown };

/** Validates every document of a query result; throws once with all problems. */
function parseAll<S extends z.ZodType>(type: string, schema: S, docs: unknown, check?: (doc: z.output<S>) => ContractProblem[]): z.output<S>[] {
  const list = Array.isArray(docs) ? docs : [];
  const problems: ContractProblem[] = [];
  const parsed: z.output<S>[] = [];
  for (const doc of list) {
    const result = schema.safeParse(doc);
    if (result.success) {
      parsed.push(result.data);
      problems.push(...(check?.(result.data) ?? []));
    } else {
      problems.push(...problemsFromZod(doc as Doc, type, result.error));
    }
  }
  problems.push(...duplicateSlugs(type, parsed as { _id: string; slug?: string }[]));
  if (problems.length > 0) throw new ContentContractError(problems);
  return parsed;
}

function duplicateSlugs(type: string, docs: { _id: string; slug?: string }[]): ContractProblem[] {
  const owners = new Map<string, string>();
  const problems: ContractProblem[] = [];
  for (const doc of docs) {
    if (!doc.slug) continue;
    const owner = owners.get(doc.slug);
    if (owner) {
      problems.push({ id: doc._id, type, field: 'slug', problem: `"${doc.slug}" is already the slug of "${owner}"`, fix: 'give one of the two entries a different URL slug' });
    } else {
      owners.set(doc.slug, doc._id);
    }
  }
  return problems;
}

function danglingRefs(doc: { _id: string }, type: string, field: string, refs: { ref: string; _id?: string }[] | undefined): ContractProblem[] {
  return (refs ?? [])
    .filter((ref) => !ref._id)
    .map((ref) => ({
      id: doc._id,
      type,
      field,
      problem: `points to "${ref.ref}", which does not exist or is not published`,
      fix: `publish "${ref.ref}" or remove the reference`,
    }));
}

function memo<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= load());
}

// ---------------------------------------------------------------------------------------------

type ServiceRow = z.output<typeof serviceSchema>;
export type ServiceCardData = Pick<ServiceRow, '_id' | 'slug' | 'title' | 'summary' | 'category'> & { provider: NonNullable<ServiceRow['provider']> };
export type Service = Omit<ServiceRow, 'providerRef' | 'provider' | 'relatedServices'> & {
  provider: NonNullable<ServiceRow['provider']>;
  relatedServices: ServiceCardData[];
};
export type Partner = z.output<typeof partnerSchema>;
type PressRow = z.output<typeof pressItemSchema>;
export type PressItem = Omit<PressRow, 'relatedPartners' | 'relatedServices' | 'images' | 'quotes'> & {
  images: NonNullable<PressRow['images']>;
  quotes: NonNullable<PressRow['quotes']>;
  relatedPartners: { _id: string; name: string; slug: string }[];
  relatedServices: { _id: string; slug: string; title: { de: string; en?: string } }[];
};
type EventRow = z.output<typeof eventSchema>;
export type KspEvent = Omit<EventRow, 'partners'> & { partners: { _id: string; name: string; slug: string }[] };
export type Page = z.output<typeof pageSchema>;
export type OpeningHoursDoc = z.output<typeof openingHoursSchema>;
export type SiteSettings = z.output<typeof siteSettingsSchema>;

const resolvedPartners = (refs: { _id?: string; name?: string; slug?: string }[] | undefined) =>
  (refs ?? []).flatMap((p) => (p._id && p.name && p.slug ? [{ _id: p._id, name: p.name, slug: p.slug }] : []));

/** The content API over one source; each getter queries once and caches its result. */
export function createContentApi(source: ContentSource) {
  const getServices = memo(async (): Promise<Service[]> => {
    const rows = parseAll('service', serviceSchema, await source.fetch(servicesQuery), (doc) => [
      ...(doc.provider
        ? []
        : [{ id: doc._id, type: 'service', field: 'provider', problem: `points to "${doc.providerRef}", which does not exist or is not published`, fix: 'publish that partner or choose another provider (field "Anbieter")' }]),
      ...danglingRefs(doc, 'service', 'relatedServices', doc.relatedServices ?? undefined),
    ]);
    const cards = new Map<string, ServiceCardData>(
      rows.map((row) => [row._id, { _id: row._id, slug: row.slug, title: row.title, summary: row.summary, category: row.category, provider: row.provider! }]),
    );
    return rows.map(({ providerRef: _providerRef, provider, relatedServices, ...rest }) => ({
      ...rest,
      provider: provider!,
      relatedServices: (relatedServices ?? []).flatMap((related) => {
        const card = cards.get(related.ref);
        return card && card._id !== rest._id ? [card] : [];
      }),
    }));
  });

  const getPartners = memo(async (): Promise<Partner[]> => parseAll('partner', partnerSchema, await source.fetch(partnersQuery)));

  const getPressItems = memo(async (): Promise<PressItem[]> => {
    const rows = parseAll('pressItem', pressItemSchema, await source.fetch(pressItemsQuery), (doc) => [
      ...danglingRefs(doc, 'pressItem', 'relatedPartners', doc.relatedPartners ?? undefined),
      ...danglingRefs(doc, 'pressItem', 'relatedServices', doc.relatedServices ?? undefined),
    ]);
    return rows.map((row) => ({
      ...row,
      images: row.images ?? [],
      quotes: row.quotes ?? [],
      relatedPartners: resolvedPartners(row.relatedPartners ?? undefined),
      relatedServices: (row.relatedServices ?? []).flatMap((s) => (s._id && s.slug && s.title ? [{ _id: s._id, slug: s.slug, title: s.title }] : [])),
    }));
  });

  const getEvents = memo(async (): Promise<KspEvent[]> => {
    const rows = parseAll('event', eventSchema, await source.fetch(eventsQuery), (doc) => [
      ...danglingRefs(doc, 'event', 'partners', doc.partners ?? undefined),
      ...(Date.parse(doc.end) < Date.parse(doc.start)
        ? [{ id: doc._id, type: 'event', field: 'end', problem: `ends (${doc.end}) before it starts (${doc.start})`, fix: 'set the end after the start' }]
        : []),
    ]);
    return rows.map((row) => ({ ...row, partners: resolvedPartners(row.partners ?? undefined) }));
  });

  const getPages = memo(async (): Promise<Page[]> => parseAll('page', pageSchema, await source.fetch(pagesQuery)));

  const getOpeningHours = memo(async (): Promise<OpeningHoursDoc[]> => {
    const docs = parseAll('openingHours', openingHoursSchema, await source.fetch(openingHoursQuery), (doc) =>
      findHoursProblems(doc).map((message) => {
        const [where, ...rest] = message.split(': ');
        return {
          id: doc._id,
          type: 'openingHours',
          field: /^Regular week/.test(where!) ? 'week' : /^Period/i.test(where!) ? 'periods' : /^Special day/i.test(where!) ? 'specialDays' : 'timeZone',
          problem: rest.length > 0 ? `${where}: ${rest.join(': ')}` : message,
          fix: 'correct the times in the Studio (Öffnungszeiten) so that each interval closes after it opens and intervals do not overlap',
        };
      }),
    );
    if (docs.length === 0) {
      throw new ContentContractError([{ id: 'openingHours.ksp', type: 'openingHours', field: '(whole entry)', problem: 'no opening hours entry is published', fix: 'publish the opening hours in the Studio (Öffnungszeiten)' }]);
    }
    return docs;
  });

  const getSiteSettings = memo(async (): Promise<SiteSettings> => {
    const doc = await source.fetch<unknown>(siteSettingsQuery);
    if (!doc) {
      throw new ContentContractError([{ id: 'siteSettings', type: 'siteSettings', field: '(whole entry)', problem: 'the site settings are not published', fix: 'publish the site settings in the Studio (Einstellungen)' }]);
    }
    return parseAll('siteSettings', siteSettingsSchema, [doc])[0]!;
  });

  return { getServices, getPartners, getPressItems, getEvents, getPages, getOpeningHours, getSiteSettings };
}

export type ContentApi = ReturnType<typeof createContentApi>;

let api: ContentApi | undefined;
const content = (): ContentApi => (api ??= createContentApi(getSource()));

// The getters pages use: bound to the source the environment chose.
export const getServices = () => content().getServices();
export const getPartners = () => content().getPartners();
export const getPressItems = () => content().getPressItems();
export const getEvents = () => content().getEvents();
export const getPages = () => content().getPages();
export const getOpeningHours = () => content().getOpeningHours();
export const getSiteSettings = () => content().getSiteSettings();
