// Calendar days in Kassel (Europe/Berlin) for review dates: a date field holds YYYY-MM-DD without
// a time, "today" is the date in Kassel, and editors read dates as 06.12.2026.
export const REVIEW_TIME_ZONE = 'Europe/Berlin';

/** The date in Kassel at `now`, as YYYY-MM-DD. */
export function berlinDate(now: Date): string {
  return now.toLocaleDateString('sv-SE', { timeZone: REVIEW_TIME_ZONE });
}

function parts(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`"${date}" is not a date of the form YYYY-MM-DD.`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `date` plus whole days (negative: back). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = parts(date);
  const utc = new Date(Date.UTC(year, month - 1, day + days));
  return iso(utc.getUTCFullYear(), utc.getUTCMonth() + 1, utc.getUTCDate());
}

/** `date` plus whole months; the 29 February and 31st fall back to the last day of the month. */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = parts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return iso(targetYear, targetMonth, Math.min(day, lastDay));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** 06.12.2026 */
export function formatGermanDate(date: string): string {
  const [year, month, day] = parts(date);
  return `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`;
}

function days(count: number): string {
  return count === 1 ? '1 Tag' : `${count} Tagen`;
}

/**
 * How a review date stands on `today`, in German: "seit 5 Tagen überfällig", "heute fällig",
 * "in 14 Tagen fällig".
 */
export function describeDue(nextReview: string, today: string): string {
  const diff = daysBetween(today, nextReview);
  if (diff < 0) return `seit ${days(-diff)} überfällig`;
  if (diff === 0) return 'heute fällig';
  return `in ${days(diff)} fällig`;
}

/** A moment in Kassel's time: "07.12.2026, 07:00 Uhr". */
export function formatGermanDateTime(iso: string): string {
  const text = new Intl.DateTimeFormat('de-DE', { timeZone: REVIEW_TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  return `${text} Uhr`;
}

/** Only the time in Kassel: "12:40 Uhr". */
export function formatGermanTime(iso: string): string {
  return `${new Intl.DateTimeFormat('de-DE', { timeZone: REVIEW_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso))} Uhr`;
}
