// Validation helpers shared by several schema types. Every message is German and says how to
// fix the problem, because the people who read them are editors, not developers.
import type { CustomValidator, SlugValue } from 'sanity';
import { API_VERSION, WEEKDAYS, titleOf } from './constants';
import { publishedIdOf } from '../../core/sanity/ids';

export const TIME_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
export const CLOSING_TIME_PATTERN = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function toMinutes(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

interface IntervalLike {
  opens?: string;
  closes?: string;
}

/** First pair of overlapping intervals (touching ends are allowed), or undefined. */
export function findOverlap<T extends IntervalLike>(intervals: readonly T[]): [T, T] | undefined {
  const valid = intervals
    .filter((i) => i.opens && i.closes && TIME_PATTERN.test(i.opens) && CLOSING_TIME_PATTERN.test(i.closes))
    .sort((a, b) => toMinutes(a.opens!) - toMinutes(b.opens!));
  for (let k = 1; k < valid.length; k++) {
    if (toMinutes(valid[k].opens!) < toMinutes(valid[k - 1].closes!)) return [valid[k - 1], valid[k]];
  }
  return undefined;
}

export const noOverlappingIntervals: CustomValidator<IntervalLike[] | undefined> = (intervals) => {
  const overlap = findOverlap(intervals ?? []);
  if (!overlap) return true;
  const [a, b] = overlap;
  return (
    `Die Zeiten ${a.opens}–${a.closes} und ${b.opens}–${b.closes} überschneiden sich. ` +
    'Bitte fassen Sie sie zu einem Zeitraum zusammen oder lassen Sie den zweiten erst nach dem Ende des ersten beginnen.'
  );
};

/** yyyy-mm-dd of a date in the local calendar, for date-only comparisons. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** dd.mm.yyyy of a yyyy-mm-dd date, the way editors write dates. */
export function germanDate(date: string): string {
  return date.split('-').reverse().join('.');
}

/** German transliteration before slugging, so "Reisepass abholen" → "reisepass-abholen". */
export function germanSlugify(input: string): string {
  return input
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 96);
}

export const slugFormat: CustomValidator<SlugValue | undefined> = (value) => {
  const current = value?.current;
  if (!current) return true;
  return SLUG_PATTERN.test(current)
    ? true
    : `„${current}“ ist keine gültige URL-Kennung. Erlaubt sind nur Kleinbuchstaben, Ziffern und einzelne Bindestriche (z. B. „reisepass-abholen“); Umlaute bitte umschreiben (ä → ae). Tipp: Klicken Sie auf „Generieren“.`;
};

/**
 * Slugs are unique per document type (a service and a press item may share one, two services
 * may not). Drafts and versions of the same document do not count as duplicates.
 * This replaces Sanity's built-in check only to give editors a German message that names the
 * other document; the query is the same one the built-in check runs.
 */
export const uniqueSlugPerType: CustomValidator<SlugValue | undefined> = async (value, context) => {
  const current = value?.current;
  const { document, path, getClient } = context;
  if (!current || !document || !path) return true;
  const field = path.map(String).join('.');
  const otherId = await getClient({ apiVersion: API_VERSION })
    .withConfig({ perspective: 'raw' })
    .fetch<string | null>(
      `*[_type == $type && !sanity::versionOf($published) && ${field}.current == $slug][0]._id`,
      { type: document._type, published: publishedIdOf(document._id), slug: current },
    );
  if (!otherId) return true;
  return `Die URL-Kennung „${current}“ wird bereits vom Dokument „${otherId}“ verwendet. Bitte wählen Sie eine andere, z. B. mit einem beschreibenden Zusatz („${current}-kassel“).`;
};

/** https URLs only: the site links nowhere insecure. */
export function httpsUrlMessage(what: string): string {
  return `Bitte geben Sie ${what} als vollständige, sichere Adresse ein, die mit „https://“ beginnt (z. B. https://www.kassel.de/…).`;
}

/** SEO length hints are warnings: editors may publish, but should know the text gets cut. */
export function lengthWarning(
  max: number,
  what: string,
): CustomValidator<{ de?: string; en?: string } | undefined> {
  return (value) => {
    const too = (['de', 'en'] as const).filter((lang) => (value?.[lang]?.length ?? 0) > max);
    if (too.length === 0) return true;
    const details = too
      .map((lang) => `${lang === 'de' ? 'Deutsch' : 'Englisch'}: ${value![lang]!.length} Zeichen`)
      .join(', ');
    return `${what} ist länger als ${max} Zeichen (${details}) und wird in Suchergebnissen abgeschnitten. Bitte kürzen Sie auf höchstens ${max} Zeichen.`;
  };
}

/** Internal path ("/…") or https URL, for navigation links. */
export const internalOrHttps: CustomValidator<string | undefined> = (href) => {
  if (!href) return true;
  if (/^\/(?!\/)[^\s]*$/.test(href)) return true;
  try {
    const url = new URL(href);
    if (url.protocol === 'https:' && url.hostname.includes('.')) return true;
  } catch {
    // fall through to the message
  }
  return `„${href}“ ist kein gültiges Ziel. Interne Seiten beginnen mit „/“ (z. B. „/dienstleistungen“), externe Adressen mit „https://“.`;
};

interface DayLike {
  day?: string;
}

/** A week lists each weekday exactly once, Monday first, so no day is forgotten or doubled. */
export const completeWeek: CustomValidator<DayLike[] | undefined> = (week) => {
  if (!week || week.length === 0) return true;
  const order: string[] = WEEKDAYS.map(({ value }) => value);
  const names = (list: string[]) => list.map((d) => titleOf(WEEKDAYS, d)).join(', ');
  const days = week.map((d) => d.day);
  const missing = order.filter((d) => !days.includes(d));
  const doubled = order.filter((d) => days.filter((x) => x === d).length > 1);
  if (doubled.length > 0)
    return `${names(doubled)} steht mehrfach in der Woche. Bitte jeden Wochentag genau einmal eintragen und das Duplikat löschen.`;
  if (missing.length > 0)
    return `Es fehlt: ${names(missing)}. Bitte jeden Wochentag genau einmal eintragen – Ruhetage mit „Ganztägig geschlossen“.`;
  if (days.some((d, i) => d !== order[i]))
    return 'Bitte ordnen Sie die Wochentage von Montag bis Sonntag (per Ziehen am Griff links).';
  return true;
};

/** Earliest sensible date for hours data: the KSP opened in October 2021. */
export const EARLIEST_DATE = '2021-01-01';
/** Dates further ahead than this are almost always typos (2205 instead of 2025). */
export const MAX_YEARS_AHEAD = 5;

export function latestDate(now: Date = new Date()): string {
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_YEARS_AHEAD);
  return isoDate(limit);
}

export const dateInSaneRange: CustomValidator<string | undefined> = (date) => {
  if (!date) return true;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    return `„${date}“ ist kein gültiges Datum. Bitte wählen Sie es im Kalender aus (Format JJJJ-MM-TT).`;
  if (date < EARLIEST_DATE)
    return `Das Datum ${date} liegt vor der Eröffnung des KSP. Bitte prüfen Sie das Jahr.`;
  const latest = latestDate();
  if (date > latest)
    return `Das Datum ${date} liegt mehr als ${MAX_YEARS_AHEAD} Jahre in der Zukunft (spätestens ${latest}). Bitte prüfen Sie das Jahr auf Tippfehler.`;
  return true;
};
