// The next moment the site changes by itself (core/publish/next-change.ts) over each source, and
// Berlin wall times across the daylight-saving switches (core/timed-content.ts).
import { describe, expect, it } from 'vitest';
import { alertEnd, berlinInstant, isAlertShown, isVisibleAt } from '../../core/timed-content.ts';
import { dueChanges, nextChange, parseNextChange, type TimedContent } from '../../core/publish/next-change.ts';
import { parseBuildTrigger, scheduledTrigger, mergeTriggers, publishTrigger } from '../../core/publish/build-trigger.ts';

const at = (iso: string) => new Date(iso);

describe('berlinInstant', () => {
  it('places winter and summer times with their offsets', () => {
    expect(berlinInstant('2026-12-31', '18:00').toISOString()).toBe('2026-12-31T17:00:00.000Z');
    expect(berlinInstant('2026-07-01', '18:00').toISOString()).toBe('2026-07-01T16:00:00.000Z');
    expect(berlinInstant('2027-01-01', '00:00').toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });

  it('March: a time in the gap (2027-03-28 02:30 does not exist) means the jump to summer time, 03:00 CEST', () => {
    expect(berlinInstant('2027-03-28', '02:30').toISOString()).toBe('2027-03-28T01:00:00.000Z');
    expect(berlinInstant('2027-03-28', '02:00').toISOString()).toBe('2027-03-28T01:00:00.000Z');
    // Either side of the gap is ordinary.
    expect(berlinInstant('2027-03-28', '01:59').toISOString()).toBe('2027-03-28T00:59:00.000Z');
    expect(berlinInstant('2027-03-28', '03:00').toISOString()).toBe('2027-03-28T01:00:00.000Z');
    expect(berlinInstant('2027-03-28', '03:30').toISOString()).toBe('2027-03-28T01:30:00.000Z');
  });

  it('October: a time that happens twice (2026-10-25 02:30) means the first one, in summer time', () => {
    expect(berlinInstant('2026-10-25', '02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(berlinInstant('2026-10-25', '01:59').toISOString()).toBe('2026-10-24T23:59:00.000Z');
    expect(berlinInstant('2026-10-25', '03:00').toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('refuses dates and times that are no such thing', () => {
    expect(() => berlinInstant('2026-02-30', '10:00')).toThrow(/2026-02-30/);
    expect(() => berlinInstant('2026-12-31', '24:00')).toThrow(/24:00/);
    expect(() => berlinInstant('2026-12-31', '9:00')).toThrow(/HH:mm/);
  });
});

describe('the alert banner ends at its minute', () => {
  const alert = { enabled: true, validUntil: '2026-12-31', validUntilTime: '18:00' };

  it('is shown up to the minute before "Anzeigen bis" and gone at it', () => {
    expect(isAlertShown(alert, at('2026-12-31T16:59:59.999Z'))).toBe(true);
    expect(isAlertShown(alert, at('2026-12-31T17:00:00.000Z'))).toBe(false);
  });

  it('a date alone keeps meaning the end of that day in Kassel', () => {
    const dateOnly = { enabled: true, validUntil: '2026-12-31' };
    expect(alertEnd(dateOnly)?.toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(isAlertShown(dateOnly, at('2026-12-31T22:59:00Z'))).toBe(true);
    expect(isAlertShown(dateOnly, at('2026-12-31T23:00:00Z'))).toBe(false);
  });

  it('appears at "Anzeigen ab"', () => {
    const later = { enabled: true, validFrom: '2026-12-20', validFromTime: '08:00' };
    expect(isAlertShown(later, at('2026-12-20T06:59:00Z'))).toBe(false);
    expect(isAlertShown(later, at('2026-12-20T07:00:00Z'))).toBe(true);
  });

  it('across the switches: ends at the jump in March, at the first 02:30 in October', () => {
    const march = { enabled: true, validUntil: '2027-03-28', validUntilTime: '02:30' };
    expect(isAlertShown(march, at('2027-03-28T00:59:00Z'))).toBe(true);
    expect(isAlertShown(march, at('2027-03-28T01:00:00Z'))).toBe(false);
    const october = { enabled: true, validUntil: '2026-10-25', validUntilTime: '02:30' };
    expect(isAlertShown(october, at('2026-10-25T00:29:00Z'))).toBe(true);
    expect(isAlertShown(october, at('2026-10-25T00:30:00Z'))).toBe(false);
    expect(nextChange({ alert: march }, at('2027-03-27T12:00:00Z'))?.at).toBe('2027-03-28T01:00:00.000Z');
    expect(nextChange({ alert: october }, at('2026-10-24T12:00:00Z'))?.at).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('"Sichtbar bis"', () => {
  it('hides a document at that instant', () => {
    const doc = { visibleUntil: '2026-12-31T17:00:00Z' };
    expect(isVisibleAt(doc, at('2026-12-31T16:59:59Z'))).toBe(true);
    expect(isVisibleAt(doc, at('2026-12-31T17:00:00Z'))).toBe(false);
    expect(isVisibleAt({ visibleUntil: null }, at('2099-01-01T00:00:00Z'))).toBe(true);
  });
});

describe('nextChange', () => {
  const now = at('2026-12-30T12:00:00Z');

  it('is null for content without times, and for times that have passed', () => {
    expect(nextChange({}, now)).toBeNull();
    expect(nextChange({ alert: { enabled: true } }, now)).toBeNull();
    expect(nextChange({ alert: { enabled: true, validUntil: '2026-12-01' } }, now)).toBeNull();
    expect(nextChange({ documents: [{ _id: 'pressItem-a', _type: 'pressItem', visibleUntil: '2026-12-01T10:00:00Z' }] }, now)).toBeNull();
  });

  it('an alert that ends; a switched-off alert changes nothing', () => {
    expect(nextChange({ alert: { enabled: true, validUntil: '2026-12-31', validUntilTime: '18:00' } }, now)).toEqual({ at: '2026-12-31T17:00:00.000Z', reasons: [{ kind: 'alert-ends' }] });
    expect(nextChange({ alert: { enabled: false, validUntil: '2026-12-31', validUntilTime: '18:00' } }, now)).toBeNull();
  });

  it('an alert that starts', () => {
    expect(nextChange({ alert: { enabled: true, validFrom: '2027-01-02' } }, now)).toEqual({ at: '2027-01-01T23:00:00.000Z', reasons: [{ kind: 'alert-starts' }] });
  });

  it('a document reaching "Sichtbar bis"', () => {
    const documents = [
      { _id: 'pressItem-b', _type: 'pressItem', title: 'B', visibleUntil: '2027-02-01T09:00:00Z' },
      { _id: 'pressItem-a', _type: 'pressItem', title: 'A', visibleUntil: '2027-01-05T09:00:00Z' },
      { _id: 'page-x', _type: 'page', title: 'X' },
    ];
    expect(nextChange({ documents }, now)).toEqual({ at: '2027-01-05T09:00:00.000Z', reasons: [{ kind: 'visible-until', document: { _id: 'pressItem-a', _type: 'pressItem', title: 'A' } }] });
  });

  it('an event that starts, then ends (moves to the past one millisecond after its end)', () => {
    const events = [{ _id: 'event-x', title: 'Themenwoche', start: '2026-12-30T15:00:00Z', end: '2026-12-30T17:00:00Z' }];
    expect(nextChange({ events }, now)).toEqual({ at: '2026-12-30T15:00:00.000Z', reasons: [{ kind: 'event-starts', document: { _id: 'event-x', _type: 'event', title: 'Themenwoche' } }] });
    expect(nextChange({ events }, at('2026-12-30T16:00:00Z'))?.at).toBe('2026-12-30T17:00:00.001Z');
    expect(nextChange({ events }, at('2026-12-30T16:00:00Z'))?.reasons[0]?.kind).toBe('event-ends');
  });

  it('a special opening day that passes at midnight in Kassel, and an hours period', () => {
    const hours = { specialDays: [{ date: '2026-12-31' }], periods: [{ validFrom: '2027-01-10', validUntil: '2027-01-20', label: 'Inventur' }] };
    expect(nextChange({ hours }, now)).toEqual({ at: '2026-12-31T23:00:00.000Z', reasons: [{ kind: 'special-day-passes', date: '2026-12-31' }] });
    expect(nextChange({ hours }, at('2027-01-01T00:00:00Z'))).toEqual({ at: '2027-01-09T23:00:00.000Z', reasons: [{ kind: 'hours-period-starts', date: '2027-01-10', label: 'Inventur' }] });
    expect(nextChange({ hours }, at('2027-01-15T00:00:00Z'))?.reasons).toEqual([{ kind: 'hours-period-ends', date: '2027-01-20', label: 'Inventur' }]);
  });

  it('a scheduled content release, when the build could read it', () => {
    const releases = [{ _id: '_.releases.rabc', title: 'Themenwoche', intendedPublishAt: '2026-12-31T09:00:00Z' }, { _id: '_.releases.rasap', intendedPublishAt: null }];
    expect(nextChange({ releases }, now)).toEqual({ at: '2026-12-31T09:00:00.000Z', reasons: [{ kind: 'release-due', release: { _id: '_.releases.rabc', title: 'Themenwoche' } }] });
  });

  it('names every reason due at the same instant, and picks the earliest instant of all sources', () => {
    const content: TimedContent = {
      alert: { enabled: true, validUntil: '2026-12-31', validUntilTime: '18:00' },
      documents: [{ _id: 'pressItem-w', _type: 'pressItem', title: 'Weihnachten', visibleUntil: '2026-12-31T17:00:00Z' }],
      events: [{ _id: 'event-y', start: '2027-01-02T10:00:00Z', end: '2027-01-02T12:00:00Z' }],
      hours: { specialDays: [{ date: '2026-12-31' }], periods: [] },
    };
    expect(nextChange(content, now)).toEqual({
      at: '2026-12-31T17:00:00.000Z',
      reasons: [{ kind: 'alert-ends' }, { kind: 'visible-until', document: { _id: 'pressItem-w', _type: 'pressItem', title: 'Weihnachten' } }],
    });
    expect(dueChanges(content, now, at('2027-01-01T00:00:00Z')).map((change) => change.reason.kind)).toEqual(['alert-ends', 'visible-until', 'special-day-passes']);
  });

  it('skips broken alert dates instead of throwing (the content contract reports them)', () => {
    expect(nextChange({ alert: { enabled: true, validUntil: '2026-13-45' } }, now)).toBeNull();
  });

  it('round-trips through JSON, and drops reasons it does not know', () => {
    const change = nextChange({ alert: { enabled: true, validUntil: '2026-12-31', validUntilTime: '18:00' } }, now)!;
    expect(parseNextChange(JSON.parse(JSON.stringify(change)))).toEqual(change);
    expect(parseNextChange({ at: change.at, reasons: [{ kind: 'alert-ends' }, { kind: 'moon-phase' }, { kind: 'visible-until' }] })).toEqual({ at: change.at, reasons: [{ kind: 'alert-ends' }] });
    expect(parseNextChange({ at: 'soon', reasons: [] })).toBeUndefined();
    expect(parseNextChange(null)).toBeUndefined();
  });
});

describe('the scheduled build trigger', () => {
  const unpublished = { _id: 'pressItem-w', _type: 'pressItem', title: 'Weihnachten', visibleUntil: '2026-12-31T17:00:00Z', result: 'unpublished' as const };
  const trigger = scheduledTrigger('2026-12-31T17:00:00.000Z', [{ kind: 'alert-ends' }], [unpublished, { ...unpublished, _id: 'page-p', _type: 'page', result: 'not-configured' }]);

  it('lists the unpublished documents as deleted, and round-trips through JSON', () => {
    expect(trigger.documents).toEqual([{ _id: 'pressItem-w', _type: 'pressItem', operation: 'delete' }]);
    expect(parseBuildTrigger(JSON.parse(JSON.stringify(trigger)))).toEqual(trigger);
    expect(parseBuildTrigger({ kind: 'scheduled', documents: [], reasons: [] })).toBeUndefined();
  });

  it('stays a scheduled trigger when publishes join its build', () => {
    const merged = mergeTriggers(trigger, publishTrigger([{ _id: 'service-x', _type: 'service', operation: 'update' }]));
    expect(merged.kind).toBe('scheduled');
    expect(merged.documents.map((doc) => doc._id)).toEqual(['pressItem-w', 'service-x']);
  });
});
