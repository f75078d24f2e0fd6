import { defineArrayMember, defineField, defineType } from 'sanity';
import { TimelineIcon } from '@sanity/icons/Timeline';
import { completeWeek, dateInSaneRange, germanDate } from '../validation';

export const hoursPeriod = defineType({
  name: 'hoursPeriod',
  title: 'Zeitraum mit anderen Öffnungszeiten',
  type: 'object',
  icon: TimelineIcon,
  description:
    'Eine Woche mit eigenen Zeiten für eine bestimmte Zeit (z. B. Adventszeit, Sommerferien). Sie ersetzt von „Gültig ab“ bis „Gültig bis“ die regulären Wochenzeiten.',
  fields: [
    defineField({
      name: 'label',
      title: 'Bezeichnung',
      type: 'localeString',
      description: 'Name des Zeitraums, wie ihn Besucher sehen, z. B. „Adventszeit“.',
      validation: (rule) => rule.required().error('Bitte benennen Sie den Zeitraum, z. B. „Adventszeit“.'),
    }),
    defineField({
      name: 'validFrom',
      title: 'Gültig ab',
      type: 'date',
      description: 'Erster Tag, an dem diese Zeiten gelten.',
      options: { dateFormat: 'DD.MM.YYYY' },
      validation: (rule) => [
        rule.required().error('Bitte wählen Sie den ersten gültigen Tag aus.'),
        rule.custom<string>(dateInSaneRange),
      ],
    }),
    defineField({
      name: 'validUntil',
      title: 'Gültig bis',
      type: 'date',
      description: 'Letzter Tag, an dem diese Zeiten gelten (einschließlich).',
      options: { dateFormat: 'DD.MM.YYYY' },
      validation: (rule) => [
        rule.required().error('Bitte wählen Sie den letzten gültigen Tag aus.'),
        rule.custom<string>(dateInSaneRange),
        rule.custom<string>((until, context) => {
          const from = (context.parent as { validFrom?: string } | undefined)?.validFrom;
          return !until || !from || until >= from
            ? true
            : `„Gültig bis“ (${until}) liegt vor „Gültig ab“ (${from}). Bitte tauschen oder korrigieren Sie die Daten.`;
        }),
      ],
    }),
    defineField({
      name: 'week',
      title: 'Wochenzeiten in diesem Zeitraum',
      type: 'array',
      description: 'Alle sieben Wochentage von Montag bis Sonntag; Ruhetage als „Ganztägig geschlossen“.',
      of: [defineArrayMember({ type: 'dayHours' })],
      validation: (rule) => [
        rule.required().length(7).error('Bitte tragen Sie genau sieben Wochentage ein (Montag bis Sonntag).'),
        rule.custom<Array<{ day?: string }>>(completeWeek),
      ],
    }),
  ],
  preview: {
    select: { label: 'label.de', from: 'validFrom', until: 'validUntil' },
    prepare: ({ label, from, until }) => {
      const german = (d?: string) => (d ? germanDate(d) : '?');
      return {
        title: label ?? 'Zeitraum ohne Namen',
        subtitle: `${german(from)} – ${german(until)}`,
        media: TimelineIcon,
      };
    },
  },
});
