/** A tel: link for a phone number as editors write it ("+49 561 99999-0" → "tel:+49561999990"). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^+\d]/g, '')}`;
}
