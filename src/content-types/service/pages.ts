// What the service pages get. German pages exist for every service, English ones for services
// with an English page (serviceHasEnglish).
import type { Locale } from '../../../core/i18n/index.ts';
import { getServices } from '../../lib/content/index.ts';
import { scoped } from '../../lib/content/scope.ts';
import { serviceHasEnglish } from './content.ts';

// Which services have an English page, once per build or preview request (press pages ask on
// every render).
export const getEnglishServiceIds = scoped(() => getServices().then((all): ReadonlySet<string> => new Set(all.filter(serviceHasEnglish).map((s) => s._id))));

/** The list: every service of the language, and how many there are in German. */
export async function servicesListProps(locale: Locale) {
  const all = await getServices();
  return { services: locale === 'de' ? all : all.filter(serviceHasEnglish), total: all.length };
}

export async function servicePaths(locale: Locale) {
  const services = await getServices();
  return services.filter((service) => locale === 'de' || serviceHasEnglish(service)).map((service) => ({ params: { slug: service.slug }, props: { service } }));
}
