// Site settings (one document): their query, their content contract and their getter.
import { defineQuery } from 'groq';
import { z } from 'zod';
import { imageFields } from '../../lib/sanity/fragments.ts';
import type { SiteSettingsQueryResult } from '../../../core/sanity/sanity.types.ts';
import type { ContentSource } from '../../lib/sanity/source.ts';
import { image, isoDate, localeString, nullish, parseWhole, timeOfDay, type Accepts } from '../../lib/content/contract.ts';
import { ContentContractError, FORMAT_HINTS } from '../../../core/content/errors.ts';

export const siteSettingsQuery = defineQuery(`
  *[_type == "siteSettings" && _id == "siteSettings"][0] {
    _id,
    title,
    tagline,
    address,
    geo,
    contact,
    directions,
    navigation,
    alert,
    accessibilityContact,
    searchSynonyms,
    defaultSeoImage { ${imageFields} }
  }
`);

const link = z.object({ label: localeString, href: z.string().regex(/^(\/|https:\/\/)/, FORMAT_HINTS.link) });
export const siteSettingsSchema = z.object({
  _id: z.literal('siteSettings'),
  title: z.string().min(1),
  tagline: localeString,
  address: z.object({ building: z.string(), floor: localeString, street: z.string(), postalCode: z.string(), city: z.string() }),
  geo: nullish(z.object({ lat: z.number(), lng: z.number() })),
  contact: z.object({ phone: z.string(), email: z.email() }),
  directions: nullish(localeString),
  navigation: nullish(z.array(link)).transform((value) => value ?? []),
  alert: nullish(
    z.object({
      enabled: z.boolean(),
      level: z.enum(['info', 'warning']),
      message: localeString,
      validFrom: nullish(isoDate),
      validFromTime: nullish(timeOfDay),
      validUntil: nullish(isoDate),
      validUntilTime: nullish(timeOfDay),
    }),
  ),
  accessibilityContact: nullish(z.object({ email: nullish(z.email()), phone: nullish(z.string()) })),
  searchSynonyms: nullish(z.array(z.object({ term: z.string(), synonyms: z.array(z.string()) }))).transform((v) => v ?? []),
  defaultSeoImage: nullish(image),
});

export type SiteSettingsContractMatches = Accepts<z.input<typeof siteSettingsSchema>, NonNullable<SiteSettingsQueryResult>>;

export type SiteSettings = z.output<typeof siteSettingsSchema>;

export async function loadSiteSettings(source: ContentSource): Promise<SiteSettings> {
  const doc = await source.fetch<unknown>(siteSettingsQuery);
  if (!doc) {
    throw new ContentContractError([{ id: 'siteSettings', type: 'siteSettings', field: '(whole entry)', problem: 'the site settings are not published', fix: 'publish the site settings in the Studio (Einstellungen)', code: { kind: 'not-published' } }]);
  }
  return parseWhole('siteSettings', siteSettingsSchema, [doc])[0]!;
}
