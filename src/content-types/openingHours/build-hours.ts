// The opening hours as the build sees them: the KSP's entry, Hessian holidays for the coming
// months and the resolved days from the build date on (for the live status and the tables).
import { getOpeningHours, type OpeningHoursDoc } from '../../lib/content/index.ts';
import { scoped } from '../../lib/content/scope.ts';
import { buildNow } from '../../lib/build-date.ts';
import { getHessianHolidays } from '../../lib/holidays.ts';
import { addMonths, getBerlinWallTime, resolveDays, type HolidayCalendar, type OpeningHours, type ResolvedDay } from '../../../core/opening-hours.ts';

export interface BuildHours {
  doc: OpeningHoursDoc;
  hours: OpeningHours;
  holidays: HolidayCalendar;
  /** 21 days from the build date: enough for the live status until the next daily rebuild and beyond. */
  days: ResolvedDay[];
  now: Date;
  today: string;
}

/** Once per build or preview request. */
export const getBuildHours = scoped(
  async (): Promise<BuildHours> => {
    const [doc] = await getOpeningHours();
    const now = buildNow();
    const today = getBerlinWallTime(now).date;
    // Four months: the three-month window of special days plus the live-status days.
    const holidays = getHessianHolidays(today, addMonths(today, 4));
    const hours = doc as unknown as OpeningHours;
    return { doc: doc!, hours, holidays, days: resolveDays(hours, today, 21, holidays), now, today };
  },
);
