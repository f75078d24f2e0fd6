import { defineField, defineType } from 'sanity';
import { ClockIcon } from '@sanity/icons/Clock';
import { CLOSING_TIME_PATTERN, TIME_PATTERN, toMinutes } from '../validation';

export const timeInterval = defineType({
  name: 'timeInterval',
  title: 'Zeitraum',
  type: 'object',
  icon: ClockIcon,
  description: 'Von wann bis wann geöffnet ist, in Kasseler Ortszeit (Europe/Berlin).',
  fields: [
    defineField({
      name: 'opens',
      title: 'Öffnet um',
      type: 'string',
      description: 'Uhrzeit im Format HH:MM, z. B. 09:30.',
      placeholder: '09:30',
      validation: (rule) => [
        rule.required().error('Bitte geben Sie an, wann geöffnet wird (z. B. 09:30).'),
        rule
          .regex(TIME_PATTERN)
          .error('Bitte schreiben Sie die Öffnungszeit als HH:MM mit zwei Ziffern, z. B. „09:30“.'),
      ],
    }),
    defineField({
      name: 'closes',
      title: 'Schließt um',
      type: 'string',
      description: 'Uhrzeit im Format HH:MM, z. B. 20:00. Für Mitternacht „24:00“ verwenden.',
      placeholder: '20:00',
      validation: (rule) => [
        rule.required().error('Bitte geben Sie an, wann geschlossen wird (z. B. 20:00).'),
        rule
          .regex(CLOSING_TIME_PATTERN)
          .error('Bitte schreiben Sie die Schließzeit als HH:MM, z. B. „20:00“ (Mitternacht: „24:00“).'),
      ],
    }),
  ],
  validation: (rule) =>
    rule.custom((value: { opens?: string; closes?: string } | undefined) => {
      if (!value?.opens || !value.closes) return true;
      if (!TIME_PATTERN.test(value.opens) || !CLOSING_TIME_PATTERN.test(value.closes)) return true;
      return toMinutes(value.closes) > toMinutes(value.opens)
        ? true
        : `Die Schließzeit ${value.closes} liegt nicht nach der Öffnungszeit ${value.opens}. Bitte tauschen oder korrigieren Sie die Uhrzeiten.`;
    }),
  preview: {
    select: { opens: 'opens', closes: 'closes' },
    prepare: ({ opens, closes }) => ({
      title: `${opens ?? '--:--'}–${closes ?? '--:--'} Uhr`,
      media: ClockIcon,
    }),
  },
});
