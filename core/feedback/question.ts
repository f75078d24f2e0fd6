// The check question of the form without JavaScript (see proof.ts): the sum of two numbers from
// one to nine, written as words, answered as digits or as a word. Pure, so the form markup
// (render.ts, also used at build time) can word it without the proof's crypto.
import type { Locale } from '../i18n/index.ts';

/** The check question of the form without JavaScript: what is `a` plus `b`? */
export interface CheckQuestion {
  a: number;
  b: number;
}

/** Operands 1–9, small enough for anyone; sums up to eighteen. */
const NUMBER_WORDS: Record<Locale, readonly string[]> = {
  de: ['null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwölf', 'dreizehn', 'vierzehn', 'fünfzehn', 'sechzehn', 'siebzehn', 'achtzehn'],
  en: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen'],
};

export function numberWord(locale: Locale, value: number): string {
  return NUMBER_WORDS[locale][value] ?? String(value);
}

/** The number a person wrote: digits, or the word in either language ("7", " Sieben ", "seven"). */
export function readAnswer(raw: string | null): number | undefined {
  const text = (raw ?? '').trim().toLowerCase().normalize('NFC');
  if (/^\d{1,3}$/.test(text)) return Number(text);
  for (const words of Object.values(NUMBER_WORDS)) {
    const index = words.indexOf(text);
    if (index >= 0) return index;
  }
  return undefined;
}

