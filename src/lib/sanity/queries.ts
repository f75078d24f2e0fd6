// Every GROQ query of the site, in one place. They run unchanged on Sanity's API
// (@sanity/client, `published` perspective) and on the embedded dataset (groq-js).
// Projections flatten what pages need (slugs, dereferenced partners, image URLs) so the
// mappers in src/lib/content never see raw documents.
import { defineQuery } from 'groq';

// Fragments are plain strings spliced into the queries; typegen resolves them statically.
const imageFields = /* groq */ `
  "url": asset->url,
  "width": asset->metadata.dimensions.width,
  "height": asset->metadata.dimensions.height,
  alt,
  credit,
  caption
`;

const partnerRef = /* groq */ `{
  _id,
  name,
  "slug": slug.current
}`;

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

export const pressItemsQuery = defineQuery(`
  *[_type == "pressItem"] | order(publishedAt desc) {
    _id,
    _updatedAt,
    title,
    "slug": slug.current,
    publishedAt,
    lead,
    body,
    images[] { _key, ${imageFields} },
    quotes[] { _key, person, role, text },
    "relatedPartners": relatedPartners[]{ "ref": _ref, ...@->${partnerRef} },
    "relatedServices": relatedServices[]{ "ref": _ref, ...@->{ _id, title, "slug": slug.current } },
    seo
  }
`);

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

export const pagesQuery = defineQuery(`
  *[_type == "page"] | order(pageType asc) {
    _id,
    _updatedAt,
    pageType,
    title,
    "slug": slug.current,
    "slugEn": slugEn.current,
    summary,
    body,
    seo
  }
`);

export const openingHoursQuery = defineQuery(`
  *[_type == "openingHours"] | order(_id asc) {
    _id,
    location,
    timeZone,
    holidayRegion,
    week,
    periods,
    specialDays,
    note
  }
`);

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
