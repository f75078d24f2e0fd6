import { defineArrayMember, defineField, defineType } from 'sanity';
import { CalendarIcon } from '@sanity/icons/Calendar';
import { WEEKDAYS, titleOf } from '../constants';
import { noOverlappingIntervals } from '../validation';

interface DayHoursValue {
  day?: string;
  closed?: boolean;
  intervals?: Array<{ opens?: string; closes?: string }>;
}

export const dayHours = defineType({
  name: 'dayHours',
  title: 'Öffnungszeiten eines Wochentags',
  type: 'object',
  icon: CalendarIcon,
  description: 'Ein Wochentag mit einem oder mehreren Zeiträumen – oder als geschlossen markiert.',
  fields: [
    defineField({
      name: 'day',
      title: 'Wochentag',
      type: 'string',
      description: 'Für welchen Wochentag diese Zeiten gelten.',
      options: { list: WEEKDAYS.map(({ value, title }) => ({ value, title })) },
      validation: (rule) => rule.required().error('Bitte wählen Sie den Wochentag aus.'),
    }),
    defineField({
      name: 'closed',
      title: 'Ganztägig geschlossen',
      type: 'boolean',
      description: 'Einschalten, wenn an diesem Wochentag regulär geschlossen ist (z. B. Sonntag).',
      initialValue: false,
    }),
    defineField({
      name: 'intervals',
      title: 'Zeiträume',
      type: 'array',
      description:
        'Ein Zeitraum pro Öffnungsblock. Bei Mittagspause zwei Zeiträume anlegen (z. B. 09:00–12:30 und 13:30–18:00).',
      of: [defineArrayMember({ type: 'timeInterval' })],
      hidden: ({ parent }) => Boolean((parent as DayHoursValue | undefined)?.closed),
      validation: (rule) => rule.custom<Array<{ opens?: string; closes?: string }>>(noOverlappingIntervals),
    }),
  ],
  validation: (rule) =>
    rule.custom((value: DayHoursValue | undefined) => {
      if (!value) return true;
      const count = value.intervals?.length ?? 0;
      const day = titleOf(WEEKDAYS, value.day) ?? 'Dieser Tag';
      if (value.closed && count > 0)
        return `${day} ist als geschlossen markiert, hat aber Zeiträume. Bitte entfernen Sie die Zeiträume oder schalten Sie „Ganztägig geschlossen“ aus.`;
      if (!value.closed && count === 0)
        return `${day} hat keine Zeiträume. Bitte tragen Sie mindestens einen Zeitraum ein oder schalten Sie „Ganztägig geschlossen“ ein.`;
      return true;
    }),
  preview: {
    select: { day: 'day', closed: 'closed', intervals: 'intervals' },
    prepare: ({ day, closed, intervals }) => {
      const list = (intervals ?? []) as Array<{ opens?: string; closes?: string }>;
      return {
        title: titleOf(WEEKDAYS, day) ?? 'Wochentag fehlt',
        subtitle: closed
          ? 'geschlossen'
          : list.map((i) => `${i.opens}–${i.closes}`).join(', ') || 'keine Zeiten eingetragen',
        media: CalendarIcon,
      };
    },
  },
});
