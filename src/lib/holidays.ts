// Hessian public holidays, computed with date-holidays so editors never type them in. Build time
// only: the library carries every country's rules, so the browser gets resolved days instead
// (see resolveDays and liveStatusAttributes in opening-hours.ts).
import Holidays, { type HolidaysTypes } from 'date-holidays';
import { isValidDate, type HolidayName } from '../../core/opening-hours.ts';

/**
 * English names as Germans say them, where the library's generic English names are wrong for
 * Germany (keyed by the library's rule): 26 December is not "Boxing Day" here.
 */
const germanEnglishNames: Record<string, string> = {
  '10-03': 'Day of German Unity',
  '12-26': 'Second Day of Christmas',
};

/**
 * Public holidays in Hesse (DE-HE) from `fromDate` to `toDate` (YYYY-MM-DD, inclusive), keyed by
 * date, with German and English names. Only `type === 'public'`: days such as Heiligabend are
 * "bank" days, and the KSP's hours for them are an editor's decision (a special day).
 */
export function getHessianHolidays(fromDate: string, toDate: string): Map<string, HolidayName> {
  for (const date of [fromDate, toDate]) {
    if (!isValidDate(date)) throw new RangeError(`getHessianHolidays: "${date}" is not a date like 2026-12-25 (YYYY-MM-DD).`);
  }
  const calendar = new Holidays('DE', 'HE', { types: ['public'] });
  const result = new Map<string, HolidayName>();
  for (let year = Number(fromDate.slice(0, 4)); year <= Number(toDate.slice(0, 4)); year++) {
    const english = new Map(publicHolidays(calendar, year, 'en').map((h) => [h.rule, h.name]));
    for (const holiday of publicHolidays(calendar, year, 'de')) {
      // `date` is "YYYY-MM-DD hh:mm:ss" in the holiday's own zone, so no runtime TZ can shift it.
      const date = holiday.date.slice(0, 10);
      if (date < fromDate || date > toDate) continue;
      result.set(date, { de: holiday.name, en: germanEnglishNames[holiday.rule] ?? english.get(holiday.rule) ?? holiday.name });
    }
  }
  return result;
}

function publicHolidays(calendar: Holidays, year: number, language: string): HolidaysTypes.Holiday[] {
  return calendar.getHolidays(year, language).filter((h) => h.type === 'public');
}
