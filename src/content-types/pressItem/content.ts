// Press items: their query, their content contract, their view model and their getter.
import { defineQuery } from 'groq';
import { z } from 'zod';
import { imageFields, partnerRef } from '../../lib/sanity/fragments.ts';
import type { PressItemsQueryResult } from '../../../core/sanity/sanity.types.ts';
import type { ContentSource } from '../../lib/sanity/source.ts';
import {
  blockContent,
  danglingRefs,
  image,
  isoDate,
  localeString,
  nullish,
  optionalLocaleString,
  parseAll,
  resolvedPartners,
  seo,
  slug,
  type Accepts,
} from '../../lib/content/contract.ts';
import { englishRule } from '../../../core/english.ts';

export const pressItemsQuery = defineQuery(`
  *[_type == "pressItem"] | order(publishedAt desc) {
    _id,
    _updatedAt,
    title,
    "slug": slug.current,
    publishedAt,
    visibleUntil,
    lead,
    body,
    images[] { _key, ${imageFields} },
    quotes[] { _key, person, role, text },
    "relatedPartners": relatedPartners[]{ "ref": _ref, ...@->${partnerRef} },
    "relatedServices": relatedServices[]{ "ref": _ref, ...@->{ _id, title, "slug": slug.current } },
    seo
  }
`);

export const pressItemSchema = z.object({
  _id: z.string(),
  _updatedAt: nullish(z.string()),
  title: localeString,
  slug,
  publishedAt: isoDate,
  visibleUntil: nullish(z.iso.datetime({ offset: true })),
  lead: localeString,
  body: blockContent,
  images: nullish(z.array(image.extend({ _key: z.string() }))),
  quotes: nullish(z.array(z.object({ _key: z.string(), person: z.string().min(1), role: optionalLocaleString, text: localeString }))),
  relatedPartners: nullish(z.array(z.object({ ref: z.string(), _id: z.string().optional(), name: z.string().optional(), slug: slug.optional() }))),
  relatedServices: nullish(z.array(z.object({ ref: z.string(), _id: z.string().optional(), title: localeString.optional(), slug: slug.optional() }))),
  seo,
});

export type PressItemContractMatches = Accepts<z.input<typeof pressItemSchema>, PressItemsQueryResult[number]>;

type PressRow = z.output<typeof pressItemSchema>;
export type PressItem = Omit<PressRow, 'relatedPartners' | 'relatedServices' | 'images' | 'quotes'> & {
  images: NonNullable<PressRow['images']>;
  quotes: NonNullable<PressRow['quotes']>;
  relatedPartners: { _id: string; name: string; slug: string }[];
  relatedServices: { _id: string; slug: string; title: { de: string; en?: string } }[];
};

export async function loadPressItems(source: ContentSource): Promise<PressItem[]> {
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
}

/** Whether a press item has an English page (registry: English title and lead). */
export const pressHasEnglish = englishRule('pressItem');
