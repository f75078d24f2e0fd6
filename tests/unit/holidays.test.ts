import { describe, expect, it } from 'vitest';
import { getHessianHolidays } from '../../src/lib/holidays.ts';

describe('getHessianHolidays', () => {
  it('lists the public holidays of Hesse in 2026 with German and English names', () => {
    const holidays = getHessianHolidays('2026-01-01', '2026-12-31');
    expect([...holidays.keys()]).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-06-04',
      '2026-10-03',
      '2026-12-25',
      '2026-12-26',
    ]);
    expect(holidays.get('2026-12-25')).toEqual({ de: '1. Weihnachtstag', en: 'Christmas Day' });
    expect(holidays.get('2026-04-03')).toEqual({ de: 'Karfreitag', en: 'Good Friday' });
  });

  it('includes Fronleichnam (a holiday in Hesse) and leaves out days that are not public holidays', () => {
    const holidays = getHessianHolidays('2027-01-01', '2027-12-31');
    expect(holidays.get('2027-05-27')).toEqual({ de: 'Fronleichnam', en: 'Corpus Christi' });
    expect(holidays.get('2027-12-26')?.en).toBe('Second Day of Christmas');
    expect(holidays.get('2027-10-03')?.en).toBe('Day of German Unity');
    // Heiligabend and Silvester are "bank" days, Reformationstag is a holiday only in other states,
    // Buß- und Bettag only in Saxony: the KSP's hours on these are an editor's decision.
    for (const date of ['2027-12-24', '2027-12-31', '2027-10-31', '2027-11-17', '2027-03-28']) {
      expect(holidays.has(date), date).toBe(false);
    }
  });

  it('respects the range inclusively, also across years', () => {
    const holidays = getHessianHolidays('2026-12-25', '2027-01-01');
    expect([...holidays.keys()]).toEqual(['2026-12-25', '2026-12-26', '2027-01-01']);
    expect(getHessianHolidays('2026-12-27', '2026-12-31').size).toBe(0);
  });

  it('does not shift dates with the runtime time zone', () => {
    const previous = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati'; // UTC+14
      const east = [...getHessianHolidays('2026-01-01', '2026-12-31').keys()];
      process.env.TZ = 'Pacific/Pago_Pago'; // UTC-11
      const west = [...getHessianHolidays('2026-01-01', '2026-12-31').keys()];
      expect(east).toEqual(west);
      expect(east).toContain('2026-10-03');
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });

  it('rejects a malformed date with a clear message', () => {
    expect(() => getHessianHolidays('2026-1-1', '2026-12-31')).toThrow(/"2026-1-1" is not a date like 2026-12-25/);
  });
});
