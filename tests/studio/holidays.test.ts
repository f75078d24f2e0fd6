import { describe, expect, test } from 'vitest';
import { getHessianHolidays } from '../../src/lib/holidays.ts';
import { easterSunday, hessianHolidays } from '../../studio/schemaTypes/holidays.ts';
import { validateWithStudioRules, type Doc } from './studio-validation.ts';

describe('Hessian holidays in the Studio', () => {
  test('match the site’s calendar (date-holidays) for 2021–2040', () => {
    for (let year = 2021; year <= 2040; year++) {
      const site = [...getHessianHolidays(`${year}-01-01`, `${year}-12-31`).keys()].sort();
      expect([...hessianHolidays(year).keys()].sort(), String(year)).toEqual(site);
    }
  });

  test('Easter Sunday for known years', () => {
    expect(easterSunday(2024).toISOString().slice(0, 10)).toBe('2024-03-31');
    expect(easterSunday(2026).toISOString().slice(0, 10)).toBe('2026-04-05');
    expect(easterSunday(2038).toISOString().slice(0, 10)).toBe('2038-04-25');
  });

  test('a special day on a holiday gets an info note, not an error', async () => {
    const hours = {
      _id: 'openingHours.feiertag',
      _type: 'openingHours',
      location: 'Test',
      timeZone: 'Europe/Berlin',
      holidayRegion: 'DE-HE',
      week: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({
        _type: 'dayHours',
        _key: day,
        day,
        closed: day === 'sun',
        intervals:
          day === 'sun' ? [] : [{ _type: 'timeInterval', _key: `${day}1`, opens: '10:00', closes: '19:00' }],
      })),
      specialDays: [
        {
          _type: 'specialDay',
          _key: 'einheit',
          date: '2026-10-03',
          kind: 'hours',
          intervals: [{ _type: 'timeInterval', _key: 'i1', opens: '11:00', closes: '16:00' }],
          note: { _type: 'localeString', de: 'Geöffnet zur Casseler Freyheit' },
        },
      ],
    } as Doc;
    const problems = await validateWithStudioRules([hours]);
    expect(problems.filter((p) => p.level === 'error')).toEqual([]);
    expect(problems).toContainEqual(
      expect.objectContaining({
        level: 'info',
        path: 'specialDays[_key=="einheit"].date',
        message: expect.stringContaining('Tag der Deutschen Einheit'),
      }),
    );
  });
});
