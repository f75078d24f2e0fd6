import { describe, expect, it } from 'vitest';
import { getHessianHolidays } from '../../src/lib/holidays.ts';
import {
  findHoursProblems,
  formatStatus,
  getBerlinWallTime,
  getStatus,
  getUpcomingSpecialDays,
  liveStatusAttributes,
  resolveDay,
  resolveDays,
  toOpeningHoursSpecification,
  weeklyTable,
  type DayHours,
  type HolidayCalendar,
  type Interval,
  type OpeningHours,
  type StatusDay,
} from '../../core/opening-hours.ts';
import { renderLiveStatus, type LiveStatusTarget } from '../../src/browser/live-status.ts';

// ---------------------------------------------------------------------------------------------
// Fixture: KSP-like hours. Weekdays 10–19 with a lunch break on Wednesday, Saturday 10–16,
// Sunday closed; Advent hours; editors' special days including the shopping Sundays that fall on
// both daylight-saving switch days of 2026 and a late opening that runs past midnight.

const iv = (opens: string, closes: string): Interval => ({ opens, closes });

function week(overrides: Partial<Record<DayHours['day'], Interval[]>>, base: Interval[]): DayHours[] {
  return (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => {
    const intervals = overrides[day] ?? (day === 'sun' ? [] : base);
    return { day, closed: intervals.length === 0, intervals };
  });
}

const hours: OpeningHours = {
  timeZone: 'Europe/Berlin',
  week: week({ wed: [iv('14:00', '19:00'), iv('10:00', '13:00')], sat: [iv('10:00', '16:00')] }, [iv('10:00', '19:00')]),
  periods: [
    {
      label: { de: 'Adventsöffnungszeiten', en: 'Advent opening hours' },
      validFrom: '2026-11-30',
      validUntil: '2026-12-23',
      week: week({}, [iv('10:00', '20:00')]),
    },
  ],
  specialDays: [
    { date: '2026-03-29', kind: 'hours', intervals: [iv('10:00', '18:00')], note: { de: 'Verkaufsoffener Sonntag', en: 'Shopping Sunday' } },
    { date: '2026-10-25', kind: 'hours', intervals: [iv('10:00', '18:00')], note: { de: 'Verkaufsoffener Sonntag' } },
    { date: '2026-09-05', kind: 'hours', intervals: [iv('18:00', '24:00')], note: { de: 'Lange Nacht', en: 'Long night' } },
    { date: '2026-09-06', kind: 'hours', intervals: [iv('00:00', '02:00')], note: { de: 'Lange Nacht', en: 'Long night' } },
    { date: '2026-12-24', kind: 'closed', intervals: [], note: { de: 'Heiligabend geschlossen', en: 'Closed on Christmas Eve' } },
    { date: '2026-12-26', kind: 'hours', intervals: [iv('12:00', '16:00')], note: { de: 'Sonderöffnung zum Weihnachtsmarkt' } },
    { date: '2026-12-15', kind: 'hours', intervals: [iv('10:00', '14:00')], note: { de: 'Betriebsversammlung ab 14 Uhr' } },
  ],
};

const holidays = getHessianHolidays('2026-01-01', '2027-12-31');
const noHolidays: HolidayCalendar = new Map();

/** Days covering `now` the way a page built on `buildDate` would ship them. */
const daysFrom = (buildDate: string, count = 14) => resolveDays(hours, buildDate, count, holidays);
const status = (iso: string, buildDate = iso.slice(0, 10)) => getStatus(daysFrom(addDaysIso(buildDate, -1)), new Date(iso));
const text = (iso: string, locale: 'de' | 'en' = 'de') => {
  const s = status(iso);
  if (!s) throw new Error(`no status for ${iso}`);
  return formatStatus(s, locale, new Date(iso));
};

function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------

describe('resolveDay', () => {
  it('uses the regular week, intervals sorted', () => {
    expect(resolveDay(hours, '2026-11-25', holidays)).toEqual({
      date: '2026-11-25',
      weekday: 'wed',
      intervals: [iv('10:00', '13:00'), iv('14:00', '19:00')],
      source: 'regular',
    });
    expect(resolveDay(hours, '2026-11-22', holidays)).toMatchObject({ weekday: 'sun', intervals: [], source: 'regular' });
  });

  it('uses a period from its first to its last day inclusive (Advent hours)', () => {
    expect(resolveDay(hours, '2026-11-29', holidays).source).toBe('regular');
    expect(resolveDay(hours, '2026-11-30', holidays)).toMatchObject({
      source: 'period',
      intervals: [iv('10:00', '20:00')],
      periodLabel: { de: 'Adventsöffnungszeiten', en: 'Advent opening hours' },
    });
    expect(resolveDay(hours, '2026-12-23', holidays)).toMatchObject({ source: 'period', intervals: [iv('10:00', '20:00')] });
    expect(resolveDay(hours, '2026-12-06', holidays)).toMatchObject({ source: 'period', weekday: 'sun', intervals: [] });
  });

  it('closes on Hessian public holidays', () => {
    expect(resolveDay(hours, '2026-12-25', holidays)).toEqual({
      date: '2026-12-25',
      weekday: 'fri',
      intervals: [],
      source: 'holiday',
      holidayName: { de: '1. Weihnachtstag', en: 'Christmas Day' },
    });
    // Fronleichnam is a public holiday in Hesse (not everywhere in Germany).
    expect(resolveDay(hours, '2027-05-27', holidays)).toMatchObject({
      weekday: 'thu',
      intervals: [],
      source: 'holiday',
      holidayName: { de: 'Fronleichnam', en: 'Corpus Christi' },
    });
  });

  it('lets an editor special day override a holiday (open on 2. Weihnachtstag) and keeps the holiday name', () => {
    expect(resolveDay(hours, '2026-12-26', holidays)).toEqual({
      date: '2026-12-26',
      weekday: 'sat',
      intervals: [iv('12:00', '16:00')],
      source: 'special',
      note: { de: 'Sonderöffnung zum Weihnachtsmarkt' },
      holidayName: { de: '2. Weihnachtstag', en: 'Second Day of Christmas' },
    });
  });

  it('applies an editor closure on a normal working day', () => {
    expect(resolveDay(hours, '2026-12-24', holidays)).toMatchObject({ weekday: 'thu', intervals: [], source: 'special' });
    expect(resolveDay(hours, '2026-12-24', holidays).note?.de).toBe('Heiligabend geschlossen');
  });

  it('ranks special day > holiday > period > regular', () => {
    const holidayInAdvent: HolidayCalendar = new Map([
      ['2026-12-02', { de: 'Testfeiertag', en: 'Test holiday' }],
      ['2026-12-15', { de: 'Testfeiertag', en: 'Test holiday' }],
    ]);
    expect(resolveDay(hours, '2026-12-02', holidayInAdvent).source).toBe('holiday');
    expect(resolveDay(hours, '2026-12-15', holidayInAdvent)).toMatchObject({ source: 'special', intervals: [iv('10:00', '14:00')] });
    expect(resolveDay(hours, '2026-12-15', noHolidays).holidayName).toBeUndefined();
  });

  it('resolves consecutive days across a month boundary', () => {
    const days = resolveDays(hours, '2026-12-23', 5, holidays);
    expect(days.map((d) => `${d.date} ${d.source} ${d.intervals.length}`)).toEqual([
      '2026-12-23 period 1',
      '2026-12-24 special 0',
      '2026-12-25 holiday 0',
      '2026-12-26 special 1',
      '2026-12-27 regular 0',
    ]);
  });
});

describe('getBerlinWallTime', () => {
  it('turns instants into Berlin wall time on both DST switch days of 2026', () => {
    // Spring forward: 02:00–03:00 does not exist on 29 March.
    expect(getBerlinWallTime(new Date('2026-03-29T00:59:00Z')).time).toBe('01:59');
    expect(getBerlinWallTime(new Date('2026-03-29T01:00:00Z')).time).toBe('03:00');
    // Fall back: 02:00–03:00 happens twice on 25 October, first in CEST then in CET.
    expect(getBerlinWallTime(new Date('2026-10-25T00:30:00Z')).time).toBe('02:30');
    expect(getBerlinWallTime(new Date('2026-10-25T01:30:00Z')).time).toBe('02:30');
    expect(getBerlinWallTime(new Date('2026-10-25T02:30:00Z')).time).toBe('03:30');
  });

  it('follows the 2027 switch days too', () => {
    expect(getBerlinWallTime(new Date('2027-03-28T01:00:00Z'))).toMatchObject({ date: '2027-03-28', time: '03:00', weekday: 'sun' });
    expect(getBerlinWallTime(new Date('2027-10-31T01:30:00Z'))).toMatchObject({ date: '2027-10-31', time: '02:30', weekday: 'sun' });
  });

  it('gives the Berlin date when the UTC date differs, and midnight as 00:00', () => {
    expect(getBerlinWallTime(new Date('2026-11-23T23:30:00Z'))).toEqual({ date: '2026-11-24', time: '00:30', weekday: 'tue', minutes: 30 });
    expect(getBerlinWallTime(new Date('2026-11-23T23:00:00Z'))).toMatchObject({ date: '2026-11-24', time: '00:00', minutes: 0 });
  });
});

describe('getStatus and formatStatus', () => {
  it('is open on a regular day and says when it closes', () => {
    // Monday 23 Nov 2026, 11:00 CET.
    expect(status('2026-11-23T10:00:00Z')).toEqual({ open: true, closesAt: { date: '2026-11-23', time: '19:00' } });
    expect(text('2026-11-23T10:00:00Z')).toBe('Jetzt geöffnet · schließt um 19:00 Uhr');
    expect(text('2026-11-23T10:00:00Z', 'en')).toBe('Open now · closes at 19:00');
  });

  it('treats opening time as open and closing time as closed', () => {
    expect(status('2026-11-23T09:00:00Z')?.open).toBe(true); // 10:00 CET
    expect(status('2026-11-23T08:59:00Z')?.open).toBe(false); // 09:59 CET
    expect(status('2026-11-23T18:00:00Z')?.open).toBe(false); // 19:00 CET
  });

  it('before opening says "heute", after closing says "morgen"', () => {
    expect(text('2026-11-23T07:00:00Z')).toBe('Geschlossen · öffnet heute um 10:00 Uhr');
    expect(text('2026-11-23T07:00:00Z', 'en')).toBe('Closed · opens today at 10:00');
    expect(text('2026-11-23T19:30:00Z')).toBe('Geschlossen · öffnet morgen um 10:00 Uhr');
    expect(text('2026-11-23T19:30:00Z', 'en')).toBe('Closed · opens tomorrow at 10:00');
  });

  it('knows the lunch break on Wednesday', () => {
    // Wednesday 25 Nov 2026, 13:30 CET.
    expect(status('2026-11-25T12:30:00Z')).toEqual({ open: false, opensAt: { date: '2026-11-25', time: '14:00', weekday: 'wed' } });
    expect(text('2026-11-25T12:30:00Z')).toBe('Geschlossen · öffnet heute um 14:00 Uhr');
    expect(text('2026-11-25T11:30:00Z')).toBe('Jetzt geöffnet · schließt um 13:00 Uhr');
  });

  it('switches days at Berlin midnight, not UTC midnight', () => {
    // 23:59 Monday in Berlin, 22:59 UTC.
    expect(text('2026-11-23T22:59:00Z')).toBe('Geschlossen · öffnet morgen um 10:00 Uhr');
    // 00:00 and 00:30 Tuesday in Berlin, still Monday in UTC.
    expect(text('2026-11-23T23:00:00Z')).toBe('Geschlossen · öffnet heute um 10:00 Uhr');
    expect(status('2026-11-23T23:30:00Z')).toEqual({ open: false, opensAt: { date: '2026-11-24', time: '10:00', weekday: 'tue' } });
  });

  it('carries an interval ending at 24:00 into the next day', () => {
    // Saturday 5 Sep 2026, 23:30 CEST: open until 02:00 on Sunday.
    expect(status('2026-09-05T21:30:00Z')).toEqual({ open: true, closesAt: { date: '2026-09-06', time: '02:00' } });
    expect(text('2026-09-05T21:30:00Z')).toBe('Jetzt geöffnet · schließt morgen um 02:00 Uhr');
    expect(text('2026-09-05T21:30:00Z', 'en')).toBe('Open now · closes tomorrow at 02:00');
    // 00:30 CEST Sunday: still open.
    expect(text('2026-09-05T22:30:00Z')).toBe('Jetzt geöffnet · schließt um 02:00 Uhr');
  });

  it('at the weekend points to Monday', () => {
    // Saturday 21 Nov 2026, 17:00 CET.
    expect(status('2026-11-21T16:00:00Z')).toEqual({ open: false, opensAt: { date: '2026-11-23', time: '10:00', weekday: 'mon' } });
    expect(text('2026-11-21T16:00:00Z')).toBe('Geschlossen · öffnet Montag um 10:00 Uhr');
    expect(text('2026-11-21T16:00:00Z', 'en')).toBe('Closed · opens Monday at 10:00');
    // Sunday: Monday is tomorrow.
    expect(text('2026-11-22T11:00:00Z')).toBe('Geschlossen · öffnet morgen um 10:00 Uhr');
  });

  it('uses wall-clock time on the spring DST switch day (29 Mar 2026, CET → CEST)', () => {
    // 08:30 UTC is 10:30 CEST: open. With the winter offset it would wrongly be 09:30, closed.
    expect(text('2026-03-29T08:30:00Z')).toBe('Jetzt geöffnet · schließt um 18:00 Uhr');
    // 16:30 UTC is 18:30 CEST: closed. With the winter offset it would wrongly be 17:30, open.
    expect(text('2026-03-29T16:30:00Z')).toBe('Geschlossen · öffnet morgen um 10:00 Uhr');
    // 07:59 UTC is 09:59 CEST; 08:00 UTC is 10:00 CEST.
    expect(status('2026-03-29T07:59:00Z')?.open).toBe(false);
    expect(status('2026-03-29T08:00:00Z')?.open).toBe(true);
  });

  it('uses wall-clock time on the autumn DST switch day (25 Oct 2026, CEST → CET)', () => {
    // 08:30 UTC is 09:30 CET: closed. With the summer offset it would wrongly be 10:30, open.
    expect(text('2026-10-25T08:30:00Z')).toBe('Geschlossen · öffnet heute um 10:00 Uhr');
    expect(status('2026-10-25T09:00:00Z')?.open).toBe(true); // 10:00 CET
    expect(status('2026-10-25T16:59:00Z')?.open).toBe(true); // 17:59 CET
    expect(status('2026-10-25T17:00:00Z')?.open).toBe(false); // 18:00 CET
    // Both 02:30s of the repeated hour are before opening today.
    expect(text('2026-10-25T00:30:00Z')).toBe('Geschlossen · öffnet heute um 10:00 Uhr');
    expect(text('2026-10-25T01:30:00Z')).toBe('Geschlossen · öffnet heute um 10:00 Uhr');
  });

  it('skips holidays and editor closures when looking for the next opening', () => {
    // Wednesday 23 Dec 2026, 20:30 CET: 24th closed (editor), 25th holiday, 26th special opening.
    expect(status('2026-12-23T19:30:00Z')).toEqual({ open: false, opensAt: { date: '2026-12-26', time: '12:00', weekday: 'sat' } });
    expect(text('2026-12-23T19:30:00Z')).toBe('Geschlossen · öffnet Samstag um 12:00 Uhr');
    // On the holiday itself the special opening is tomorrow.
    expect(text('2026-12-25T10:00:00Z')).toBe('Geschlossen · öffnet morgen um 12:00 Uhr');
    // Open on 2. Weihnachtstag thanks to the editor.
    expect(text('2026-12-26T12:00:00Z', 'en')).toBe('Open now · closes at 16:00');
  });

  it('is closed on Fronleichnam 2027 in Hesse', () => {
    expect(text('2027-05-27T10:00:00Z')).toBe('Geschlossen · öffnet morgen um 10:00 Uhr');
  });

  it('uses period hours (Advent: open until 20:00)', () => {
    // Tuesday 1 Dec 2026, 19:30 CET: regular hours would be closed already.
    expect(text('2026-12-01T18:30:00Z')).toBe('Jetzt geöffnet · schließt um 20:00 Uhr');
  });

  it('names the date when the next opening is more than a week away', () => {
    const closedTen: StatusDay[] = [
      ...Array.from({ length: 10 }, (_, i) => ({ date: addDaysIso('2026-12-25', i), intervals: [] })),
      { date: '2027-01-04', intervals: [iv('10:00', '19:00')] },
    ];
    const now = new Date('2026-12-25T12:00:00Z');
    const result = getStatus(closedTen, now);
    expect(result).toEqual({ open: false, opensAt: { date: '2027-01-04', time: '10:00', weekday: 'mon' } });
    if (!result) throw new Error('unreachable');
    expect(formatStatus(result, 'de', now)).toBe('Geschlossen · öffnet am Montag, 4. Januar, um 10:00 Uhr');
    expect(formatStatus(result, 'en', now)).toBe('Closed · opens on Monday 4 January at 10:00');
  });

  it('says only "Geschlossen" when no opening is known, and gives up when the data do not cover today', () => {
    const now = new Date('2026-12-25T12:00:00Z');
    const closed = getStatus([{ date: '2026-12-25', intervals: [] }], now);
    expect(closed).toEqual({ open: false });
    if (!closed) throw new Error('unreachable');
    expect(formatStatus(closed, 'de', now)).toBe('Geschlossen');
    expect(formatStatus(closed, 'en', now)).toBe('Closed');
    // A page built long ago: its days end before today.
    expect(getStatus(daysFrom('2026-12-01'), now)).toBeUndefined();
    // A gap in the data must not produce a wrong next opening.
    expect(getStatus([{ date: '2026-12-25', intervals: [] }, { date: '2026-12-28', intervals: [iv('10:00', '19:00')] }], now)).toEqual({ open: false });
  });

  it('does not depend on the runtime time zone (a visitor in Los Angeles or Auckland)', () => {
    const previous = process.env.TZ;
    const results: string[][] = [];
    try {
      for (const tz of ['UTC', 'America/Los_Angeles', 'Pacific/Auckland']) {
        process.env.TZ = tz;
        // 23:30 UTC Monday is 00:30 Tuesday in Berlin (and Monday afternoon in LA, Tuesday noon in Auckland).
        results.push([text('2026-11-23T23:30:00Z'), text('2026-03-29T08:30:00Z'), text('2026-10-25T08:30:00Z')]);
      }
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
    const expected = ['Geschlossen · öffnet heute um 10:00 Uhr', 'Jetzt geöffnet · schließt um 18:00 Uhr', 'Geschlossen · öffnet heute um 10:00 Uhr'];
    expect(results).toEqual([expected, expected, expected]);
  });
});

describe('live status script', () => {
  const element = (days: StatusDay[], locale: 'de' | 'en'): LiveStatusTarget => {
    const attributes = liveStatusAttributes(days, locale);
    return { dataset: { liveStatus: '', days: attributes['data-days'], locale: attributes['data-locale'] }, textContent: 'Heute 10:00–19:00 Uhr' };
  };

  it('liveStatusAttributes ships only dates and intervals', () => {
    const attributes = liveStatusAttributes(resolveDays(hours, '2026-12-24', 3, holidays), 'en');
    expect(attributes['data-live-status']).toBe('');
    expect(attributes['data-locale']).toBe('en');
    expect(JSON.parse(attributes['data-days'])).toEqual([
      { date: '2026-12-24', intervals: [] },
      { date: '2026-12-25', intervals: [] },
      { date: '2026-12-26', intervals: [{ opens: '12:00', closes: '16:00' }] },
    ]);
  });

  it('writes the status and data-state, and keeps the fallback when it cannot know', () => {
    const target = element(daysFrom('2026-11-23'), 'de');
    renderLiveStatus(target, new Date('2026-11-23T10:00:00Z'));
    expect(target.textContent).toBe('Jetzt geöffnet · schließt um 19:00 Uhr');
    expect(target.dataset.state).toBe('open');
    renderLiveStatus(target, new Date('2026-11-23T19:00:00Z'));
    expect(target.textContent).toBe('Geschlossen · öffnet morgen um 10:00 Uhr');
    expect(target.dataset.state).toBe('closed');

    const stale = element(daysFrom('2026-01-01'), 'en');
    renderLiveStatus(stale, new Date('2026-11-23T10:00:00Z'));
    expect(stale.textContent).toBe('Heute 10:00–19:00 Uhr');
    expect(stale.dataset.state).toBeUndefined();

    const broken: LiveStatusTarget = { dataset: { days: '{not json', locale: 'de' }, textContent: 'fallback' };
    renderLiveStatus(broken, new Date('2026-11-23T10:00:00Z'));
    expect(broken.textContent).toBe('fallback');
  });
});

describe('weeklyTable', () => {
  it('gives seven rows Monday first for the regular week', () => {
    const table = weeklyTable(hours, '2026-11-23');
    expect(table.source).toBe('regular');
    expect(table.period).toBeUndefined();
    expect(table.rows.map((r) => r.day)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expect(table.rows[2]).toEqual({ day: 'wed', closed: false, intervals: [iv('10:00', '13:00'), iv('14:00', '19:00')] });
    expect(table.rows[6]).toEqual({ day: 'sun', closed: true, intervals: [] });
  });

  it('gives the period week when a period is valid on that date', () => {
    const table = weeklyTable(hours, '2026-12-10');
    expect(table.source).toBe('period');
    expect(table.period).toEqual({ label: { de: 'Adventsöffnungszeiten', en: 'Advent opening hours' }, validFrom: '2026-11-30', validUntil: '2026-12-23' });
    expect(table.rows[5]).toEqual({ day: 'sat', closed: false, intervals: [iv('10:00', '20:00')] });
  });
});

describe('getUpcomingSpecialDays', () => {
  it('lists holidays, editor days and periods in the next months, sorted', () => {
    const entries = getUpcomingSpecialDays(hours, new Date('2026-11-23T10:00:00Z'), 2, holidays);
    expect(entries.map((e) => (e.kind === 'period' ? `${e.date} period ${e.period.label.de}` : `${e.date} ${e.day.source}`))).toEqual([
      '2026-11-30 period Adventsöffnungszeiten',
      '2026-12-15 special',
      '2026-12-24 special',
      '2026-12-25 holiday',
      '2026-12-26 special',
      '2027-01-01 holiday',
    ]);
    const boxingDay = entries.find((e) => e.date === '2026-12-26');
    expect(boxingDay?.kind === 'day' && boxingDay.day.holidayName?.de).toBe('2. Weihnachtstag');
  });

  it('includes a running period and leaves out past days', () => {
    const entries = getUpcomingSpecialDays(hours, new Date('2026-12-20T10:00:00Z'), 1, holidays);
    expect(entries[0]).toMatchObject({ kind: 'period', date: '2026-11-30' });
    expect(entries.some((e) => e.date === '2026-12-15')).toBe(false);
  });
});

describe('toOpeningHoursSpecification', () => {
  const day = (name: string) => `https://schema.org/${name}`;

  it('describes the regular week grouped by interval', () => {
    const { openingHoursSpecification } = toOpeningHoursSpecification(hours, new Date('2026-11-23T10:00:00Z'), holidays);
    expect(openingHoursSpecification).toEqual([
      { '@type': 'OpeningHoursSpecification', dayOfWeek: ['Monday', 'Tuesday', 'Thursday', 'Friday'].map(day), opens: '10:00', closes: '19:00' },
      { '@type': 'OpeningHoursSpecification', dayOfWeek: [day('Wednesday')], opens: '10:00', closes: '13:00' },
      { '@type': 'OpeningHoursSpecification', dayOfWeek: [day('Wednesday')], opens: '14:00', closes: '19:00' },
      { '@type': 'OpeningHoursSpecification', dayOfWeek: [day('Saturday')], opens: '10:00', closes: '16:00' },
    ]);
  });

  it('describes periods, holidays and special days with validity; closed days as 00:00–00:00', () => {
    const { specialOpeningHoursSpecification: special } = toOpeningHoursSpecification(hours, new Date('2026-11-23T10:00:00Z'), holidays, 2);
    const type = 'OpeningHoursSpecification' as const;
    expect(special).toEqual([
      { '@type': type, dayOfWeek: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'].map(day), opens: '10:00', closes: '20:00', validFrom: '2026-11-30', validThrough: '2026-12-23' },
      { '@type': type, dayOfWeek: [day('Sunday')], opens: '00:00', closes: '00:00', validFrom: '2026-11-30', validThrough: '2026-12-23' },
      { '@type': type, opens: '10:00', closes: '14:00', validFrom: '2026-12-15', validThrough: '2026-12-15' },
      { '@type': type, opens: '00:00', closes: '00:00', validFrom: '2026-12-24', validThrough: '2026-12-24' },
      { '@type': type, opens: '00:00', closes: '00:00', validFrom: '2026-12-25', validThrough: '2026-12-25' },
      { '@type': type, opens: '12:00', closes: '16:00', validFrom: '2026-12-26', validThrough: '2026-12-26' },
      { '@type': type, opens: '00:00', closes: '00:00', validFrom: '2027-01-01', validThrough: '2027-01-01' },
    ]);
    // Round-trips through JSON for the <script type="application/ld+json"> block.
    expect(JSON.parse(JSON.stringify(special))).toEqual(special);
  });

  it('writes 24:00 as 23:59, which schema.org consumers accept', () => {
    const { specialOpeningHoursSpecification: special } = toOpeningHoursSpecification(hours, new Date('2026-09-01T10:00:00Z'), holidays, 1);
    expect(special).toContainEqual({ '@type': 'OpeningHoursSpecification', opens: '18:00', closes: '23:59', validFrom: '2026-09-05', validThrough: '2026-09-05' });
  });
});

describe('findHoursProblems', () => {
  it('accepts the fixture', () => {
    expect(findHoursProblems(hours)).toEqual([]);
  });

  it('reports malformed hours in plain English, with where and how to fix', () => {
    const broken: OpeningHours = {
      ...hours,
      week: week({ mon: [iv('19:00', '10:00')], tue: [iv('10:00', '14:00'), iv('13:00', '19:00')], wed: [iv('9:00', '25:00')] }, [iv('10:00', '19:00')]).filter(
        (d) => d.day !== 'fri',
      ),
      periods: [
        { label: { de: 'Sommer' }, validFrom: '2026-08-31', validUntil: '2026-06-01', week: hours.week },
        { label: { de: 'Advent' }, validFrom: '2026-11-30', validUntil: '2026-12-23', week: hours.week },
        { label: { de: 'Advent doppelt' }, validFrom: '2026-12-20', validUntil: '2026-12-31', week: hours.week },
      ],
      specialDays: [
        { date: '2026-02-30', kind: 'closed', intervals: [], note: { de: 'x' } },
        { date: '2026-12-24', kind: 'hours', intervals: [], note: { de: 'x' } },
        { date: '2026-12-24', kind: 'hours', intervals: [iv('10:00', '10:00')], note: { de: 'x' } },
      ],
    };
    expect(findHoursProblems(broken)).toEqual([
      'Regular week, Monday, interval 1 (19:00–10:00): closes at or before it opens; the closing time must be later the same day (use 24:00 for midnight).',
      'Regular week, Tuesday: intervals 10:00–14:00 and 13:00–19:00 overlap; merge them or fix the times.',
      'Regular week, Wednesday, interval 1 (9:00–25:00): opening time "9:00" is not a time like 09:30 (HH:mm, 00:00–23:59).',
      'Regular week, Wednesday, interval 1 (9:00–25:00): closing time "25:00" is not a time like 18:00 (HH:mm, 00:00–24:00).',
      'Regular week: Friday is missing; add it (mark it closed if the KSP is closed that day).',
      'Period "Sommer": ends (2026-06-01) before it starts (2026-08-31); swap or correct the dates.',
      'Period "Advent" and period "Advent doppelt" overlap; a date can only follow one period\'s hours.',
      'Special day 2026-02-30: "2026-02-30" is not a date like 2026-12-24 (YYYY-MM-DD).',
      'Special day 2026-12-24: kind "hours" needs at least one interval; add times or choose "closed".',
      'Special day 2026-12-24: the date appears more than once; keep one entry per date.',
      'Special day 2026-12-24, interval 1 (10:00–10:00): closes at or before it opens; the closing time must be later the same day (use 24:00 for midnight).',
    ]);
  });

  it('reports an open day without times and a duplicated weekday', () => {
    const problems = findHoursProblems({
      ...hours,
      week: [...hours.week.map((d) => (d.day === 'sat' ? { ...d, intervals: [] } : d)), { day: 'mon', closed: true, intervals: [] }],
    });
    expect(problems).toEqual([
      'Regular week: Monday appears 2 times; keep one entry per weekday.',
      'Regular week: Saturday is marked open but has no opening times; add times or mark it closed.',
    ]);
  });
});
