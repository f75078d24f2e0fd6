// The topics of services, once for the Studio (its dropdown, `studioTitle`), the content
// contract (zod) and the site (its labels, and the order of the topics on the service list).
// No imports: the Studio imports this file too.
export const SERVICE_CATEGORIES = [
  { value: 'documents', studioTitle: 'Ausweise & Dokumente', label: { de: 'Ausweise und Dokumente', en: 'ID cards and documents' } },
  { value: 'energy', studioTitle: 'Energie & Versorgung', label: { de: 'Energie und Versorgung', en: 'Energy and utilities' } },
  { value: 'culture', studioTitle: 'Kultur & Tickets', label: { de: 'Kultur und Tickets', en: 'Culture and tickets' } },
  { value: 'mobility', studioTitle: 'Mobilität', label: { de: 'Mobilität', en: 'Getting around' } },
  { value: 'citizenInfo', studioTitle: 'Bürgerinformation', label: { de: 'Bürgerinformation', en: 'Citizen information' } },
  { value: 'waste', studioTitle: 'Abfall & Umwelt', label: { de: 'Abfall und Stadtreinigung', en: 'Waste and street cleaning' } },
] as const;

export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number]['value'];
export const SERVICE_CATEGORY_VALUES = SERVICE_CATEGORIES.map((category) => category.value) as [ServiceCategory, ...ServiceCategory[]];

/** The site's label of a service topic, in both languages. */
export function serviceCategoryLabel(category: ServiceCategory): { de: string; en: string } {
  return SERVICE_CATEGORIES.find((entry) => entry.value === category)!.label;
}
