// Services: their query, their content contract, their view models and their getter.
import { defineQuery } from 'groq';
import { z } from 'zod';
import { partnerRef } from '../../lib/sanity/fragments.ts';
import type { ServicesQueryResult } from '../../../core/sanity/sanity.types.ts';
import type { ContentSource } from '../../lib/sanity/source.ts';
import {
  blockContent,
  danglingRefs,
  isoDate,
  localeString,
  localeStringList,
  nullish,
  optionalLocaleString,
  parseAll,
  partnerLink,
  seo,
  slug,
  type Accepts,
} from '../../lib/content/contract.ts';
import { englishRule } from '../../../core/english.ts';
import { SERVICE_CATEGORY_VALUES } from '../../../core/service-categories.ts';

// What a service card shows; the services query starts with it.
const serviceCard = /* groq */ `
  _id,
  _updatedAt,
  title,
  "slug": slug.current,
  summary,
  category,
  featured,
  searchTerms,
  "provider": provider->${partnerRef}
`;

export const servicesQuery = defineQuery(`
  *[_type == "service"] | order(title.de asc) {
    ${serviceCard},
    body,
    whatToBring,
    fees,
    appointment,
    processingTime,
    onlineService,
    lastReviewed,
    seo,
    "providerRef": provider._ref,
    "relatedServices": relatedServices[]{ "ref": _ref, "_id": @->_id }
  }
`);

export const serviceSchema = z.object({
  _id: z.string(),
  _updatedAt: nullish(z.string()),
  title: localeString,
  slug,
  summary: localeString,
  body: blockContent,
  category: z.enum(SERVICE_CATEGORY_VALUES),
  featured: nullish(z.boolean()),
  searchTerms: nullish(localeStringList),
  providerRef: z.string({ message: 'no provider is chosen' }),
  provider: nullish(partnerLink),
  whatToBring: nullish(localeStringList),
  fees: optionalLocaleString,
  appointment: nullish(
    z.object({ required: z.boolean(), howToBook: optionalLocaleString, bookingUrl: nullish(z.url()) }),
  ),
  processingTime: optionalLocaleString,
  onlineService: nullish(z.object({ url: z.url(), label: optionalLocaleString })),
  lastReviewed: nullish(isoDate),
  seo,
  relatedServices: nullish(z.array(z.object({ ref: z.string(), _id: nullish(z.string()) }))),
});

export type ServiceContractMatches = Accepts<z.input<typeof serviceSchema>, ServicesQueryResult[number]>;

type ServiceRow = z.output<typeof serviceSchema>;
export type ServiceCardData = Pick<ServiceRow, '_id' | 'slug' | 'title' | 'summary' | 'category'> & { provider: NonNullable<ServiceRow['provider']> };
export type Service = Omit<ServiceRow, 'providerRef' | 'provider' | 'relatedServices'> & {
  provider: NonNullable<ServiceRow['provider']>;
  relatedServices: ServiceCardData[];
};

export async function loadServices(source: ContentSource): Promise<Service[]> {
  const rows = parseAll('service', serviceSchema, await source.fetch(servicesQuery), (doc) => [
    ...(doc.provider
      ? []
      : [{ id: doc._id, type: 'service', field: 'provider', problem: `points to "${doc.providerRef}", which does not exist or is not published`, fix: 'publish that partner or choose another provider (field "Anbieter")', code: { kind: 'reference' as const, ref: doc.providerRef } }]),
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
}

/** Whether a service has an English page (registry: an English title). */
export const serviceHasEnglish = englishRule('service');
