// Public holidays in Hesse, computed in the Studio so editors see when a special day falls on
// one. The site computes the same days with date-holidays at build time (src/lib/holidays.ts);
// the library is too large for the Studio bundle, and tests/studio/holidays.test.ts checks that
// both agree year by year.

/** Easter Sunday (Gregorian calendar), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

function shift(date: Date, days: number): string {
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Public holidays in Hesse (DE-HE) of a year: date (YYYY-MM-DD) → German name. */
export function hessianHolidays(year: number): Map<string, string> {
  const easter = easterSunday(year);
  const pad = (n: number) => String(n).padStart(2, '0');
  const fixed = (month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;
  return new Map([
    [fixed(1, 1), 'Neujahr'],
    [shift(easter, -2), 'Karfreitag'],
    [shift(easter, 1), 'Ostermontag'],
    [fixed(5, 1), 'Maifeiertag'],
    [shift(easter, 39), 'Christi Himmelfahrt'],
    [shift(easter, 50), 'Pfingstmontag'],
    [shift(easter, 60), 'Fronleichnam'],
    [fixed(10, 3), 'Tag der Deutschen Einheit'],
    [fixed(12, 25), '1. Weihnachtstag'],
    [fixed(12, 26), '2. Weihnachtstag'],
  ]);
}

/** The Hessian holiday on a date (YYYY-MM-DD), if any. */
export function hessianHolidayOn(date: string): string | undefined {
  const year = Number(date.slice(0, 4));
  return Number.isInteger(year) ? hessianHolidays(year).get(date) : undefined;
}
