import type { SchemaTypeDefinition } from 'sanity';

import { event } from './documents/event';
import { feedback } from './documents/feedback';
import { notAtKsp } from './documents/notAtKsp';
import { page } from './documents/page';
import { partner } from './documents/partner';
import { pressItem } from './documents/pressItem';
import { service } from './documents/service';
import { dayHours } from './objects/dayHours';
import { hoursPeriod } from './objects/hoursPeriod';
import { imageWithAlt } from './objects/imageWithAlt';
import { link } from './objects/link';
import { localeBlockContent } from './objects/localeBlockContent';
import { localeString } from './objects/localeString';
import { localeStringList } from './objects/localeStringList';
import { localeText } from './objects/localeText';
import { quote } from './objects/quote';
import { reviewOwner } from './objects/reviewOwner';
import { seo } from './objects/seo';
import { specialDay } from './objects/specialDay';
import { synonymGroup } from './objects/synonymGroup';
import { timeInterval } from './objects/timeInterval';
import { openingHours } from './singletons/openingHours';
import { rebuildRequest } from './singletons/rebuildRequest';
import { reviewDigestRequest } from './singletons/reviewDigestRequest';
import { siteSettings } from './singletons/siteSettings';

export const documentTypes = [service, partner, pressItem, event, page, notAtKsp, feedback];
export const singletonTypes = [openingHours, siteSettings];
/** Written by the Studio's tools, not by editors (constants.ts HIDDEN_TYPES). */
export const controlTypes = [rebuildRequest, reviewDigestRequest];
export const objectTypes = [
  localeString,
  localeText,
  localeBlockContent,
  localeStringList,
  imageWithAlt,
  timeInterval,
  dayHours,
  specialDay,
  hoursPeriod,
  link,
  seo,
  quote,
  synonymGroup,
  reviewOwner,
];

export const schemaTypes: SchemaTypeDefinition[] = [...documentTypes, ...singletonTypes, ...controlTypes, ...objectTypes];
