// Partners: their query, their content contract and their getter.
import { defineQuery } from 'groq';
import { z } from 'zod';
import { imageFields } from '../../lib/sanity/fragments.ts';
import type { PartnersQueryResult } from '../../../core/sanity/sanity.types.ts';
import type { ContentSource } from '../../lib/sanity/source.ts';
import { blockContent, image, localeString, parseAll, slug, nullish, type Accepts } from '../../lib/content/contract.ts';
import { englishRule } from '../../../core/english.ts';
import { PARTNER_KIND_VALUES } from '../../../core/partner-kinds.ts';

export const partnersQuery = defineQuery(`
  *[_type == "partner"] | order(name asc) {
    _id,
    _updatedAt,
    name,
    "slug": slug.current,
    kind,
    summary,
    description,
    website,
    logo { ${imageFields} }
  }
`);

export const partnerSchema = z.object({
  _id: z.string(),
  _updatedAt: nullish(z.string()),
  name: z.string().min(1),
  slug,
  kind: z.enum(PARTNER_KIND_VALUES),
  summary: localeString,
  description: nullish(blockContent),
  website: nullish(z.url()),
  logo: nullish(image),
});
export type PartnerContractMatches = Accepts<z.input<typeof partnerSchema>, PartnersQueryResult[number]>;

export type Partner = z.output<typeof partnerSchema>;

export async function loadPartners(source: ContentSource): Promise<Partner[]> {
  return parseAll('partner', partnerSchema, await source.fetch(partnersQuery));
}

/** Whether a partner has an English page (registry: an English summary). */
export const partnerHasEnglish = englishRule('partner');
