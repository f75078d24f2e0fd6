// When the weekly reminders go out: Mondays from 07:00 in Kassel. A server that was down then
// sends them at its next start in the same week (Tuesday is better than never); the week's key
// in the state says whether this week's digest has gone, so restarts never send it twice.
import { REVIEW_TIME_ZONE } from './dates.ts';

export const WEEKLY_HOUR = 7;

/** The ISO week of the date in Kassel, e.g. "2026-W49". */
export function isoWeekKey(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const utc = new Date(Date.UTC(year, month - 1, day));
  const weekday = utc.getUTCDay() || 7;
  // The Thursday of this week decides the ISO year.
  utc.setUTCDate(utc.getUTCDate() + 4 - weekday);
  const isoYear = utc.getUTCFullYear();
  const week = Math.ceil(((utc.getTime() - Date.UTC(isoYear, 0, 1)) / 86_400_000 + 1) / 7);
  return `${isoYear}-W${String(week).padStart(2, '0')}`;
}

/** This week's key, and whether its send time (Monday 07:00 in Kassel) has come. */
export function weeklySlot(now: Date): { week: string; due: boolean } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: REVIEW_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  ) as Record<string, string>;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const due = parts.weekday !== 'Mon' || Number(parts.hour) >= WEEKLY_HOUR;
  return { week: isoWeekKey(date), due };
}
