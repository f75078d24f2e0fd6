// Compile-time link between the Studio schema and the site's content contract: every field the
// zod contract of a query reads must exist in the result type that `sanity typegen` generates for
// that query (from the Studio schema and src/lib/sanity/queries.ts). A field renamed in the Studio
// or dropped from a projection fails `npm run check` here, before any build meets real content.
// Nullability is deliberately not compared: typegen marks every dereference as nullable and
// every non-required Studio field as optional, while the contract decides what a page cannot do
// without and checks it at build time with a message that names the document.
import type { z } from 'zod';
import type {
  EventsQueryResult,
  OpeningHoursQueryResult,
  PagesQueryResult,
  PartnersQueryResult,
  PressItemsQueryResult,
  ServicesQueryResult,
  SiteSettingsQueryResult,
} from '../sanity/sanity.types.ts';
import type {
  eventSchema,
  openingHoursSchema,
  pageSchema,
  partnerSchema,
  pressItemSchema,
  serviceSchema,
  siteSettingsSchema,
} from './schemas.ts';

/** Compiles only when every field of the contract exists in the generated query result. */
type Accepts<Contract, Generated extends Record<keyof Contract, unknown>> = Generated;

export type GeneratedTypesMatchContract = [
  Accepts<z.input<typeof serviceSchema>, ServicesQueryResult[number]>,
  Accepts<z.input<typeof partnerSchema>, PartnersQueryResult[number]>,
  Accepts<z.input<typeof pressItemSchema>, PressItemsQueryResult[number]>,
  Accepts<z.input<typeof eventSchema>, EventsQueryResult[number]>,
  Accepts<z.input<typeof pageSchema>, PagesQueryResult[number]>,
  Accepts<z.input<typeof openingHoursSchema>, OpeningHoursQueryResult[number]>,
  Accepts<z.input<typeof siteSettingsSchema>, NonNullable<SiteSettingsQueryResult>>,
];
