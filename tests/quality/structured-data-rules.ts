// The properties each schema.org type must carry in our JSON-LD, after Google's structured-data
// documentation (developers.google.com/search/docs/appearance/structured-data/…). Where Google
// only "recommends" a property that a rich result needs in practice, we require it too.
//
// Path syntax: `a.b` descends into objects; arrays are checked element by element (`author.name`
// means every author has a name); `a|b` means one of the alternatives is enough.
// A top-level type that is not listed here fails the test: add it with its documented properties.

export interface TypeRule {
  required: readonly string[];
  /** Properties holding ISO 8601 dates or date-times. */
  dates?: readonly string[];
  source: string;
}

export const STRUCTURED_DATA_RULES: Record<string, TypeRule> = {
  Event: {
    // Google: name, startDate, location required; a Place needs its address.
    required: ['name', 'startDate', 'location', 'location.name', 'location.address|location.url'],
    dates: ['startDate', 'endDate'],
    source: 'https://developers.google.com/search/docs/appearance/structured-data/event',
  },
  NewsArticle: {
    // Google lists no required Article property; headline, image, datePublished and author
    // (with name) are the recommended ones a news result shows.
    required: ['headline', 'image', 'datePublished', 'author', 'author.name'],
    dates: ['datePublished', 'dateModified'],
    source: 'https://developers.google.com/search/docs/appearance/structured-data/article',
  },
  BreadcrumbList: {
    required: ['itemListElement', 'itemListElement.position', 'itemListElement.name', 'itemListElement.item'],
    source: 'https://developers.google.com/search/docs/appearance/structured-data/breadcrumb',
  },
  GovernmentOffice: {
    // A LocalBusiness subtype: name and address required; the address parts make it usable.
    required: ['name', 'address', 'address.streetAddress', 'address.postalCode', 'address.addressLocality'],
    source: 'https://developers.google.com/search/docs/appearance/structured-data/local-business',
  },
  LocalBusiness: {
    required: ['name', 'address', 'address.streetAddress', 'address.postalCode', 'address.addressLocality'],
    source: 'https://developers.google.com/search/docs/appearance/structured-data/local-business',
  },
  GovernmentService: {
    // No Google rich result; schema.org's meaning needs a name and who provides the service.
    required: ['name', 'provider|serviceOperator', 'provider.name|serviceOperator.name'],
    source: 'https://schema.org/GovernmentService',
  },
  Organization: {
    required: ['name'],
    source: 'https://developers.google.com/search/docs/appearance/structured-data/organization',
  },
  GovernmentOrganization: {
    required: ['name'],
    source: 'https://developers.google.com/search/docs/appearance/structured-data/organization',
  },
  WebSite: {
    required: ['name', 'url'],
    source: 'https://developers.google.com/search/docs/appearance/site-names',
  },
  Place: {
    required: ['name', 'address'],
    source: 'https://schema.org/Place',
  },
  ItemList: {
    required: ['itemListElement', 'itemListElement.position'],
    source: 'https://developers.google.com/search/docs/appearance/structured-data/carousel',
  },
};

/** Properties whose values are URLs; when they point at the site itself, the target must exist. */
export const URL_PROPERTIES = ['url', 'item', 'mainEntityOfPage', 'image', 'logo', 'sameAs'] as const;
