// What the service pages get. German pages exist for every service, English ones for services
// with an English page (serviceHasEnglish).
import type { Locale } from '../../../core/i18n/index.ts';
import { getServices } from '../../lib/content/index.ts';
import { scoped } from '../../lib/content/scope.ts';
import { serviceHasEnglish } from './content.ts';
import { getEnglishPartnerIds } from '../partner/pages.ts';

// Which services have an English page, once per build or preview request (press pages ask on
// every render).
export const getEnglishServiceIds = scoped(() => getServices().then((all): ReadonlySet<string> => new Set(all.filter(serviceHasEnglish).map((s) => s._id))));

/**
 * The list: every service of the language, and how many there are in German; which providers
 * have an English page (the others are linked in German).
 */
export async function servicesListProps(locale: Locale) {
  const [all, englishPartnerIds] = await Promise.all([getServices(), getEnglishPartnerIds()]);
  return { services: locale === 'de' ? all : all.filter(serviceHasEnglish), total: all.length, englishPartnerIds };
}

export async function servicePaths(locale: Locale) {
  const [services, englishPartnerIds] = await Promise.all([getServices(), getEnglishPartnerIds()]);
  return services.filter((service) => locale === 'de' || serviceHasEnglish(service)).map((service) => ({ params: { slug: service.slug }, props: { service, englishPartnerIds } }));
}
