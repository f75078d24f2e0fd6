// Removes personal data that citizens type into free text without meaning to publish it to the
// editors: e-mail addresses, phone numbers and IBANs. The contact field is exempt: a citizen
// fills it in on purpose to get an answer. Over-removal is preferred to leaking: a number that
// only looks like a phone number is removed too. Placeholders are German because editors read
// them in the Studio.

export const PLACEHOLDERS = {
  email: '[E-Mail-Adresse entfernt]',
  iban: '[IBAN entfernt]',
  phone: '[Telefonnummer entfernt]',
} as const;

// name@example.de, also the common spellings "name (at) example.de" and "name [at] example.de".
const EMAIL = /[\p{L}\p{N}._%+-]+\s*(?:@|\(at\)|\[at\]|\{at\})\s*[\p{L}\p{N}-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[\p{L}\p{N}-]+)*\s*(?:\.|\(dot\)|\[dot\])\s*\p{L}{2,}/giu;

// Two letters, two check digits, then 11–30 letters or digits in groups of four, with or
// without spaces: DE89 3704 0044 0532 0130 00, AT611904300234573201.
const IBAN = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,3})?(?![\p{L}\p{N}])/giu;

// Numbers that start like a phone number (+49, 0049, 0 or "(0") and hold 6 to 15 digits with
// spaces, dashes, slashes or brackets between them: +49 561 787-0, (0561) 78 70, 0170/1234567.
// Dots are not separators, so dates such as 01.05.2025 stay.
const PHONE = /(?<![\p{L}\p{N}+])(?:\+|00|\(?0)[\d ()/-]{5,24}\d(?![\p{L}\p{N}])/gu;

function digitCount(text: string): number {
  return text.replace(/\D/g, '').length;
}

/** The text with e-mail addresses, IBANs and phone numbers replaced by placeholders. */
export function removePersonalData(text: string): string {
  return text
    .replace(EMAIL, PLACEHOLDERS.email)
    .replace(IBAN, (match) => (digitCount(match) >= 10 ? PLACEHOLDERS.iban : match))
    .replace(PHONE, (match) => {
      const digits = digitCount(match);
      return digits >= 6 && digits <= 15 ? PLACEHOLDERS.phone : match;
    });
}
