// Opening hours of the KSP: which hours apply on a day, whether it is open at a given instant,
// and how to say so. Pure on purpose: the build uses it for tables and JSON-LD, the browser uses
// getStatus/formatStatus for the live status, so nothing here reads the clock or does I/O, and
// the holiday calendar comes in as data (see holidays.ts) to keep date-holidays out of the browser.
//
// All times are Europe/Berlin wall-clock times ("HH:mm"). Instants are only turned into Berlin
// wall date and time (Intl), never shifted by a fixed offset, so daylight-saving switch days are
// right without special cases: the office opens at 10:00 on the wall clock, whatever the offset.
import type { Locale } from './i18n/index.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface LocalizedString {
  de: string;
  /** Null as well: the content layer passes Sanity's missing translations through unchanged. */
  en?: string | null;
}

/** Wall-clock interval; `closes` may be "24:00" for "until midnight". */
export interface Interval {
  opens: string;
  closes: string;
}

export interface DayHours {
  day: Weekday;
  closed: boolean;
  intervals: Interval[];
}

export interface SpecialDay {
  /** YYYY-MM-DD */
  date: string;
  kind: 'closed' | 'hours';
  intervals: Interval[];
  note: LocalizedString;
}

export interface HoursPeriod {
  label: LocalizedString;
  /** YYYY-MM-DD, inclusive */
  validFrom: string;
  /** YYYY-MM-DD, inclusive */
  validUntil: string;
  week: DayHours[];
}

/** The `openingHours` document of MODEL.md, flattened by the content layer. */
export interface OpeningHours {
  timeZone: 'Europe/Berlin';
  week: DayHours[];
  periods: HoursPeriod[];
  specialDays: SpecialDay[];
}

export interface HolidayName {
  de: string;
  en: string;
}

/** Public holidays by date (YYYY-MM-DD), as built by getHessianHolidays(). */
export type HolidayCalendar = ReadonlyMap<string, HolidayName>;

export type DaySource = 'regular' | 'period' | 'special' | 'holiday';

export interface ResolvedDay {
  date: string;
  weekday: Weekday;
  /** Sorted by opening time; empty when closed all day. */
  intervals: Interval[];
  source: DaySource;
  /** The editor's note of a special day. */
  note?: LocalizedString;
  /** Set whenever the date is a public holiday, also when an editor's special day overrides it. */
  holidayName?: HolidayName;
  /** Set when the hours come from a period (e.g. Advent hours). */
  periodLabel?: LocalizedString;
}

/** The least getStatus needs per day, so the page can ship a compact JSON. */
export interface StatusDay {
  date: string;
  intervals: Interval[];
}

export interface OpeningStatus {
  open: boolean;
  closesAt?: { date: string; time: string };
  opensAt?: { date: string; time: string; weekday: Weekday };
}

export interface WallTime {
  date: string;
  time: string;
  weekday: Weekday;
  /** Minutes since the wall clock's midnight. */
  minutes: number;
}

// ---------------------------------------------------------------------------------------------
// Civil dates and wall times

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const END_OF_DAY = '24:00';

function parseDate(date: string): [number, number, number] | undefined {
  const match = DATE_PATTERN.exec(date);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Round-trip through Date.UTC to reject 2026-02-30 and friends.
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
  return [y, m, d];
}

export function isValidDate(date: string): boolean {
  return parseDate(date) !== undefined;
}

function civil(date: string): Date {
  const parts = parseDate(date);
  if (!parts) throw new RangeError(`Invalid date "${date}": expected an existing day as YYYY-MM-DD.`);
  return new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
}

function isoDate(utcMidnight: Date): string {
  return utcMidnight.toISOString().slice(0, 10);
}

/** Calendar arithmetic on YYYY-MM-DD strings (UTC-based, so no time zone can shift the day). */
export function addDays(date: string, days: number): string {
  const d = civil(date);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const d = civil(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return isoDate(d);
}

export function weekdayOf(date: string): Weekday {
  // getUTCDay() counts from Sunday; the KSP's week (and ISO's) starts on Monday.
  return WEEKDAYS[(civil(date).getUTCDay() + 6) % 7] as Weekday;
}

/** Minutes since midnight of "HH:mm"; "24:00" is 1440. */
export function toMinutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

let berlinFormat: Intl.DateTimeFormat | undefined;
let lastWallTime: { at: number; wall: Readonly<WallTime> } | undefined;

/** The Berlin wall-clock date and time at an instant, independent of the runtime's time zone. */
export function getBerlinWallTime(now: Date): Readonly<WallTime> {
  // A build asks for the same instant (its "now") on every page: the last answer is kept.
  const at = now.getTime();
  if (lastWallTime?.at === at) return lastWallTime.wall;
  // Created lazily so that importing this module has no side effects (lets bundlers drop it).
  berlinFormat ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of berlinFormat.formatToParts(now)) parts[part.type] = part.value;
  // Some engines print midnight as "24" despite h23; it is the start of the same day.
  const hour = parts.hour === '24' ? '00' : (parts.hour ?? '00');
  const date = `${parts.year ?? ''}-${parts.month ?? ''}-${parts.day ?? ''}`;
  const time = `${hour}:${parts.minute ?? '00'}`;
  const wall = { date, time, weekday: weekdayOf(date), minutes: toMinutes(time) };
  lastWallTime = { at, wall };
  return wall;
}

// ---------------------------------------------------------------------------------------------
// Which hours apply on a day

const byDate = (a: { date: string }, b: { date: string }): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

function sortIntervals(intervals: readonly Interval[]): Interval[] {
  return [...intervals].sort((a, b) => toMinutes(a.opens) - toMinutes(b.opens));
}

function hoursOfWeek(week: readonly DayHours[], weekday: Weekday): Interval[] {
  const day = week.find((d) => d.day === weekday);
  // A weekday missing from the document counts as closed; findHoursProblems reports it.
  if (!day || day.closed) return [];
  return sortIntervals(day.intervals);
}

/** The period valid on a date; the first one wins if editors let periods overlap. */
function periodOn(hours: OpeningHours, date: string): HoursPeriod | undefined {
  return hours.periods.find((p) => p.validFrom <= date && date <= p.validUntil);
}

/**
 * The hours of one day. Precedence: an editor's special day (it may open a holiday) > a public
 * holiday (closed) > a period valid on that date (from/until inclusive) > the regular week.
 */
export function resolveDay(hours: OpeningHours, date: string, holidays: HolidayCalendar): ResolvedDay {
  const weekday = weekdayOf(date);
  const holidayName = holidays.get(date);
  const withHoliday = holidayName ? { holidayName } : {};

  const special = hours.specialDays.find((s) => s.date === date);
  if (special) {
    const intervals = special.kind === 'closed' ? [] : sortIntervals(special.intervals);
    return { date, weekday, intervals, source: 'special', note: special.note, ...withHoliday };
  }
  if (holidayName) return { date, weekday, intervals: [], source: 'holiday', holidayName };

  const period = periodOn(hours, date);
  if (period) {
    return { date, weekday, intervals: hoursOfWeek(period.week, weekday), source: 'period', periodLabel: period.label };
  }
  return { date, weekday, intervals: hoursOfWeek(hours.week, weekday), source: 'regular' };
}

/** `count` consecutive days from `fromDate`, e.g. the next 14 days for the live status. */
export function resolveDays(hours: OpeningHours, fromDate: string, count: number, holidays: HolidayCalendar): ResolvedDay[] {
  return Array.from({ length: count }, (_, i) => resolveDay(hours, addDays(fromDate, i), holidays));
}

export type UpcomingEntry =
  | { kind: 'day'; date: string; day: ResolvedDay }
  | { kind: 'period'; date: string; period: HoursPeriod };

/**
 * What the opening-hours page lists under "special days" for the next `months` months (from the
 * Berlin date of `now`): public holidays and editors' special days, resolved with the usual
 * precedence, plus every period that overlaps the window (dated by its start, which may lie in
 * the past for a running period). Sorted by date; a period comes before a day on the same date.
 */
export function getUpcomingSpecialDays(
  hours: OpeningHours,
  now: Date,
  months: number,
  holidays: HolidayCalendar,
): UpcomingEntry[] {
  const from = getBerlinWallTime(now).date;
  const until = addMonths(from, months);
  const inWindow = (date: string): boolean => from <= date && date <= until;

  const dates = new Set([...holidays.keys(), ...hours.specialDays.map((s) => s.date)].filter(inWindow));
  const days: UpcomingEntry[] = [...dates].map((date) => ({ kind: 'day', date, day: resolveDay(hours, date, holidays) }));
  const periods: UpcomingEntry[] = hours.periods
    .filter((p) => p.validFrom <= until && p.validUntil >= from)
    .map((period) => ({ kind: 'period', date: period.validFrom, period }));

  // Stable sort: a period stays ahead of a day with the same date.
  return [...periods, ...days].sort(byDate);
}

// ---------------------------------------------------------------------------------------------
// Live status (runs in the browser: keep it small and free of the holiday library)

/**
 * Open or closed at `now`, from precomputed days (resolveDays at build time). Returns undefined
 * when the days do not cover the Berlin date of `now` (a page built too long ago, or a visitor's
 * clock far off): the caller then keeps its build-time text rather than guess.
 */
export function getStatus(days: readonly StatusDay[], now: Date): OpeningStatus | undefined {
  const wall = getBerlinWallTime(now);
  const sorted = [...days].sort(byDate);
  const todayIndex = sorted.findIndex((d) => d.date === wall.date);
  const today = sorted[todayIndex];
  if (!today) return undefined;

  for (const interval of sortIntervals(today.intervals)) {
    if (toMinutes(interval.opens) <= wall.minutes && wall.minutes < toMinutes(interval.closes)) {
      return { open: true, closesAt: findClosing(sorted, todayIndex, interval) };
    }
  }

  for (let i = todayIndex; i < sorted.length; i++) {
    const day = sorted[i] as StatusDay;
    // Consecutive entries only: a gap in the data must not turn into a wrong "opens Monday".
    if (day.date !== addDays(wall.date, i - todayIndex)) break;
    const next = sortIntervals(day.intervals).find((iv) => i > todayIndex || toMinutes(iv.opens) > wall.minutes);
    if (next) return { open: false, opensAt: { date: day.date, time: next.opens, weekday: weekdayOf(day.date) } };
  }
  return { open: false };
}

/** Follows intervals that touch (12:00–14:00 then 14:00–19:00, or 24:00 then next day 00:00). */
function findClosing(days: readonly StatusDay[], index: number, current: Interval): { date: string; time: string } {
  let dayIndex = index;
  let closes = current.closes;
  for (;;) {
    const day = days[dayIndex] as StatusDay;
    // Strictly later closing only, so a malformed zero-length interval cannot loop forever.
    const sameDay = day.intervals.find((iv) => iv.opens === closes && toMinutes(iv.closes) > toMinutes(closes));
    if (sameDay) {
      closes = sameDay.closes;
      continue;
    }
    const nextDay = days[dayIndex + 1];
    const carriesOver =
      closes === END_OF_DAY && nextDay?.date === addDays(day.date, 1) && nextDay.intervals.find((iv) => iv.opens === '00:00');
    if (!carriesOver) return { date: day.date, time: closes };
    dayIndex += 1;
    closes = carriesOver.closes;
  }
}

const WEEKDAY_NAMES: Record<Locale, readonly string[]> = {
  de: ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

const MONTH_NAMES: Record<Locale, readonly string[]> = {
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

export function weekdayName(weekday: Weekday, locale: Locale): string {
  return WEEKDAY_NAMES[locale][WEEKDAYS.indexOf(weekday)] ?? weekday;
}

/** "heute" / "morgen" / "Montag" / "am Montag, 4. Januar," — relative to the Berlin date of now. */
function dayPhrase(date: string, today: string, locale: Locale): string {
  const de = locale === 'de';
  if (date === today) return de ? 'heute' : 'today';
  if (date === addDays(today, 1)) return de ? 'morgen' : 'tomorrow';
  const name = weekdayName(weekdayOf(date), locale);
  // Within a week the weekday alone is unambiguous; beyond that add the date.
  if (date <= addDays(today, 6)) return name;
  const [, month, day] = parseDate(date) ?? [0, 1, 1];
  const monthName = MONTH_NAMES[locale][month - 1] ?? '';
  return de ? `am ${name}, ${day}. ${monthName},` : `on ${name} ${day} ${monthName}`;
}

/**
 * "Jetzt geöffnet · schließt um 19:00 Uhr", "Geschlossen · öffnet Montag um 10:00 Uhr",
 * "Open now · closes at 19:00", "Closed · opens tomorrow at 10:00". 24-hour times in both
 * languages: unambiguous, and what the KSP's signs say.
 */
export function formatStatus(status: OpeningStatus, locale: Locale, now: Date): string {
  const today = getBerlinWallTime(now).date;
  const de = locale === 'de';
  if (status.open) {
    const head = de ? 'Jetzt geöffnet' : 'Open now';
    if (!status.closesAt) return head;
    const { date, time } = status.closesAt;
    const when = date === today ? '' : `${dayPhrase(date, today, locale)} `;
    return de ? `${head} · schließt ${when}um ${time} Uhr` : `${head} · closes ${when}at ${time}`;
  }
  const head = de ? 'Geschlossen' : 'Closed';
  if (!status.opensAt) return head;
  const { date, time } = status.opensAt;
  const when = dayPhrase(date, today, locale);
  return de ? `${head} · öffnet ${when} um ${time} Uhr` : `${head} · opens ${when} at ${time}`;
}

/**
 * Data attributes for the live-status element; src/browser/live-status.ts reads them. Only
 * date and intervals travel, to keep the HTML small.
 */
export function liveStatusAttributes(
  days: readonly StatusDay[],
  locale: Locale,
): { 'data-live-status': ''; 'data-days': string; 'data-locale': Locale } {
  const compact = days.map(({ date, intervals }) => ({ date, intervals: intervals.map(({ opens, closes }) => ({ opens, closes })) }));
  return { 'data-live-status': '', 'data-days': JSON.stringify(compact), 'data-locale': locale };
}

// ---------------------------------------------------------------------------------------------
// Weekly table and structured data (build time)

export interface WeeklyTable {
  source: 'regular' | 'period';
  /** Set for a period: its label and validity. */
  period?: { label: LocalizedString; validFrom: string; validUntil: string };
  /** Always seven rows, Monday first. */
  rows: { day: Weekday; closed: boolean; intervals: Interval[] }[];
}

/** The weekly hours valid on `date` (a period's week if one applies); special days are not mixed in. */
export function weeklyTable(hours: OpeningHours, date: string): WeeklyTable {
  const period = periodOn(hours, date);
  const week = period ? period.week : hours.week;
  const rows = WEEKDAYS.map((day) => {
    const intervals = hoursOfWeek(week, day);
    return { day, closed: intervals.length === 0, intervals };
  });
  if (!period) return { source: 'regular', rows };
  const { label, validFrom, validUntil } = period;
  return { source: 'period', period: { label, validFrom, validUntil }, rows };
}

const SCHEMA_DAYS: Record<Weekday, string> = {
  mon: 'https://schema.org/Monday',
  tue: 'https://schema.org/Tuesday',
  wed: 'https://schema.org/Wednesday',
  thu: 'https://schema.org/Thursday',
  fri: 'https://schema.org/Friday',
  sat: 'https://schema.org/Saturday',
  sun: 'https://schema.org/Sunday',
};

export interface OpeningHoursSpecificationLd {
  '@type': 'OpeningHoursSpecification';
  dayOfWeek?: string[];
  opens: string;
  closes: string;
  validFrom?: string;
  validThrough?: string;
}

// schema.org times are xsd:time, where 24:00 is not valid; Google documents 23:59 for "until midnight".
const ldTime = (time: string): string => (time === END_OF_DAY ? '23:59' : time);

/** One specification per distinct interval, listing every weekday that has it. */
function weekSpecifications(week: readonly DayHours[], validity: Pick<OpeningHoursSpecificationLd, 'validFrom' | 'validThrough'>): OpeningHoursSpecificationLd[] {
  const byInterval = new Map<string, { interval: Interval; days: Weekday[] }>();
  for (const day of WEEKDAYS) {
    for (const interval of hoursOfWeek(week, day)) {
      const key = `${interval.opens}-${interval.closes}`;
      const entry = byInterval.get(key) ?? { interval, days: [] };
      entry.days.push(day);
      byInterval.set(key, entry);
    }
  }
  return [...byInterval.values()].map(({ interval, days }) => ({
    '@type': 'OpeningHoursSpecification',
    dayOfWeek: days.map((d) => SCHEMA_DAYS[d]),
    opens: ldTime(interval.opens),
    closes: ldTime(interval.closes),
    ...validity,
  }));
}

/**
 * schema.org `openingHoursSpecification` (the regular week) and `specialOpeningHoursSpecification`
 * (periods, holidays and editors' special days in the next `months` months) for the
 * GovernmentOffice JSON-LD. Closed days are opens/closes "00:00", as Google documents.
 */
export function toOpeningHoursSpecification(
  hours: OpeningHours,
  now: Date,
  holidays: HolidayCalendar,
  months = 3,
): { openingHoursSpecification: OpeningHoursSpecificationLd[]; specialOpeningHoursSpecification: OpeningHoursSpecificationLd[] } {
  const special: OpeningHoursSpecificationLd[] = [];
  for (const entry of getUpcomingSpecialDays(hours, now, months, holidays)) {
    if (entry.kind === 'period') {
      const { week, validFrom, validUntil } = entry.period;
      const validity = { validFrom, validThrough: validUntil };
      special.push(...weekSpecifications(week, validity));
      const closedDays = WEEKDAYS.filter((d) => hoursOfWeek(week, d).length === 0);
      if (closedDays.length > 0) {
        special.push({ '@type': 'OpeningHoursSpecification', dayOfWeek: closedDays.map((d) => SCHEMA_DAYS[d]), opens: '00:00', closes: '00:00', ...validity });
      }
      continue;
    }
    const validity = { validFrom: entry.date, validThrough: entry.date };
    const { intervals } = entry.day;
    if (intervals.length === 0) {
      special.push({ '@type': 'OpeningHoursSpecification', opens: '00:00', closes: '00:00', ...validity });
    }
    for (const interval of intervals) {
      special.push({ '@type': 'OpeningHoursSpecification', opens: ldTime(interval.opens), closes: ldTime(interval.closes), ...validity });
    }
  }
  return { openingHoursSpecification: weekSpecifications(hours.week, {}), specialOpeningHoursSpecification: special };
}

// ---------------------------------------------------------------------------------------------
// Validation

function intervalProblems(where: string, intervals: readonly Interval[]): string[] {
  const problems: string[] = [];
  const valid: Interval[] = [];
  intervals.forEach((interval, i) => {
    const label = `${where}, interval ${i + 1} (${interval.opens}–${interval.closes})`;
    const opensOk = TIME_PATTERN.test(interval.opens);
    const closesOk = TIME_PATTERN.test(interval.closes) || interval.closes === END_OF_DAY;
    if (!opensOk) problems.push(`${label}: opening time "${interval.opens}" is not a time like 09:30 (HH:mm, 00:00–23:59).`);
    if (!closesOk) problems.push(`${label}: closing time "${interval.closes}" is not a time like 18:00 (HH:mm, 00:00–24:00).`);
    if (!opensOk || !closesOk) return;
    if (toMinutes(interval.closes) <= toMinutes(interval.opens)) {
      problems.push(`${label}: closes at or before it opens; the closing time must be later the same day (use 24:00 for midnight).`);
      return;
    }
    valid.push(interval);
  });
  const sorted = sortIntervals(valid);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1] as Interval;
    const current = sorted[i] as Interval;
    if (toMinutes(current.opens) < toMinutes(previous.closes)) {
      problems.push(
        `${where}: intervals ${previous.opens}–${previous.closes} and ${current.opens}–${current.closes} overlap; merge them or fix the times.`,
      );
    }
  }
  return problems;
}

function weekProblems(where: string, week: readonly DayHours[]): string[] {
  const problems: string[] = [];
  for (const day of WEEKDAYS) {
    const entries = week.filter((d) => d.day === day);
    const name = weekdayName(day, 'en');
    if (entries.length === 0) problems.push(`${where}: ${name} is missing; add it (mark it closed if the KSP is closed that day).`);
    if (entries.length > 1) problems.push(`${where}: ${name} appears ${entries.length} times; keep one entry per weekday.`);
    for (const entry of entries) {
      if (entry.closed) continue;
      if (entry.intervals.length === 0) problems.push(`${where}: ${name} is marked open but has no opening times; add times or mark it closed.`);
      problems.push(...intervalProblems(`${where}, ${name}`, entry.intervals));
    }
  }
  return problems;
}

/**
 * Readable English problems with the hours (empty when fine), so the content layer can stop the
 * build with a message that says where and how to fix it.
 */
export function findHoursProblems(hours: OpeningHours): string[] {
  const problems: string[] = [];
  if (hours.timeZone !== 'Europe/Berlin') {
    problems.push(`timeZone is "${String(hours.timeZone)}"; the KSP's hours are always Europe/Berlin wall-clock times.`);
  }
  problems.push(...weekProblems('Regular week', hours.week));

  hours.periods.forEach((period, i) => {
    const where = `Period "${period.label.de}"`;
    const datesOk = [period.validFrom, period.validUntil].every((date) => {
      if (isValidDate(date)) return true;
      problems.push(`${where}: "${date}" is not a date like 2026-11-30 (YYYY-MM-DD).`);
      return false;
    });
    if (datesOk && period.validUntil < period.validFrom) {
      problems.push(`${where}: ends (${period.validUntil}) before it starts (${period.validFrom}); swap or correct the dates.`);
    }
    problems.push(...weekProblems(where, period.week));
    for (const other of hours.periods.slice(i + 1)) {
      if (datesOk && other.validFrom <= period.validUntil && other.validUntil >= period.validFrom) {
        problems.push(`${where} and period "${other.label.de}" overlap; a date can only follow one period's hours.`);
      }
    }
  });

  const seen = new Set<string>();
  for (const special of hours.specialDays) {
    const where = `Special day ${special.date}`;
    if (!isValidDate(special.date)) problems.push(`${where}: "${special.date}" is not a date like 2026-12-24 (YYYY-MM-DD).`);
    if (seen.has(special.date)) problems.push(`${where}: the date appears more than once; keep one entry per date.`);
    seen.add(special.date);
    if (special.kind === 'hours') {
      if (special.intervals.length === 0) problems.push(`${where}: kind "hours" needs at least one interval; add times or choose "closed".`);
      problems.push(...intervalProblems(where, special.intervals));
    }
  }
  return problems;
}
