import { defineArrayMember, defineField, defineType } from 'sanity';
import { CalendarIcon } from '@sanity/icons/Calendar';
import { slugField } from '../fields';

const berlinFormat = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  dateStyle: 'medium',
  timeStyle: 'short',
});

export const event = defineType({
  name: 'event',
  title: 'Veranstaltung',
  type: 'document',
  icon: CalendarIcon,
  description: 'Eine Veranstaltung im oder mit dem KSP, z. B. ein Vortrag während der Themenwochen.',
  fields: [
    defineField({
      name: 'title',
      title: 'Titel',
      type: 'localeString',
      description: 'Name der Veranstaltung, z. B. „Sicher mit Smartphone und Smartwatch“.',
      validation: (rule) => rule.required().error('Bitte geben Sie den Titel der Veranstaltung ein.'),
    }),
    slugField({ source: 'title.de' }),
    defineField({
      name: 'start',
      title: 'Beginn',
      type: 'datetime',
      description: 'Datum und Uhrzeit des Beginns (Kasseler Ortszeit).',
      options: { dateFormat: 'DD.MM.YYYY', timeFormat: 'HH:mm', timeStep: 15 },
      validation: (rule) => rule.required().error('Bitte wählen Sie Datum und Uhrzeit des Beginns aus.'),
    }),
    defineField({
      name: 'end',
      title: 'Ende',
      type: 'datetime',
      description: 'Datum und Uhrzeit des Endes. Bei mehrtägigen Aktionen der letzte Tag.',
      options: { dateFormat: 'DD.MM.YYYY', timeFormat: 'HH:mm', timeStep: 15 },
      validation: (rule) => [
        rule.required().error('Bitte wählen Sie Datum und Uhrzeit des Endes aus.'),
        rule.custom<string>((end, context) => {
          const start = (context.document as { start?: string } | undefined)?.start;
          if (!end || !start) return true;
          return Date.parse(end) > Date.parse(start)
            ? true
            : 'Das Ende liegt vor dem Beginn oder ist gleich. Bitte korrigieren Sie Datum oder Uhrzeit des Endes.';
        }),
      ],
    }),
    defineField({
      name: 'place',
      title: 'Ort',
      type: 'localeString',
      description: 'Wo die Veranstaltung stattfindet, z. B. „KSP, GALERIA Kassel, 1. Etage“.',
      validation: (rule) => rule.required().error('Bitte geben Sie den Ort der Veranstaltung an.'),
    }),
    defineField({
      name: 'partners',
      title: 'Beteiligte Partner',
      type: 'array',
      description: 'Wer die Veranstaltung anbietet oder mitgestaltet.',
      of: [defineArrayMember({ type: 'reference', to: [{ type: 'partner' }] })],
      validation: (rule) =>
        rule.unique().error('Ein Partner ist doppelt verknüpft. Bitte entfernen Sie das Duplikat.'),
    }),
    defineField({
      name: 'summary',
      title: 'Kurzbeschreibung',
      type: 'localeText',
      description: 'Ein bis zwei Sätze für die Veranstaltungsübersicht.',
      validation: (rule) => rule.required().error('Bitte schreiben Sie eine Kurzbeschreibung.'),
    }),
    defineField({
      name: 'description',
      title: 'Beschreibung',
      type: 'localeBlockContent',
      description: 'Ausführliche Beschreibung: Programm, Zielgruppe, Anmeldung.',
      validation: (rule) => rule.required().error('Bitte beschreiben Sie die Veranstaltung.'),
    }),
    defineField({
      name: 'series',
      title: 'Reihe / Thema',
      type: 'localeString',
      description:
        'Optional: zu welcher Reihe die Veranstaltung gehört, z. B. „Themenwoche Digitalisierung“.',
    }),
    defineField({
      name: 'image',
      title: 'Bild',
      type: 'imageWithAlt',
      description: 'Optionales Bild für die Veranstaltungsseite.',
    }),
  ],
  preview: {
    select: { title: 'title.de', start: 'start', place: 'place.de', media: 'image' },
    prepare: ({ title, start, place, media }) => ({
      title: title ?? 'Veranstaltung ohne Titel',
      subtitle: [start ? berlinFormat.format(new Date(start)) : 'ohne Datum', place]
        .filter(Boolean)
        .join(' · '),
      media: media ?? CalendarIcon,
    }),
  },
  orderings: [
    { title: 'Nach Datum (früheste zuerst)', name: 'startAsc', by: [{ field: 'start', direction: 'asc' }] },
    { title: 'Nach Datum (späteste zuerst)', name: 'startDesc', by: [{ field: 'start', direction: 'desc' }] },
  ],
});
