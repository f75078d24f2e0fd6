// Zod schemas for the query results: the contract between the CMS and the pages. Optional in
// the CMS means optional here; everything a page cannot render without is required.
import { z } from 'zod';

const nullish = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

export const localeString = z.object({ de: z.string().min(1), en: nullish(z.string()) });
export const optionalLocaleString = nullish(z.object({ de: nullish(z.string()), en: nullish(z.string()) }));
export const localeStringList = z.object({ de: nullish(z.array(z.string())), en: nullish(z.array(z.string())) });

const span = z.looseObject({ _type: z.string(), text: z.string().optional(), marks: z.array(z.string()).optional() });
export const portableTextBlock = z.looseObject({
  _type: z.string(),
  _key: z.string().optional(),
  style: z.string().optional(),
  listItem: z.string().optional(),
  level: z.number().optional(),
  children: z.array(span).optional(),
  markDefs: z.array(z.looseObject({ _key: z.string(), _type: z.string(), href: z.string().optional() })).optional(),
});
export const blockContent = z.object({
  de: z.array(portableTextBlock),
  en: nullish(z.array(portableTextBlock)),
});

export const image = z.object({
  url: z.string().min(1),
  width: z.number().positive(),
  height: z.number().positive(),
  alt: localeString,
  credit: z.string().min(1),
  caption: optionalLocaleString,
});

export const seo = nullish(z.object({ title: optionalLocaleString, description: optionalLocaleString }));

export const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase letters, digits and single dashes');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2026-10-07');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a time like 09:30');

export const partnerLink = z.object({ _id: z.string(), name: z.string().min(1), slug });

export const partnerSchema = z.object({
  _id: z.string(),
  _updatedAt: nullish(z.string()),
  name: z.string().min(1),
  slug,
  kind: z.enum(['cityOffice', 'cityCompany', 'retailer', 'education', 'police', 'marketing', 'other']),
  summary: localeString,
  description: nullish(blockContent),
  website: nullish(z.url()),
  logo: nullish(image),
});

export const serviceCategories = ['documents', 'energy', 'culture', 'mobility', 'citizenInfo', 'waste'] as const;

export const serviceSchema = z.object({
  _id: z.string(),
  _updatedAt: nullish(z.string()),
  title: localeString,
  slug,
  summary: localeString,
  body: blockContent,
  category: z.enum(serviceCategories),
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

export const pressItemSchema = z.object({
  _id: z.string(),
  _updatedAt: nullish(z.string()),
  title: localeString,
  slug,
  publishedAt: isoDate,
  lead: localeString,
  body: blockContent,
  images: nullish(z.array(image.extend({ _key: z.string() }))),
  quotes: nullish(z.array(z.object({ _key: z.string(), person: z.string().min(1), role: optionalLocaleString, text: localeString }))),
  relatedPartners: nullish(z.array(z.object({ ref: z.string(), _id: z.string().optional(), name: z.string().optional(), slug: slug.optional() }))),
  relatedServices: nullish(z.array(z.object({ ref: z.string(), _id: z.string().optional(), title: localeString.optional(), slug: slug.optional() }))),
  seo,
});

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
  partners: nullish(z.array(z.object({ ref: z.string(), _id: z.string().optional(), name: z.string().optional(), slug: slug.optional() }))),
});

export const pageTypes = ['about', 'directions', 'imprint', 'privacy', 'accessibility', 'easyLanguage'] as const;

export const pageSchema = z.object({
  _id: z.string(),
  _updatedAt: nullish(z.string()),
  pageType: z.enum(pageTypes),
  title: localeString,
  slug,
  slugEn: nullish(slug),
  summary: localeString,
  body: blockContent,
  seo,
});

const interval = z.object({ opens: hhmm, closes: hhmm });
const dayHours = z.object({
  day: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
  closed: nullish(z.boolean()).transform((value) => value ?? false),
  intervals: nullish(z.array(interval)).transform((value) => value ?? []),
});
export const openingHoursSchema = z.object({
  _id: z.string(),
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

const link = z.object({ label: localeString, href: z.string().regex(/^(\/|https:\/\/)/, 'use an internal path starting with "/" or an https:// URL') });
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
    z.object({ enabled: z.boolean(), level: z.enum(['info', 'warning']), message: localeString, validUntil: nullish(isoDate) }),
  ),
  accessibilityContact: nullish(z.object({ email: nullish(z.email()), phone: nullish(z.string()) })),
  searchSynonyms: nullish(z.array(z.object({ term: z.string(), synonyms: z.array(z.string()) }))).transform((v) => v ?? []),
  defaultSeoImage: nullish(image),
});
