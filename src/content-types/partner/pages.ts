// What the partner pages get: the list, and per partner its services and events. German pages
// exist for every partner, English ones for partners with an English page (partnerHasEnglish).
import type { Locale } from '../../../core/i18n/index.ts';
import { getEvents, getPartners, getServices } from '../../lib/content/index.ts';
import { scoped } from '../../lib/content/scope.ts';
import { indexBy } from '../../lib/relations.ts';
import { serviceHasEnglish } from '../service/content.ts';
import { partnerHasEnglish } from './content.ts';

// Which partners have an English page, once per build or preview request: detail pages of other
// types ask on every render, and filtering all partners per page was O(pages × documents).
export const getEnglishPartnerIds = scoped(() => getPartners().then((all): ReadonlySet<string> => new Set(all.filter(partnerHasEnglish).map((p) => p._id))));

export async function partnerListProps() {
  return { partners: await getPartners() };
}

export async function partnerPaths(locale: Locale) {
  const [partners, services, events] = await Promise.all([getPartners(), getServices(), getEvents()]);
  const servicesByPartner = indexBy(services, (s) => [s.provider._id]);
  const eventsByPartner = indexBy(events, (e) => e.partners.map((p) => p._id));
  return partners
    .filter((partner) => locale === 'de' || partnerHasEnglish(partner))
    .map((partner) => ({
      params: { slug: partner.slug },
      props: {
        partner,
        // English pages link only services that have an English page.
        services: (servicesByPartner.get(partner._id) ?? []).filter((s) => locale === 'de' || serviceHasEnglish(s)),
        events: eventsByPartner.get(partner._id) ?? [],
      },
    }));
}
