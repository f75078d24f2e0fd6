// The kinds of partner, once for the Studio (its dropdown, `studioTitle`), the content contract
// (zod) and the site (its labels, and the order of the groups on the partner list). No imports:
// the Studio imports this file too.
export const PARTNER_KINDS = [
  { value: 'cityOffice', studioTitle: 'Amt der Stadtverwaltung', label: { de: 'Stadtverwaltung', en: 'City administration' } },
  { value: 'cityCompany', studioTitle: 'Städtisches Unternehmen (Stadtkonzern)', label: { de: 'Städtische Unternehmen', en: 'City-owned companies' } },
  { value: 'marketing', studioTitle: 'Stadtmarketing', label: { de: 'Stadtmarketing', en: 'City marketing' } },
  { value: 'retailer', studioTitle: 'Handel', label: { de: 'Handel', en: 'Retail' } },
  { value: 'education', studioTitle: 'Bildung', label: { de: 'Bildung', en: 'Education' } },
  { value: 'police', studioTitle: 'Polizei', label: { de: 'Polizei', en: 'Police' } },
  { value: 'other', studioTitle: 'Sonstige', label: { de: 'Weitere Partner', en: 'Other partners' } },
] as const;

export type PartnerKind = (typeof PARTNER_KINDS)[number]['value'];
export const PARTNER_KIND_VALUES = PARTNER_KINDS.map((kind) => kind.value) as [PartnerKind, ...PartnerKind[]];

/** The site's label of a partner kind, in both languages. */
export function partnerKindLabel(kind: PartnerKind): { de: string; en: string } {
  return PARTNER_KINDS.find((entry) => entry.value === kind)!.label;
}
